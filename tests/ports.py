"""Ports for the servers the tests start.

A port is chosen below the range the kernel hands out when a program asks for any port
(`ip_local_port_range`, 32768 to 60999 on Linux): a port the kernel chose would be free when
probed and could still be given, before the server binds it, to the dev server, PostgreSQL or
an outgoing connection asking for any port, as happened to a dashboard's port once in the suite.
"""

from __future__ import annotations

import random
import socket

_LOWEST, _HIGHEST = 20000, 32000


def free_port() -> int:
    """A port nothing listens on now, from outside the kernel's own range."""
    while True:
        port = random.randint(_LOWEST, _HIGHEST)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
