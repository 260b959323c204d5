"""deploy/compose.yaml run for real: scripts/compose-check builds the images with
podman (Debian's packages standing in for Docker Hub's images, through
deploy/compose.check.yaml), starts the stack with podman-compose, reads /readyz
and a freshly published article over HTTPS through nginx and Varnish, and removes
it all. The override changes images, entrypoints and published ports only.
The stack's run takes minutes, so it is asked for: AKHBAR_TEST_COMPOSE=1."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCRIPT = ROOT / "scripts" / "compose-check"
PODMAN_COMPOSE = shutil.which("podman-compose") or shutil.which(
    "podman-compose", path=str(Path(sys.executable).parent)
)


class ComposeLoader(yaml.SafeLoader):
    """YAML with compose's ``!override`` and ``!reset`` tags (kept as plain values)."""


for tag in ("!override", "!reset"):
    ComposeLoader.add_constructor(
        tag, lambda loader, node: loader.construct_sequence(node)
    )


def load(name: str) -> dict:
    return yaml.load((DEPLOY / name).read_text(), Loader=ComposeLoader)  # noqa: S506 (a SafeLoader)


def test_the_check_override_replaces_only_images_entrypoints_and_ports():
    """What compose-check starts is compose.yaml as users run it, but for where
    the images come from and which host ports nginx takes."""
    services = load("compose.yaml")["services"]
    overridden = load("compose.check.yaml")["services"]
    assert overridden.keys() == services.keys()
    allowed = {"image", "entrypoint", "build", "command", "ports"}
    for name, service in overridden.items():
        assert service.keys() <= allowed, name
        if "build" in service:
            # The app's image: the same Dockerfile, only its base image changed.
            assert service["build"] == {
                "args": {"BASE": service["build"]["args"]["BASE"]}
            }
            assert "build" in services[name]
        if "command" in service:
            # nginx's image runs this command by default (compose.yaml sets none).
            assert name == "nginx" and "command" not in services[name]
        if "ports" in service:
            # Reset: the script publishes free loopback ports instead of 80 and 443.
            assert service["ports"] == []
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "ARG BASE=python:3.11-slim-bookworm\nFROM ${BASE}\n" in dockerfile


@pytest.mark.skipif(
    not (shutil.which("podman") and shutil.which("mmdebstrap") and PODMAN_COMPOSE),
    reason="podman, mmdebstrap ('scripts/setup --test') and podman-compose are needed",
)
@pytest.mark.skipif(os.geteuid() != 0, reason="compose-check runs podman as root")
@pytest.mark.skipif(
    not os.environ.get("AKHBAR_TEST_COMPOSE"),
    reason="minutes long (a cold build of the images): AKHBAR_TEST_COMPOSE=1 runs it",
)
def test_the_compose_stack_starts_and_serves_a_published_article():
    done = subprocess.run(
        [sys.executable, str(SCRIPT)],
        capture_output=True, text=True, timeout=2400,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for step in (
        "/readyz: 200 through nginx and Varnish",
        "migrate exited 0",
        "static files collected at build, current in the new volume",
        "published article through the front: 200",
        "Varnish dropped its copy",
        "torn down",
    ):
        assert step in done.stdout, output[-4000:]
