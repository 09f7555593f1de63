"""Text people hand in (a scenario, a plan, contacts), as a file or an upload: read as UTF-8,
and a file that is not said in one line that names it and how to save it."""

from __future__ import annotations

from pathlib import Path

# How a plan is saved from Excel so that it reads as it should.
PLAN_TEXT = "CSV UTF-8"


class NotTextError(Exception):
    """A file that could not be read as UTF-8 text; the message names it and what to do."""


def decoded(raw: bytes, what: str, save_as: str = "UTF-8") -> str:
    """`raw` as text; `what` names it in the refusal ("the import", a file's path). A byte
    order mark, as Excel writes before "CSV UTF-8", is not part of the text."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotTextError(
            f"{what} is not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start}); "
            f"save it as {save_as}"
        ) from None


def read_text(path: Path, what: str, save_as: str = "UTF-8") -> str:
    """The text of the file at `path`, `what` it is for the refusal ("scenario", "plan")."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NotTextError(f"cannot read {what} {path}: {error.strerror or error}") from None
    return decoded(raw, f"{what} {path}", save_as)
