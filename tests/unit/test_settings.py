"""Settings come from the environment; a bad value is reported with the variable's name."""

from __future__ import annotations

import pytest

from application.settings import SettingsError, load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "INTERVENTION_NOTIFIER", "INTERVENTION_TEMPORAL_ADDRESS"):
        monkeypatch.delenv(name, raising=False)

    settings = load_settings()

    assert settings.temporal_address == "localhost:7233"
    assert settings.notifier == "log"
    assert settings.database_url is None


def test_a_bad_notifier_names_the_variable_and_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENTION_NOTIFIER", "log,pager")

    with pytest.raises(SettingsError) as error:
        load_settings()

    message = str(error.value)
    assert "INTERVENTION_NOTIFIER='log,pager'" in message
    assert "unknown channel 'pager'; allowed: log, email, teams, webhook" in message


def test_a_bad_temporal_address_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENTION_TEMPORAL_ADDRESS", "not an address")

    with pytest.raises(SettingsError, match="INTERVENTION_TEMPORAL_ADDRESS='not an address'"):
        load_settings()


def test_database_url_is_read_from_the_usual_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@db.internal/interventions")

    assert load_settings().database_url == "postgresql://app@db.internal/interventions"
