"""Files a command writes (`--output`): refused before any work when they cannot be written,
and a write that fails said in one line."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from cli.context import console, fail


def checked_output(path: Path, suffix: str | None = None) -> Path:
    """`path`, if a file can be written there: its folder exists and it is not itself a
    folder; with `suffix`, its name says the format written (a workbook named .csv would be
    opened as text)."""
    if path.is_dir():
        raise fail(f"--output {path} is a folder; give a file name in it")
    if not path.parent.is_dir():
        raise fail(
            f"--output {path}: there is no folder {path.parent}; create it or choose another"
        )
    if suffix is not None and path.suffix.lower() != suffix:
        raise fail(f"--output {path}: what is written is a {suffix} file; name it …{suffix}")
    return path


def write_output(path: Path, content: bytes, what: str) -> None:
    try:
        path.write_bytes(content)
    except OSError as error:
        raise fail(f"cannot write {what} to {path}: {error.strerror or error}") from None
    console.print(f"Wrote {what} to {escape(str(path))}")
