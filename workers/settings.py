"""Settings from environment variables; a bad value is reported with the variable's name."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "INTERVENTION_"


class SettingsError(Exception):
    pass


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    data_dir: Path = Field(
        default=Path.home() / ".intervention-engine",
        description="Where the embedded PostgreSQL and the dev server keep their data",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "INTERVENTION_DATABASE_URL"),
        description="PostgreSQL URL; when unset, embedded PostgreSQL under data_dir",
    )
    temporal_address: str = Field(default="localhost:7233", pattern=r"^[\w.\-]+:\d{1,5}$")
    temporal_namespace: str = "default"
    task_queue: str = "interventions"
    web_ui_port: int = Field(default=8233, ge=1, le=65535)
    notifier: Literal["log", "webhook"] = "log"
    webhook_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"


def env_name(field: str) -> str:
    settings_field = Settings.model_fields[field]
    alias = settings_field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"{ENV_PREFIX}{field.upper()}"


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "?"
            name = env_name(field) if field in Settings.model_fields else field
            problems.append(f"{name}={problem.get('input')!r}: {problem['msg']}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
