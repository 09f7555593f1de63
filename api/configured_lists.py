"""Lists the service is configured with (its tokens, its identity providers), each given inline
in a variable, in a file the `…_FILE` variable names, or both, as YAML or JSON. A bad one is
refused naming the variable or the file and where in it, never quoting a value: it may be a
secret."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import SecretStr, TypeAdapter, ValidationError

from application.settings import Settings, env_name

T = TypeVar("T")


def read_list(
    adapter: TypeAdapter[list[T]], text: str, source: str, error: type[Exception], hint: str = ""
) -> list[T]:
    try:
        raw: Any = yaml.safe_load(text)
        return adapter.validate_python(raw or [])
    except yaml.YAMLError as problem:
        raise error(f"{source}: not YAML or JSON: {problem}") from None
    except ValidationError as invalid:
        problems = "; ".join(
            ".".join(str(part) for part in problem["loc"])
            + f": {problem['msg'].removeprefix('Value error, ')}"
            for problem in invalid.errors()
        )
        raise error(f"{source}: {problems}{hint}") from None


def configured_list(
    settings: Settings,
    field: str,
    adapter: TypeAdapter[list[T]],
    error: type[Exception],
    hint: str = "",
) -> list[T]:
    """The items of the setting `field` and of the file its `field`_file setting names."""
    items: list[T] = []
    inline: SecretStr | None = getattr(settings, field)
    if inline is not None:
        items += read_list(adapter, inline.get_secret_value(), env_name(field), error, hint)
    path: Path | None = getattr(settings, f"{field}_file")
    if path is not None:
        source = f"{env_name(f'{field}_file')}={path}"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as problem:
            raise error(f"{source}: {problem.strerror}") from None
        items += read_list(adapter, text, source, error, hint)
    return items
