"""Which channels INTERVENTION_NOTIFIER names, and what e-mail needs to be set."""

from __future__ import annotations

import asyncpg
import pytest

from activities.email import EmailChannel
from activities.notifiers import Dispatcher, LogChannel, WebhookChannel
from activities.teams import TeamsChannel
from application.settings import Settings, SettingsError, load_settings
from application.worker import make_notifier


def test_channels_are_a_list_in_the_order_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVENTION_NOTIFIER", " log, email,teams ,log")

    assert load_settings().channels == ("log", "email", "teams")


async def test_the_notifier_has_one_channel_each(pool: asyncpg.Pool) -> None:
    settings = Settings(
        notifier="log,email,teams,webhook",
        smtp_host="mail.example.gov.uk",
        smtp_security="tls",
    )

    notifier = make_notifier(settings, pool)

    assert isinstance(notifier, Dispatcher)
    kinds = [type(channel) for channel in notifier.channels]
    assert kinds == [LogChannel, EmailChannel, TeamsChannel, WebhookChannel]
    email = notifier.channels[1]
    assert isinstance(email, EmailChannel)
    assert (email.server.host, email.server.port) == ("mail.example.gov.uk", 465)


async def test_email_without_a_mail_server_names_the_setting(pool: asyncpg.Pool) -> None:
    with pytest.raises(SettingsError, match="set INTERVENTION_SMTP_HOST to the mail server"):
        make_notifier(Settings(notifier="log,email"), pool)
