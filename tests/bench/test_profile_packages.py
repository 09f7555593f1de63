"""Where a benchmark's profile says the time went: every function is put under a name."""

from __future__ import annotations

import pytest

from bench.cpu import package_of


@pytest.mark.parametrize(
    ("filename", "function", "package"),
    [
        ("<frozen abc>", "__instancecheck__", "abc"),
        ("<string>", "__init__", "generated code"),
        ("~", "<method 'send' of '_socket.socket' objects>", "_socket"),
        ("/usr/lib/python3.11/site-packages/asyncpg/pool.py", "release", "asyncpg"),
    ],
)
def test_every_profiled_function_belongs_somewhere(
    filename: str, function: str, package: str
) -> None:
    assert package_of(filename, function) == package
