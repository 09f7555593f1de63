"""Run the `intervention` command inside a test, as a person would run it in a shell."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import structlog
from typer.testing import CliRunner, Result

from cli.main import app


async def invoke(args: Sequence[str], env: dict[str, str]) -> Result:
    """The command in a thread, so that it runs its own event loop; afterwards the test
    process logs as before, not into the command's captured (and closed) stderr."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    config = structlog.get_config()
    try:
        return await asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        structlog.configure(**config)
