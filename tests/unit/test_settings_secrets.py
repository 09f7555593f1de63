"""A setting that carries a secret is never echoed back, even when it is refused."""

from __future__ import annotations

import pytest

from application.settings import SettingsError, load_settings

SECRET = "T0K3N-4d9f2a"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("INTERVENTION_WEBHOOK_URL", f"ftp://hooks.example/services/{SECRET}"),
        ("INTERVENTION_OTLP_ENDPOINT", f"otlp://collector:{SECRET}@collector.example"),
    ],
)
def test_a_refused_url_setting_is_not_echoed(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)

    with pytest.raises(SettingsError) as refused:
        load_settings()

    assert variable in str(refused.value)
    assert SECRET not in str(refused.value)
