"""An event's canonical content is its envelope and data as JSON with sorted keys and no
spaces: the text its hash covers, which must never change, or no stored chain would verify."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from eventstore.hashing import canonical_text

# Quotes, backslashes, control characters, the line separators JSON leaves alone, astral
# characters: everything a string escape could get wrong.
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from('"\\\n\t\r\x00\x1f\x7f\u2028\u2029é€😀/'), st.characters()),
    max_size=30,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


def generic(content: dict[str, Any]) -> str:
    """The canonical form as defined: the standard encoder over the whole content."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


EVENTS = st.fixed_dictionaries(
    {
        "position": st.integers(min_value=1, max_value=2**63 - 1),
        "stream_id": TEXT,
        "version": st.integers(min_value=1, max_value=2**31 - 1),
        "event_id": st.uuids(),
        "type": TEXT,
        "effective_on": st.dates(),
        "recorded_at": st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=1))])),
        "actor_name": TEXT,
        "actor_role": TEXT,
        "data": st.dictionaries(TEXT, JSON, max_size=5),
    }
)


@given(EVENTS)
def test_the_canonical_text_is_the_sorted_json_of_the_whole_event(event: dict[str, Any]) -> None:
    made = canonical_text(**event)

    name, role = event.pop("actor_name"), event.pop("actor_role")
    assert made == generic(
        event
        | {
            "event_id": str(event["event_id"]),
            "effective_on": event["effective_on"].isoformat(),
            "recorded_at": event["recorded_at"].astimezone(UTC).isoformat(),
            "actor": {"name": name, "role": role},
        }
    )


def test_a_known_event_keeps_its_text() -> None:
    """Written out by hand: a change to the form fails here even if both sides moved."""
    made = canonical_text(
        position=7,
        stream_id="intervention-x-2024-01-02",
        version=2,
        event_id=UUID("00000000-0000-5000-8000-000000000001"),
        type="BoardMeetingHeld",
        effective_on=date(2024, 3, 5),
        recorded_at=datetime(2024, 3, 5, 10, 30, tzinfo=timezone(timedelta(hours=1))),
        actor_name='Ann "A" Smith',
        actor_role="manager",
        data={"note": "Café\nline", "chair": None, "b": [1, True]},
    )

    assert made == (
        '{"actor":{"name":"Ann \\"A\\" Smith","role":"manager"},'
        '"data":{"b":[1,true],"chair":null,"note":"Café\\nline"},'
        '"effective_on":"2024-03-05","event_id":"00000000-0000-5000-8000-000000000001",'
        '"position":7,"recorded_at":"2024-03-05T09:30:00+00:00",'
        '"stream_id":"intervention-x-2024-01-02","type":"BoardMeetingHeld","version":2}'
    )
