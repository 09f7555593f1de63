"""The access rule where decisions are made: in the pure domain (`domain.access`, called first by
`decide`, `decide_open` and `decide_plan`), in the reads of the record, and in the portfolio's
SQL, which must compare authorities exactly as the domain does."""

from __future__ import annotations

from datetime import date

import asyncpg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.access import (
    NotFoundForYouError,
    NotYourAuthorityError,
    covers,
    unknown_intervention,
)
from domain.decide import decide, decide_open
from domain.events import EVENT_ADAPTER
from domain.plan import ChangePlan, UpdateAction
from domain.planning import decide_plan
from domain.values import SYSTEM_ACTOR, Actor, Inspection, Role, slugify
from eventstore import EventStore
from eventstore.queries import (
    NotFoundError,
    NotYoursError,
    PortfolioScope,
    intervention_status,
    portfolio,
    portfolio_totals,
    stream_events,
)
from tests.store.scenario import Intervention, at
from tests.unit.builders import AUTHORITY, WORKED, command, noon, open_command, opened

EXAMPLE = Actor(
    name="Ella Example",
    role=Role.MANAGER,
    organisation="Example Borough Council",
    authorities=("example borough council",),
)
ELSEWHERE = Actor(
    name="Otto Other",
    role=Role.ADMIN,
    organisation="Another Council",
    authorities=("Another Council", "A Third Council"),
)
DFE = Actor(name="Dee Eff", role=Role.MANAGER, organisation="Department for Education")


def test_an_organisation_covers_its_authorities_by_the_id_s_spelling() -> None:
    assert covers(EXAMPLE, AUTHORITY)  # "Example Borough Council", any case and spacing
    assert covers(EXAMPLE, "  EXAMPLE   borough-council ")
    assert not covers(EXAMPLE, "Example Borough")
    assert not covers(ELSEWHERE, AUTHORITY)
    # The DfE, the engine, and people recorded before organisations existed: every authority.
    for everywhere in (DFE, SYSTEM_ACTOR, Actor(name="Old Record", role=Role.MANAGER)):
        assert covers(everywhere, AUTHORITY)


def test_actors_stored_before_organisations_still_read() -> None:
    event = EVENT_ADAPTER.validate_python(
        {
            "type": "BoardMeetingHeld",
            "effective_on": "2023-06-22",
            "recorded_at": "2023-06-22T10:00:00Z",
            "actor": {"name": "A Manager", "role": "manager"},
        }
    )
    assert event.actor.authorities is None
    assert event.actor.organisation is None


def test_a_command_for_another_authority_is_refused_first_as_not_found() -> None:
    state = opened()
    on = WORKED.published_on
    # Refused before anything else is looked at, even a milestone that does not exist: the
    # answer is the one an unknown intervention gets, so it tells nothing.
    for milestone in ("improvement_notice_issued", "no_such_milestone"):
        with pytest.raises(NotFoundForYouError) as refused:
            decide(state, command(milestone, on, actor=ELSEWHERE), noon(on))
        assert refused.value.message == unknown_intervention(state.intervention_id)
        assert refused.value.actor == ELSEWHERE
    plan = ChangePlan(
        changes=[UpdateAction(ref="A1", note="not ours")],
        effective_on=WORKED.published_on,
        actor=ELSEWHERE,
    )
    with pytest.raises(NotFoundForYouError):
        decide_plan(state, plan, noon(WORKED.published_on))
    # Its own organisation, and the DfE, go on to the rules as before.
    for actor in (EXAMPLE, DFE):
        events = decide(
            state,
            command("improvement_notice_issued", WORKED.published_on, actor=actor),
            noon(WORKED.published_on),
        )
        assert events[0].type == "ImprovementNoticeIssued"


def test_a_council_opens_only_for_its_own_authorities() -> None:
    with pytest.raises(NotYourAuthorityError) as refused:
        decide_open(open_command(actor=ELSEWHERE), noon(WORKED.published_on))
    assert refused.value.message == (
        "Another Council acts for Another Council, A Third Council, not 'Example Borough "
        "Council'; open interventions for your own authorities"
    )
    assert refused.value.field == "authority"
    assert decide_open(open_command(actor=EXAMPLE), noon(WORKED.published_on))


NAMES = [
    "Ynys Môn",
    "London Borough of Croydon",
    "St. Helens",
    "  Isle of Wight  ",
    "İstanbul",
    "Ｆｕｌｌwidth",
    "ﬁsh",
    "Bath & North East Somerset",
    "Kingston upon Hull, City of",
    "Rhondda Cynon Taf",
    "Île-de-France",
    "ß",
]


async def sql_slug(pool: asyncpg.Pool, name: str) -> str:
    return str(await pool.fetchval("SELECT authority_slug($1)", name))


async def test_the_database_spells_authorities_as_the_domain_does(pool: asyncpg.Pool) -> None:
    for name in NAMES:
        assert await sql_slug(pool, name) == slugify(name), name


# The pool only reads: sharing it between examples is what it is for.
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Names as an authority may be spelt: no character this Python's Unicode tables leave undefined
# (`OpenIntervention` refuses those), which PostgreSQL's newer tables may fold to a letter.
@given(name=st.text(st.characters(exclude_categories=("Cs", "Cn"), exclude_characters="\x00")))
async def test_any_name_is_spelt_alike(pool: asyncpg.Pool, name: str) -> None:
    assert await sql_slug(pool, name) == slugify(name)


async def test_reads_and_the_portfolio_hold_only_what_the_person_may_see(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    def published(day: int) -> Inspection:
        return WORKED.model_copy(update={"published_on": date(2023, 3, day)})

    ours = [Intervention.open(AUTHORITY, at(2023, 3, 20), published(day)) for day in (7, 8)]
    theirs = Intervention.open("Another Council", at(2023, 3, 20), published(7))
    # Opened by a different spelling: one authority all the same.
    ours.append(Intervention.open("example  BOROUGH council", at(2023, 3, 20), published(9)))
    for intervention in (*ours, theirs):
        await intervention.flush(store)
    today = WORKED.published_on

    async def seen(person: Actor) -> tuple[set[str], int]:
        scope = PortfolioScope(authorities=person.authorities)
        rows = await portfolio(pool, today, scope)
        return {row.intervention_id for row in rows}, (
            await portfolio_totals(pool, today, scope)
        ).interventions

    assert await seen(EXAMPLE) == ({i.stream_id for i in ours}, 3)
    assert await seen(ELSEWHERE) == ({theirs.stream_id}, 1)
    assert (await seen(DFE))[1] == 4

    with pytest.raises(NotYoursError) as refused:
        await stream_events(store, theirs.stream_id, EXAMPLE)
    with pytest.raises(NotFoundError) as missing:
        await stream_events(store, "intervention-nowhere-2023-03-07", EXAMPLE)
    assert str(refused.value).replace(theirs.stream_id, "ID") == str(missing.value).replace(
        "intervention-nowhere-2023-03-07", "ID"
    )
    assert refused.value.person == EXAMPLE
    with pytest.raises(NotYoursError):
        await intervention_status(store, theirs.stream_id, person=EXAMPLE)
    status = await intervention_status(store, ours[0].stream_id, person=EXAMPLE)
    assert status.intervention_id == ours[0].stream_id
