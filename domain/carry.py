"""One model built from another: the fields they share by name are carried over, so a field
added to both is carried without another line to keep in step."""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def carried(source: BaseModel, target: type[M], /, **extra: Any) -> M:
    """A `target` with `source`'s values for the fields both have, and `extra` for the rest."""
    shared = _shared_fields(type(source), target)
    return target.model_validate({name: getattr(source, name) for name in shared} | extra)


@functools.cache
def _shared_fields(source: type[BaseModel], target: type[BaseModel]) -> frozenset[str]:
    # Worked out once for each pair: the fold carries an event into the state on most appends.
    return frozenset(source.model_fields.keys() & target.model_fields.keys())
