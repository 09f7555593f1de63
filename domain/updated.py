"""A model with some fields changed: what `model_copy(update=...)` makes, made cheaply.

The fold makes one of these for nearly every event of every stream, on every append and every
rebuild. Pydantic's `model_copy` gets there through three generic `copy.copy` calls, a fifth of
the fold's time; this sets the same four attributes directly. As with `model_copy`, the changes
are not validated again: they are values of the same models and events, validated already.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__  # the models are frozen: their own __setattr__ refuses


def updated(model: M, changes: Mapping[str, Any]) -> M:
    """A copy of `model` with `changes`; `model` itself is left as it was."""
    kind = type(model)
    copy = kind.__new__(kind)
    _set(copy, "__dict__", {**model.__dict__, **changes})
    _set(copy, "__pydantic_fields_set__", model.__pydantic_fields_set__ | changes.keys())
    extra = model.__pydantic_extra__
    _set(copy, "__pydantic_extra__", None if extra is None else {**extra})
    private = getattr(model, "__pydantic_private__", None)
    _set(copy, "__pydantic_private__", None if private is None else {**private})
    return copy
