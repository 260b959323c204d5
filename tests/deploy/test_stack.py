"""The documented stack, started from the repository's own config files as
deploy/README.md installs them: nginx (TLS, static files) → Varnish (the VCL)
→ ``akhbar serve`` with the production settings on PostgreSQL.

Ports and paths are filled in by deploy/render.py, the renderer the guide's
commands use; the certificate is a self-signed one made here with openssl.
"""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from akhbar.testing.servers import (
    akhbar_served,
    free_port,
    nginx_server,
    postgres_server,
    render_deploy,
    varnish_server,
)

ROOT = Path(__file__).resolve().parents[2]
AKHBAR = [sys.executable, "-m", "akhbar.cli"]
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
pytestmark = pytest.mark.skipif(
    not (NGINX and VARNISHD and shutil.which("openssl")),
    reason="nginx, varnish and openssl are needed ('scripts/setup --test')",
)

CONTENT = """
from tests.news.factories import ensure_home, make_article, make_section
section = make_section(ensure_home(), "سياسة")
article = make_article(section, "البرلمان يقر الموازنة العامة")
print("URL " + article.url)
"""


@contextlib.contextmanager
def postgres_database():
    """A new, empty PostgreSQL database: on the PostgreSQL pass's server, else
    on a throwaway cluster."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        with postgres_server("akhbar_stack") as started:
            yield started
        return
    import psycopg

    name = "akhbar_stack_%s" % secrets.token_hex(4)
    address = urlsplit(url)
    admin = (
        address._replace(path="/postgres")
        .geturl()
        .replace("postgres://", "postgresql://", 1)
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute('CREATE DATABASE "%s"' % name)
    try:
        yield address._replace(path="/" + name).geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute('DROP DATABASE "%s" WITH (FORCE)' % name)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, and its key."""
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext",
         "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class Stack:
    def __init__(self, *, https_port, http_port, app, cert, static_root, article):
        self.https_port, self.http_port = https_port, http_port
        self.app, self.static_root, self.article = app, static_root, article
        self.tls = ssl.create_default_context(cafile=str(cert))

    def get(self, path, *, https=True, port=None, method="GET", body=None, headers=()):
        """(status, lower-cased headers, body bytes) of one request, verified TLS."""
        if https:
            connection = http.client.HTTPSConnection(
                "localhost", port or self.https_port, context=self.tls, timeout=30
            )
        else:
            connection = http.client.HTTPConnection(
                "localhost", port or self.http_port, timeout=30
            )
        try:
            connection.request(
                method, quote(path, safe="/?=&%:#+"), body=body, headers=dict(headers)
            )
            response = connection.getresponse()
            return (
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stack")
    data = tmp / "data"
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    with postgres_database() as database_url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "akhbar.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "AKHBAR_DATA_DIR": str(data),
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "AKHBAR_BASE_URL": "https://localhost:%d" % https_port,
            "AKHBAR_COMMENTS_IP_HEADER": "HTTP_X_REAL_IP",
        }
        subprocess.run([*AKHBAR, "migrate", "--noinput", "-v0"], env=env, check=True)
        created = subprocess.run(
            [*AKHBAR, "shell", "-c", CONTENT],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip
        article = created.stdout.split("URL ", 1)[1].split()[0]
        with varnish_server("127.0.0.1", app_port) as varnish:
            env["AKHBAR_CACHE_PURGE_URL"] = varnish
            served = akhbar_served(
                env, "--workers", "1", "--no-scheduler", port=app_port,
                wait_path="/healthz", timeout=900,
            )  # fmt: skip
            with served as app:
                # Where serve collected them: the tests' servers share one folder.
                static_root = Path(env.get("AKHBAR_STATIC_ROOT") or data / "static")
                cert, key = self_signed(tmp)
                config = render_deploy(
                    "nginx/akhbar.conf",
                    server_name="localhost",
                    http_listen="127.0.0.1:%d" % http_port,
                    https_listen="127.0.0.1:%d" % https_port,
                    tls_certificate=cert,
                    tls_certificate_key=key,
                    static_root=static_root,
                    varnish_address=urlsplit(varnish).netloc,
                )
                with nginx_server(config, [http_port, https_port], workers=1):
                    front = Stack(
                        https_port=https_port, http_port=http_port, app=app,
                        cert=cert, static_root=static_root, article=article,
                    )  # fmt: skip
                    # Varnish's probe needs a moment to call the app healthy.
                    deadline = time.monotonic() + 20
                    while front.get("/healthz")[0] != 200:
                        assert time.monotonic() < deadline, "the app stayed sick"
                        time.sleep(0.2)
                    yield front


def test_an_article_comes_over_https_through_varnish_then_from_its_cache(stack):
    status, headers, body = stack.get(stack.article)
    assert status == 200
    assert "البرلمان يقر الموازنة العامة" in body.decode()
    assert headers["x-cache"] == "MISS"
    # The production settings' headers, sent by the app through both proxies.
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert "script-src" in headers["content-security-policy"]
    assert "set-cookie" not in headers

    status, headers, again = stack.get(stack.article)
    assert (status, headers["x-cache"]) == (200, "HIT")
    assert again == body


def test_the_app_sees_https_and_redirects_what_did_not_come_through_the_front(stack):
    # Straight to the app, without nginx's X-Forwarded-Proto: sent to https.
    app = urlsplit(stack.app)
    connection = http.client.HTTPConnection(app.hostname, app.port, timeout=30)
    connection.request(
        "GET", quote(stack.article, safe="/%"), headers={"Host": "localhost"}
    )
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location").startswith("https://localhost")
    connection.close()
    # nginx on plain HTTP sends every request to https.
    status, headers, _ = stack.get("/anything?x=1", https=False)
    assert status == 301
    assert headers["location"] == "https://localhost/anything?x=1"


def test_static_files_come_from_nginx_with_a_long_cache(stack):
    manifest = json.loads((stack.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["akhbar/css/site.css"]
    status, headers, body = stack.get("/static/" + hashed)
    assert status == 200
    assert body == (stack.static_root / hashed).read_bytes()
    assert "immutable" in headers["cache-control"]
    assert "max-age=31536000" in headers["cache-control"]
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    # Not through Varnish (which marks every answer) nor the app.
    assert "x-cache" not in headers
    status, headers, _ = stack.get("/static/akhbar/css/site.css")
    assert (status, headers["cache-control"]) == (200, "public, max-age=3600")


def test_the_admin_is_never_cached_and_big_bodies_stop_at_nginx(stack):
    for _ in range(2):
        status, headers, _ = stack.get("/admin/login/")
        assert (status, headers["x-cache"]) == (200, "MISS")
    too_big = b"x" * (12 * 1024 * 1024)
    status, _, _ = stack.get("/admin/login/", method="POST", body=too_big)
    assert status == 413
