"""One real SMTP server per module: starting one costs a TLS certificate and a thread."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.receivers import MailServer


@pytest.fixture(scope="module")
def mail() -> Iterator[MailServer]:
    with MailServer() as server:
        yield server
