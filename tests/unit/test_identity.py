"""Event ids: stored ids must never change, so the fast form must be `uuid5` itself."""

from __future__ import annotations

from uuid import uuid5

import pytest

from domain.identity import EVENT_ID_NAMESPACE, event_id_for


@pytest.mark.parametrize(
    ("writer_id", "sequence"),
    [
        ("intervention-bradford-2018-10-29", 1),
        ("intervention-st-helens-2019-01-24", 137),
        ("plan import 4 · Ĉ ünïcode", 10_000),
    ],
)
def test_an_event_id_is_the_uuid5_of_its_writer_and_sequence(writer_id: str, sequence: int) -> None:
    expected = uuid5(EVENT_ID_NAMESPACE, f"{writer_id}/{sequence}")

    assert event_id_for(writer_id, sequence) == expected
    assert event_id_for(writer_id, sequence).version == 5
