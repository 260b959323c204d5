"""deploy/'s files hold together: the production settings pass Django's deploy
checks, the environment file lists every setting of the README's table, the
systemd units and the compose file name real commands and options, and every
template renders with the values the guide and the compose file give it."""

import configparser
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands, load_command_class

from akhbar.testing.servers import render_deploy, render_vcl

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
AKHBAR = [sys.executable, "-m", "akhbar.cli"]


def readme_settings() -> set[str]:
    """The variable names of the README's configuration table."""
    text = (ROOT / "README.md").read_text()
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def env_example() -> dict[str, str]:
    """Every NAME=value of the example environment file, commented out or not."""
    text = (DEPLOY / "akhbar.env.example").read_text()
    return dict(re.findall(r"^#?([A-Z][A-Z0-9_]+)=(.*)$", text, re.M))


def production_env(tmp_path, **extra) -> dict:
    # The browser tests allow Django's sync calls from Playwright's event loop in
    # this process; a production process has no such switch.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "news.example",
        "AKHBAR_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://akhbar@127.0.0.1:1/akhbar",
        **extra,
    }


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    done = subprocess.run(
        [*AKHBAR, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr + done.stdout
    # The check does find what a careless operator turns off.
    done = subprocess.run(
        [*AKHBAR, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0"),
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode != 0
    assert "security.W008" in done.stderr


def test_the_environment_file_lists_every_setting_of_the_readme():
    listed = env_example()
    assert readme_settings() - listed.keys() == set()
    # Nothing there that the README does not explain (the settings module aside).
    assert listed.keys() - readme_settings() == {"DJANGO_SETTINGS_MODULE"}
    assert listed["DJANGO_SETTINGS_MODULE"] == "akhbar.settings.production"


def test_the_environment_file_configures_a_site_that_checks_clean(tmp_path):
    """The example's uncommented lines (a real secret key aside) are enough."""
    text = (DEPLOY / "akhbar.env.example").read_text()
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", text, re.M))
    values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    values["AKHBAR_DATA_DIR"] = str(tmp_path)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AKHBAR_", "DATABASE_URL", "REDIS_URL"))
    }
    done = subprocess.run(
        [*AKHBAR, "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, **values}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def command_accepts(argv: list[str]) -> None:
    """Fail unless ``argv`` (``akhbar NAME ...``) is an akhbar command with
    options its parser accepts."""
    assert Path(argv[0]).name == "akhbar", argv
    name = argv[1]
    commands = get_commands()
    assert name in commands, "%s is not an akhbar command" % name
    command = load_command_class(commands[name], name)
    command.create_parser("akhbar", name).parse_args(argv[2:])


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize(
    ("name", "command"),
    [("akhbar.service", "serve"), ("akhbar-worker.service", "worker")],
)
def test_the_systemd_units_run_real_commands_hardened(name, command, tmp_path):
    service = unit(name)["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[1] == command
    command_accepts(argv)
    if command == "serve":
        # The scheduler runs in akhbar-worker.service, not beside every server.
        assert "--no-scheduler" in argv
    assert service["EnvironmentFile"] == "/etc/akhbar/akhbar.env"
    assert service["User"] == "akhbar"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["StateDirectory"] == "akhbar"
    assert env_example()["AKHBAR_DATA_DIR"] == "/var/lib/akhbar"
    if shutil.which("systemd-analyze"):
        # systemd's own parser, on a copy whose program and file exist here.
        copy = tmp_path / name
        environment = tmp_path / "akhbar.env"
        environment.write_text("")
        copy.write_text(
            (DEPLOY / "systemd" / name)
            .read_text()
            .replace("/opt/akhbar/venv/bin/akhbar", sys.executable)
            .replace("/etc/akhbar/akhbar.env", str(environment))
        )
        done = subprocess.run(
            ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True
        )
        complaints = [
            line
            for line in (done.stdout + done.stderr).splitlines()
            if str(copy) in line or "Unknown" in line or "Failed" in line
        ]
        assert complaints == []


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_the_compose_file_starts_the_documented_stack():
    services = compose()["services"]
    assert {"postgres", "redis", "app", "worker", "varnish", "nginx"} <= set(services)
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, (name, needed)
        if service.get("image") == "akhbar:latest":
            assert (DEPLOY / service["build"]["dockerfile"].split("/")[-1]).exists()
            for setting in service.get("environment", {}):
                assert setting in readme_settings() | {"DJANGO_SETTINGS_MODULE"}
            assert service["env_file"] == ["akhbar.env"]
            if service["command"][0] == "akhbar":
                command_accepts(service["command"])
    assert services["app"]["command"][1] == "serve"
    assert "--no-scheduler" in services["app"]["command"]
    assert services["worker"]["command"] == ["akhbar", "worker"]
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    command_accepts(
        yaml.safe_load(dockerfile.rsplit("CMD ", 1)[1])  # a JSON list
    )


def dockerfile_instructions() -> list[tuple[str, str]]:
    """The Dockerfile's (INSTRUCTION, arguments) pairs, continued lines joined."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and line[0] != "#"]


def test_the_image_holds_the_static_files_its_first_start_needs(tmp_path):
    """The Dockerfile collects static files where the data volume is mounted, with
    the stamp ``akhbar serve`` checks: run as written, its command leaves nothing
    for serve to do, so a new stack's app answers its healthcheck at once."""
    steps = dockerfile_instructions()
    env = {}
    for instruction, args in steps:
        if instruction == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(args))
    data = env["AKHBAR_DATA_DIR"]
    assert f"data:{data}" in compose()["x-akhbar"]["volumes"]
    runs = [args for instruction, args in steps if instruction == "RUN"]
    [collect] = [shlex.split(run) for run in runs if "collect_static" in run]
    assigned = dict(word.split("=", 1) for word in collect if "=" in word)
    argv = [word for word in collect if "=" not in word]
    command_accepts(argv)
    # Before it: the code installed, as the user the app runs as.
    order = [instruction + " " + args for instruction, args in steps]
    at = next(i for i, step in enumerate(order) if "collect_static" in step)
    assert any(step.startswith("RUN pip install") for step in order[:at])
    assert [s for s in order[:at] if s.startswith("USER")][-1] == "USER akhbar"

    # Run with only what the image has: no database, no secrets of the operator's.
    # The static folder is the one the tests' servers share (collected once).
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AKHBAR_", "DATABASE_URL", "REDIS_URL"))
    }
    run_env = {
        **base, **env, **assigned,
        "AKHBAR_DATA_DIR": str(tmp_path),
        "AKHBAR_STATIC_ROOT": os.environ["AKHBAR_STATIC_ROOT"],
    }  # fmt: skip
    for _ in range(2):
        done = subprocess.run(
            [*AKHBAR, *argv[1:]], env=run_env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Static files were collected already."
    # serve, with the operator's settings, takes the same stamp as its own.
    served_env = production_env(
        tmp_path, AKHBAR_STATIC_ROOT=os.environ["AKHBAR_STATIC_ROOT"]
    )
    done = subprocess.run(
        [*AKHBAR, "collect_static"], env=served_env, capture_output=True, text=True
    )
    assert done.stdout.strip() == "Static files were collected already.", done


def test_the_app_healthcheck_waits_out_a_start_that_collects():
    """Healthcheck failures while an upgraded image collects again (minutes) do
    not count; the first success ends the wait, so a long period costs nothing."""
    check = compose()["services"]["app"]["healthcheck"]
    period = check["start_period"]
    seconds = int(period[:-1]) * {"s": 1, "m": 60}[period[-1]]
    assert seconds >= 300


def test_the_compose_configs_render_from_the_repository_templates(tmp_path):
    """The configs service's commands run as written (compose's variables given
    their defaults), and give what the varnish and nginx services load."""
    services = compose()["services"]
    script = services["configs"]["command"][2]
    script = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", script)
    outputs = {}
    for step in script.split("&&"):
        argv = shlex.split(step)
        assert argv[:2] == ["python", "deploy/render.py"]
        out = argv[argv.index("--out") + 1]
        argv[argv.index("--out") + 1] = str(tmp_path / Path(out).name)
        subprocess.run([sys.executable, *argv[1:]], cwd=ROOT, check=True)
        outputs[out] = (tmp_path / Path(out).name).read_text()
    vcl = outputs["/configs/akhbar.vcl"]
    assert vcl == render_vcl("app", 8000)
    assert '.host = "app";' in vcl
    varnish = services["varnish"]["command"]
    assert varnish[varnish.index("-f") + 1] == "/configs/akhbar.vcl"
    nginx = outputs["/configs/akhbar.conf"]
    assert "server varnish:80;" in nginx
    assert "{{" not in nginx + vcl
    # nginx's image includes conf.d/*.conf, where the configs volume is mounted.
    assert "configs:/etc/nginx/conf.d:ro" in services["nginx"]["volumes"]
    environment = services["app"]["environment"]
    assert environment["AKHBAR_CACHE_PURGE_URL"] == "http://varnish:80"


def test_the_renderer_refuses_a_missing_or_unknown_value():
    with pytest.raises(ValueError, match="backend_port"):
        render_deploy("varnish/akhbar.vcl", backend_host="127.0.0.1")
    with pytest.raises(ValueError, match="bakend_port"):
        render_deploy(
            "varnish/akhbar.vcl",
            backend_host="127.0.0.1",
            backend_port=8000,
            bakend_port=8000,
        )
    assert render_deploy(
        "varnish/akhbar.vcl", backend_host="127.0.0.1", backend_port=8000
    ) == render_vcl("127.0.0.1", 8000)


def test_client_max_body_size_admits_the_largest_upload():
    from django.conf import settings

    config = (DEPLOY / "nginx" / "akhbar.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", config).group(1))
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert limit < megabytes * 1024 * 1024 <= limit + 2 * 1024 * 1024
