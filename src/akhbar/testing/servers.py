"""Throwaway PostgreSQL and Redis servers on free loopback ports, for tests and benches.

Each is a context manager that starts the server under a temporary directory, yields
its URL and stops it, so nothing is left running afterwards.
"""

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bindir() -> Path:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])
    )
    for path in reversed(candidates):
        if os.path.exists(os.path.join(path, "initdb")):
            return Path(path)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL's initdb was not found. Install it with "
        "'apt-get install postgresql' or set DATABASE_URL."
    )


def _run_as_owner(argv, owner, **kwargs):
    """Run ``argv`` as ``owner`` when root: PostgreSQL refuses to run as root."""
    if owner:
        argv = ["runuser", "-u", owner, "--", *argv]
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)


@contextlib.contextmanager
def postgres_server(database: str = "akhbar"):
    """Start a PostgreSQL cluster; yield ``postgres://`` URL of ``database``."""
    bindir = _postgres_bindir()
    owner = "postgres" if os.geteuid() == 0 else None
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-pg-"))
    data = tmp / "data"
    port = free_port()
    if owner:
        shutil.chown(tmp, owner)
    try:
        _run_as_owner(
            [
                str(bindir / "initdb"),
                "-D", str(data),
                "-U", "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
            ],
            owner,
        )  # fmt: skip
        options = (
            "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        ) % (port, tmp)
        _run_as_owner(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
             str(tmp / "server.log"), "-w", "-t", "60", "start"],
            owner,
        )  # fmt: skip
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:%d/postgres" % port, autocommit=True
        ) as conn:
            conn.execute('CREATE DATABASE "%s"' % database)
        yield "postgres://postgres@127.0.0.1:%d/%s" % (port, database)
    finally:
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                _run_as_owner(
                    [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                     "stop"],
                    owner,
                )  # fmt: skip
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def redis_server():
    """Start a Redis server with persistence off; yield its ``redis://`` URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "redis-server was not found: 'apt-get install redis-server'."
        )
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="akhbar-redis-")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", tmp],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def answers() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    try:
        _wait_until(
            answers, process, 10, "redis-server did not start on port %d" % port
        )
        yield "redis://127.0.0.1:%d/0" % port
    finally:
        _stop(process, tmp)


def _wait_until(ready, process, seconds: float, failure: str) -> None:
    """Poll ``ready()`` (an ``OSError`` counts as not yet) until it is true;
    raise ``failure`` if ``process`` exits or ``seconds`` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(failure)
        time.sleep(0.05)


def _stop(process, tmp) -> None:
    """Stop a server started here and remove its folder."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(tmp, ignore_errors=True)


VCL_TEMPLATE = Path(__file__).resolve().parents[3] / "deploy" / "varnish" / "akhbar.vcl"


def render_vcl(backend_host: str, backend_port: int, template: Path = VCL_TEMPLATE):
    """The repository's VCL with its backend pointed at ``host:port``."""
    text = template.read_text()
    return text.replace("{{ backend_host }}", backend_host).replace(
        "{{ backend_port }}", str(backend_port)
    )


