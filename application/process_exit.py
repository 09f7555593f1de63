"""Leaving a process that holds a Temporal client, without the crash at interpreter exit."""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn


def exit_now(code: int) -> NoReturn:
    """Run the exit handlers, flush, and leave without the interpreter's finalisation.

    The Temporal client's native threads can still hold Python objects when the interpreter
    finalises, which sometimes aborts the process (SIGABRT) after its work is done. The exit
    handlers still run: they stop an embedded PostgreSQL the process started."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
