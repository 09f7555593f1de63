"""Calendar feeds, parsed back with the icalendar library: all-day deadlines, reminders at
07:00 London on both sides of the clocks changing, stable UIDs, and secret feed URLs that can be
revoked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest
from icalendar import Calendar
from typer.testing import Result

from application.feeds import (
    FeedError,
    Subscriber,
    calendar,
    feed_calendar,
    feed_people,
    intervention_feed,
    issue_feed_secret,
    person_for_secret,
    reminder_day,
    revoke_feed,
)
from domain.calendar import LONDON
from eventstore.deadline_queries import DeadlineRow
from eventstore.store import EventStore
from tests.command_line import invoke
from tests.store.scenario import escalated_on_time

DASHBOARD = "https://interventions.example"
NOW = datetime(2023, 10, 1, 9, tzinfo=UTC)


def row(
    key: str,
    due: date,
    status: str = "pending",
    kind: str = "statutory",
    regime_version: int | None = None,
) -> DeadlineRow:
    return DeadlineRow(
        intervention_id="intervention-example",
        authority="Example Borough Council",
        regime="ilacs",
        regime_version=regime_version,
        key=key,
        milestone=key,
        number=None,
        cycle=1,
        kind=kind,
        owner="council",
        title=key.replace("_", " ").capitalize(),
        due=due,
        status=status,
        met_on=None,
    )


def events(ical: bytes) -> dict[str, dict[str, object]]:
    parsed = Calendar.from_ical(ical)
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "alarms": [a for a in event.subcomponents if a.name == "VALARM"],
        }
        for event in parsed.walk("VEVENT")
    }


# Reminders either side of the clocks going back (29 October 2023) and forward (31 March 2024).
DUES = {
    "before_october": date(2023, 11, 10),  # reminder Fri 27 Oct, summer time
    "after_october": date(2023, 11, 14),  # reminder Tue 31 Oct, winter time
    "before_march": date(2024, 4, 11),  # reminder Wed 27 Mar, winter time
    "after_march": date(2024, 4, 17),  # reminder Wed 3 Apr, summer time
}


def test_deadlines_are_all_day_and_reminders_at_seven_in_london_across_the_clock_changes() -> None:
    ical = calendar([row(key, due) for key, due in DUES.items()], "Deadlines", DASHBOARD, NOW)
    parsed = Calendar.from_ical(ical)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/London"]
    found = events(ical)

    utc_hours = {}
    for key, due in DUES.items():
        deadline = found[f"intervention-example/{key}@intervention-engine"]
        assert (deadline["start"], deadline["end"]) == (due, due + timedelta(days=1))
        assert not isinstance(deadline["start"], datetime)  # VALUE=DATE
        reminder = found[f"intervention-example/{key}/reminder@intervention-engine"]
        start = reminder["start"]
        assert isinstance(start, datetime)
        assert start.astimezone(LONDON).time().isoformat() == "07:00:00"
        assert start.astimezone(LONDON).date() == reminder_day(row(key, due))
        assert reminder["alarms"], "the reminder pops up"
        utc_hours[key] = start.astimezone(UTC).hour

    assert utc_hours == {
        "before_october": 6,
        "after_october": 7,
        "before_march": 7,
        "after_march": 6,
    }


def test_a_moved_deadline_keeps_its_uid_and_takes_its_new_date() -> None:
    before = events(calendar([row("statement_of_action", date(2023, 6, 15))], "D", DASHBOARD, NOW))
    after = events(calendar([row("statement_of_action", date(2023, 6, 29))], "D", DASHBOARD, NOW))

    assert before.keys() == after.keys()
    uid = "intervention-example/statement_of_action@intervention-engine"
    assert (before[uid]["start"], after[uid]["start"]) == (date(2023, 6, 15), date(2023, 6, 29))


def test_met_and_withdrawn_deadlines_stay_without_reminders() -> None:
    rows = [
        row("monitoring_visit", date(2023, 6, 15), kind="expected"),
        row("statement_of_action", date(2023, 6, 15), status="met"),
        row("progress_review", date(2023, 6, 15), status="withdrawn"),
    ]
    parsed = Calendar.from_ical(calendar(rows, "D", DASHBOARD, NOW))
    summaries = {str(e["UID"]).split("/")[1]: e for e in parsed.walk("VEVENT")}

    assert set(summaries) == {
        "monitoring_visit@intervention-engine",
        "statement_of_action@intervention-engine",
        "progress_review@intervention-engine",
    }
    assert "(met)" in str(summaries["statement_of_action@intervention-engine"]["SUMMARY"])
    assert str(summaries["progress_review@intervention-engine"]["STATUS"]) == "CANCELLED"


def test_a_condition_in_place_of_the_dfe_reviews_has_no_reminder_from_version_19() -> None:
    # Rochdale's notice of April 2013 set the review "after one year" as a condition: from
    # version 19 it has the reviews' grace, and no reminder goes to the council about the DfE's
    # own meeting (see tests/unit/test_a_condition_in_place_of_a_review.py).
    due = date(2014, 4, 25)
    review = {v: row("progress_review", due, kind="condition", regime_version=v) for v in (18, 19)}
    plan = row("statement_of_action", due, kind="condition", regime_version=19)

    # Ten working days before Friday 25 April 2014, Good Friday and Easter Monday skipped.
    assert reminder_day(review[18]) == date(2014, 4, 9)
    assert reminder_day(review[19]) is None
    assert reminder_day(plan) == date(2014, 4, 9)
    found = events(calendar(list(review.values())[1:], "D", DASHBOARD, NOW))
    assert list(found) == ["intervention-example/progress_review@intervention-engine"]


async def test_the_feed_reads_the_store_and_a_revoked_secret_stops_working(
    pool: asyncpg.Pool,
) -> None:
    intervention = escalated_on_time()
    await intervention.append_batches(EventStore(pool))

    found = events(await feed_calendar(pool, intervention_feed(intervention.stream_id), DASHBOARD))
    deadline = found[f"{intervention.stream_id}/1:statement_of_action:0@intervention-engine"]
    assert deadline["start"] == date(2023, 6, 15)
    assert "(met on 12 June 2023)" in str(deadline["summary"])

    first = await issue_feed_secret(pool, "Dana Director")
    second = await issue_feed_secret(pool, "Dana Director")
    assert await person_for_secret(pool, first) is None  # a new secret replaces the old
    assert await person_for_secret(pool, second) == Subscriber("Dana Director", None)
    # A council's person's feed keeps the authorities their organisation covers.
    council = await issue_feed_secret(pool, "Carol Croydon", ("Croydon",))
    assert await person_for_secret(pool, council) == Subscriber("Carol Croydon", ("Croydon",))
    await revoke_feed(pool, "Carol Croydon")
    assert await feed_people(pool) == ["Dana Director"]

    await revoke_feed(pool, "Dana Director")
    assert await person_for_secret(pool, second) is None
    with pytest.raises(FeedError, match="'Dana Director' has no calendar feed"):
        await revoke_feed(pool, "Dana Director")


async def issue_command(database_url: str, *args: str) -> Result:
    return await invoke(["feed", "issue", *args], {"DATABASE_URL": database_url, "COLUMNS": "250"})


async def test_the_command_line_issues_a_feed_of_the_authorities_it_is_told(
    pool: asyncpg.Pool, database_url: str
) -> None:
    """As the API keeps a council's person's feed to their organisation's authorities, the
    command line asks which those are (or --dfe, every one), and will not guess."""
    council = await issue_command(
        database_url, "Carol Croydon", "--authority", "Croydon", "--authority", "Sutton"
    )
    dfe = await issue_command(database_url, "Dana Director", "--dfe")

    assert council.exit_code == 0, council.output
    assert "Calendar feed for Carol Croydon, of Croydon, Sutton" in council.output
    assert await person_for_secret(pool, feed_secret(council.stdout)) == Subscriber(
        "Carol Croydon", ("Croydon", "Sutton")
    )
    assert dfe.exit_code == 0, dfe.output
    assert await person_for_secret(pool, feed_secret(dfe.stdout)) == Subscriber(
        "Dana Director", None
    )

    again = await issue_command(database_url, "Carol Croydon", "--authority", "Croydon")
    assert "The feed Carol Croydon had stops working now." in again.output
    assert await person_for_secret(pool, feed_secret(council.stdout)) is None


async def test_the_command_line_refuses_a_feed_of_no_one_or_of_unsaid_authorities(
    pool: asyncpg.Pool, database_url: str
) -> None:
    cases = {
        ("Dana Director",): "--authority NAME for each authority the person's organisation "
        "covers, or --dfe for every authority",
        ("Dana Director", "--dfe", "--authority", "Croydon"): "or --dfe for every authority, "
        "not both",
        ("", "--dfe"): "PERSON '' is blank; give some text",
        ("   ", "--authority", "Croydon"): "PERSON '   ' is blank; give some text",
        ("Carol Croydon", "--authority", " "): "--authority ' ' is blank; give some text",
    }
    for arguments, reason in cases.items():
        result = await issue_command(database_url, *arguments)

        assert result.exit_code == 2, (arguments, result.output)
        assert reason in result.output, (arguments, result.output)
    assert await feed_people(pool) == []


def feed_secret(printed: str) -> str:
    """The secret in the feed URL the command prints on its last line."""
    url = printed.strip().splitlines()[-1]
    return url.split("/feeds/", 1)[1].split("/", 1)[0]
