"""Calendar feeds (RFC 5545): each deadline as an all-day event, and its reminder as an event at
the hour the engine sends it, for Outlook, Google Calendar and any other calendar to subscribe to.

UIDs derive from the intervention and the deadline's key, so a deadline whose date moves keeps
its event and the calendar moves it. A person subscribes through a secret URL: only its digest
is kept, issuing a new one replaces the old, and revoking it stops the feed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import asyncpg
from icalendar import Alarm, Calendar, Event

from activities.rules import rule_phrase
from domain.calendar import alarm_instant
from domain.errors import DomainError
from domain.regime import DeadlineKind
from domain.regimes import get_regime
from eventstore.deadline_queries import DeadlineRow, DeadlineScope, deadline_rows

PRODUCT = "-//Intervention engine//Deadlines//EN"
UID_DOMAIN = "intervention-engine"
SECRET_BYTES = 24
REMINDER_MINUTES = 30
STATUS_WORDS = {"met": "met", "met_late": "met late", "missed": "missed", "withdrawn": "withdrawn"}


# Where the API serves a person's feed: the secret in the path, since a calendar that subscribes
# sends no credentials.
FEED_PATH = "/feeds/{secret}"


def feed_url(dashboard: str, secret: str, intervention_id: str | None = None) -> str:
    base = dashboard.rstrip("/") + FEED_PATH.format(secret=secret)
    return (
        f"{base}/interventions/{intervention_id}.ics"
        if intervention_id
        else f"{base}/deadlines.ics"
    )


class FeedError(Exception):
    """A feed that cannot be issued or revoked; the message says why."""


@dataclass(frozen=True)
class Feed:
    """What a calendar feed holds: its name and whose deadlines (see DeadlineScope)."""

    name: str
    scope: DeadlineScope


@dataclass(frozen=True)
class Subscriber:
    """Whose feed a secret URL is: the person, and the authorities their organisation covered
    when it was issued (None: every authority)."""

    name: str
    authorities: tuple[str, ...] | None


def portfolio_feed(authorities: tuple[str, ...] | None = None) -> Feed:
    return Feed("Intervention deadlines", DeadlineScope(authorities=authorities))


def intervention_feed(intervention_id: str) -> Feed:
    return Feed(f"Deadlines of {intervention_id}", DeadlineScope(intervention_id=intervention_id))


def feed_for_person(subscriber: Subscriber, intervention_id: str | None = None) -> Feed:
    """The feed a person's secret URL serves: every intervention their organisation covers, or
    the one asked for (which the caller has checked they may see)."""
    if intervention_id:
        return intervention_feed(intervention_id)
    return portfolio_feed(subscriber.authorities)


def reminder_day(row: DeadlineRow) -> date | None:
    """When the reminder goes: the regime's reminder rung, for deadlines that escalate (not a
    condition the regime gives the grace of a series it stands in for)."""
    try:
        rules = get_regime(row.regime, row.regime_version)
    except DomainError:
        return None
    if not rules.escalates(DeadlineKind(row.kind), row.milestone):
        return None
    rung = rules.reminder
    return rung.on(row.due) if rung else None


def _events(row: DeadlineRow, dashboard: str, stamp: datetime) -> list[Event]:
    link = f"{dashboard}/interventions/{row.intervention_id}"
    rule = rule_phrase(row.regime, row.milestone, row.regime_version)
    state = STATUS_WORDS.get(row.status)
    if state and row.met_on:
        state += f" on {row.met_on:%-d %B %Y}"
    uid = f"{row.intervention_id}/{row.key}@{UID_DOMAIN}"
    deadline = Event()
    deadline.add("uid", uid)
    deadline.add("dtstamp", stamp)
    deadline.add("summary", f"{row.authority}: {row.title} due" + (f" ({state})" if state else ""))
    deadline.add("dtstart", row.due)
    deadline.add("dtend", row.due + timedelta(days=1))
    deadline.add("transp", "TRANSPARENT")
    deadline.add(
        "description",
        f"{row.title} for {row.authority}, due {row.due:%A %-d %B %Y}.\n"
        f"Rule: {rule}.\nOwner: {row.owner.replace('_', ' ')}.\n{link}",
    )
    deadline.add("url", link)
    deadline.add("categories", [row.kind])
    if row.status == "withdrawn":
        deadline.add("status", "CANCELLED")
    events = [deadline]
    remind_on = reminder_day(row)
    if remind_on is not None and row.status in ("pending", "missed"):
        start = alarm_instant(remind_on)
        reminder = Event()
        reminder.add("uid", f"{row.intervention_id}/{row.key}/reminder@{UID_DOMAIN}")
        reminder.add("dtstamp", stamp)
        reminder.add("summary", f"Reminder: {row.authority}: {row.title} due {row.due:%-d %B}")
        reminder.add("dtstart", start)
        reminder.add("dtend", start + timedelta(minutes=REMINDER_MINUTES))
        reminder.add("description", f"{row.title} is due on {row.due:%A %-d %B %Y}.\n{link}")
        reminder.add("url", link)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{row.title} due {row.due:%-d %B}")
        alarm.add("trigger", timedelta(0))
        reminder.add_component(alarm)
        events.append(reminder)
    return events


def calendar(rows: list[DeadlineRow], name: str, dashboard: str, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    # Feeds are polled; ask for a refresh every few hours so moved dates show the same day.
    cal.add("refresh-interval", timedelta(hours=4), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT4H")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for row in rows:
        for event in _events(row, dashboard.rstrip("/"), stamp):
            cal.add_component(event)
    # The reminders are at London hours: the VTIMEZONE that says what those are.
    cal.add_missing_timezones()
    ical: bytes = cal.to_ical()
    return ical


async def feed_calendar(pool: asyncpg.Pool, feed: Feed, dashboard: str) -> bytes:
    rows = await deadline_rows(pool, feed.scope)
    return calendar(rows, feed.name, dashboard, datetime.now(UTC))


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


async def issue_feed_secret(
    pool: asyncpg.Pool, person: str, authorities: tuple[str, ...] | None = None
) -> str:
    """A new secret for `person`'s feed, of the authorities given (None: every one); the one
    they had stops working."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    await pool.execute(
        """INSERT INTO calendar_feeds (person, secret_digest, authorities) VALUES ($1, $2, $3)
           ON CONFLICT (person) DO UPDATE
           SET secret_digest = EXCLUDED.secret_digest, authorities = EXCLUDED.authorities,
               created_at = now()""",
        person,
        _digest(secret),
        list(authorities) if authorities is not None else None,
    )
    return secret


async def revoke_feed(pool: asyncpg.Pool, person: str) -> None:
    deleted = await pool.fetchval(
        "DELETE FROM calendar_feeds WHERE person = $1 RETURNING person", person
    )
    if deleted is None:
        known = await feed_people(pool)
        raise FeedError(
            f"{person!r} has no calendar feed; people with one: {', '.join(known) or 'none'}"
        )


async def feed_people(pool: asyncpg.Pool) -> list[str]:
    return [
        row["person"] for row in await pool.fetch("SELECT person FROM calendar_feeds ORDER BY 1")
    ]


async def person_for_secret(pool: asyncpg.Pool, secret: str) -> Subscriber | None:
    row = await pool.fetchrow(
        "SELECT person, authorities FROM calendar_feeds WHERE secret_digest = $1", _digest(secret)
    )
    if row is None:
        return None
    authorities = row["authorities"]
    return Subscriber(row["person"], tuple(authorities) if authorities is not None else None)