@contextlib.contextmanager
def varnish_server(backend_host: str, backend_port: int, *, error_log=None):
    """Start varnishd in the foreground on a free port with the repository's VCL
    in front of ``backend_host:backend_port``; yield its ``http://`` URL.

    With ``error_log`` (a path), varnishlog writes there every request that
    was answered with a status of 400 or more, grouped with its backend fetch
    (the URL, the backend's answer or Varnish's reason: a timeout, a sick
    backend)."""
    binary = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
    )
    if binary is None:
        raise RuntimeError("varnishd was not found: 'apt-get install varnish'.")
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="akhbar-varnish-")
    # varnishd's unprivileged child reads the VCL from here.
    os.chmod(tmp, 0o755)  # noqa: S103
    vcl = Path(tmp) / "akhbar.vcl"
    vcl.write_text(render_vcl(backend_host, backend_port))
    vcl.chmod(0o644)
    log = (Path(tmp) / "varnishd.log").open("wb")
    process = subprocess.Popen(
        [binary, "-F", "-n", str(Path(tmp) / "work"), "-a", "127.0.0.1:%d" % port,
         "-f", str(vcl), "-s", "malloc,64m", "-T", "127.0.0.1:0",
         "-p", "ban_lurker_sleep=0.01"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip

    def listens() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True

    try:
        try:
            _wait_until(listens, process, 30, "varnishd did not start")
        except RuntimeError as error:
            output = (Path(tmp) / "varnishd.log").read_text(errors="replace")
            raise RuntimeError("%s:\n%s" % (error, output)) from None
        with _varnish_error_log(Path(tmp) / "work", error_log):
            yield "http://127.0.0.1:%d" % port
    finally:
        log.close()
        _stop(process, tmp)


@contextlib.contextmanager
def _varnish_error_log(work: Path, path):
    """varnishlog writing the failed requests of the varnishd of ``work`` to
    ``path`` while the block runs (nothing without ``path``)."""
    binary = shutil.which("varnishlog")
    if path is None or binary is None:
        yield
        return
    with open(path, "ab") as out:
        process = subprocess.Popen(
            [binary, "-n", str(work), "-g", "request", "-q", "RespStatus >= 400"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            # varnishlog reads the shared log from where it is when it
            # attaches: give it a moment so the first requests are seen.
            time.sleep(1)
            yield
        finally:
            time.sleep(1)
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def akhbar_served(
    env: dict,
    *args: str,
    port: int | None = None,
    wait_path="/",
    log_path=None,
    timeout=600,
):
    """``akhbar serve --port PORT *args`` with ``env``; yields its base URL once
    ``wait_path`` answers (any HTTP status) within ``timeout`` seconds (its
    collectstatic comes first: minutes on a busy machine), then stops the
    process group. With ``log_path`` its output goes to that file (else to a
    pipe read only when it fails to start)."""
    import signal
    import sys
    import urllib.error
    import urllib.request

    port = port or free_port()
    log = open(log_path, "ab") if log_path else None  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "akhbar.cli", "serve", "--port", str(port), *args],
        env=env,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                urllib.request.urlopen(base + wait_path, timeout=2)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    # Stopped first: reading a live server's output never ends.
                    if process.poll() is None:
                        os.killpg(process.pid, signal.SIGKILL)
                    output = (
                        process.stdout.read().decode()
                        if process.stdout
                        else Path(log_path).read_text(errors="replace")
                    )
                    raise RuntimeError(
                        "akhbar serve did not start:\n%s" % output[-3000:]
                    ) from None
                time.sleep(0.5)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        if log:
            log.close()


DEPLOY_DIR = VCL_TEMPLATE.parents[1]


def render_deploy(template: str | Path, **values) -> str:
    """A deploy/ template filled by deploy/render.py, the renderer the
    deployment guide's commands use (it is a script, not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "akhbar_deploy_render", DEPLOY_DIR / "render.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render(DEPLOY_DIR / template, **values)


NGINX_MAIN = """\
# What Debian's /etc/nginx/nginx.conf sets around its sites-enabled/*, with
# this server's own files in place of /var/.
%(user)s
worker_processes %(workers)s;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    keepalive_requests 100000;
    access_log off;
    client_body_temp_path %(tmp)s/client_body;
    proxy_temp_path %(tmp)s/proxy;
    fastcgi_temp_path %(tmp)s/fastcgi;
    uwsgi_temp_path %(tmp)s/uwsgi;
    scgi_temp_path %(tmp)s/scgi;
    include %(tmp)s/site.conf;
}
"""


@contextlib.contextmanager
def nginx_server(site_config: str, ports: list[int], *, workers: int | str = "auto"):
    """Start Debian's nginx in the foreground with ``site_config`` (a rendered
    server block, as installed in sites-available/) inside a main config like
    Debian's; yield once every port of ``ports`` accepts connections."""
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if binary is None:
        raise RuntimeError("nginx was not found: 'apt-get install nginx'.")
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-nginx-"))
    (tmp / "site.conf").write_text(site_config)
    # As root, nginx's workers would run as nobody, who cannot read a test's
    # temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(NGINX_MAIN % {"user": user, "workers": workers, "tmp": tmp})
    log = (tmp / "nginx.log").open("wb")
    process = subprocess.Popen(
        [binary, "-p", str(tmp), "-c", str(main), "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def listening() -> bool:
        for port in ports:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                pass
        return True

    try:
        try:
            _wait_until(listening, process, 30, "nginx did not start")
        except RuntimeError as error:
            output = "".join(
                path.read_text(errors="replace")
                for path in (tmp / "nginx.log", tmp / "error.log")
                if path.exists()
            )
            raise RuntimeError("%s:\n%s" % (error, output)) from None
        yield tmp
    finally:
        log.close()
        _stop(process, tmp)


def public_images_policy(bucket: str) -> dict:
    """The bucket policy that lets anyone read images (originals and renditions)
    and nothing else: documents stay behind the site's /documents/ view."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [
                    "arn:aws:s3:::%s/original_images/*" % bucket,
                    "arn:aws:s3:::%s/images/*" % bucket,
                ],
            }
        ],
    }


class S3Server:
    """A running S3 API server: its endpoint, one bucket and credentials it takes."""

    region = "us-east-1"
    access_key = "akhbar-test"
    secret_key = "akhbar-test-secret"  # noqa: S105 - moto accepts any key.

    def __init__(self, endpoint: str, bucket: str):
        self.endpoint = endpoint
        self.bucket = bucket

    def client(self):
        """A boto3 client of this server."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def keys(self, prefix: str = "") -> list[str]:
        """The names of the bucket's objects under ``prefix``."""
        pages = self.client().get_paginator("list_objects_v2")
        return [
            item["Key"]
            for page in pages.paginate(Bucket=self.bucket, Prefix=prefix)
            for item in page.get("Contents", [])
        ]

    def environ(self) -> dict:
        """The environment that points the settings' media storage at the bucket."""
        return {
            "AKHBAR_MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }


@contextlib.contextmanager
def s3_server(bucket: str = "akhbar-media"):
    """Start moto's S3 API server (``moto_server``, in memory) on a free port and
    create ``bucket`` in it; yield an ``S3Server``."""
    import sys
    import urllib.request

    port = free_port()
    tmp = tempfile.mkdtemp(prefix="akhbar-s3-")
    log = (Path(tmp) / "moto.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp,
    )
    endpoint = "http://127.0.0.1:%d" % port

    def answers() -> bool:
        with urllib.request.urlopen(endpoint + "/moto-api/", timeout=1):  # noqa: S310
            return True

    try:
        _wait_until(answers, process, 30, "moto_server did not start")
        server = S3Server(endpoint, bucket)
        server.client().create_bucket(Bucket=bucket)
        server.client().put_bucket_policy(
            Bucket=bucket, Policy=json.dumps(public_images_policy(bucket))
        )
        yield server
    finally:
        log.close()
        _stop(process, tmp)
