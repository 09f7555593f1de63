"""A plan file imported into the plan there is, so that a plan exported, edited and imported
again changes what was edited and nothing else.

A row as the plan holds it changes nothing. A row of an action already in the plan whose owner,
review date or rating differs updates the action, as `intervention plan update` does. A row
new to the plan adds its action, and its priority when the row gives it a title. What no plan
change can change (an action's priority, title, theme or phase; a priority's title or the
findings it addresses) is refused, and so is a row the rules refuse, each naming the row as the
file does (a CSV file's line; a workbook's sheet, row and column): the file then changes
nothing at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from temporalio.client import Client

from application.interventions import change_plan
from application.text_files import PLAN_TEXT, decoded
from application.workbooks import parse_plan_xlsx
from domain.apply import apply_all
from domain.errors import PlanChangeError
from domain.plan import Action, AddAction, AddPriority, ChangePlan, PlanChange, UpdateAction
from domain.plan_csv import Place, PlanFileError, csv_place, parse_plan_csv
from domain.planning import decide_plan
from domain.state import InterventionState
from domain.values import Actor
from eventstore.queries import stream_events
from eventstore.store import EventStore
from workflows.models import RecordResult

# What a row may change about an action already in the plan: what `update_action` changes.
UPDATED = ("owner", "review_on", "rag")
# What it may not: the action's place in the plan and what it is.
FIXED = ("priority", "title", "theme", "phase")


def read_plan_file(raw: bytes, workbook: bool, what: str) -> tuple[list[PlanChange], Place]:
    """The rows of a plan file (`what` names it) as changes that add them, and how the file
    names a row's place; PlanFileError or NotTextError when it cannot be read."""
    if workbook:
        return parse_plan_xlsx(raw)
    return parse_plan_csv(decoded(raw, what, PLAN_TEXT)), csv_place


async def import_plan_file(
    client: Client,
    store: EventStore,
    intervention_id: str,
    command: ChangePlan,
    place: Place,
    person: Actor | None = None,
) -> RecordResult:
    """Import the file's rows (`command.changes`, as `read_plan_file` gives them) into the
    intervention's plan as it is now; a `person` may import only into what they may see."""
    recorded = await stream_events(store, intervention_id, person)
    state = apply_all(event.to_domain() for event in recorded)
    changes = file_changes(state, command, place, datetime.now(UTC))
    if not changes:
        return RecordResult(
            intervention_id=intervention_id,
            milestone="change_plan",
            version=recorded[-1].version,
            events=[],
            summary=["every row is as the plan holds it: nothing changed"],
        )
    return await change_plan(
        client, intervention_id, command.model_copy(update={"changes": changes})
    )


def file_changes(
    state: InterventionState, command: ChangePlan, place: Place, now: datetime
) -> list[PlanChange]:
    """The changes the file's rows make to the plan in `state`, each decided by the rules on
    the plan the rows before it leave, so that a refusal names its row."""
    changes = [
        kept for change in command.changes if (kept := _against(state, change, place)) is not None
    ]
    after = state
    for change in changes:
        line = _line(change)
        alone = command.model_copy(update={"changes": [change.model_copy(update={"line": None})]})
        try:
            caused = decide_plan(after, alone, now)
        except PlanChangeError as error:
            raise PlanFileError(line, error.reason, place(line, _column(change))) from None
        after = apply_all(caused, after)
    return changes


def _against(state: InterventionState, change: PlanChange, place: Place) -> PlanChange | None:
    """What the row's change does to the plan there is: itself when new to the plan, nothing
    when the plan holds it so, else the update of what differs."""
    if isinstance(change, AddPriority):
        there = next((p for p in state.priorities if p.ref == change.ref), None)
        if there is None:
            return change
        named = f"priority {change.ref!r}"
        _same(change, place, named, "priority_title", there.title, change.title)
        _same(change, place, named, "addresses", list(there.addresses), change.addresses)
        return None
    if isinstance(change, AddAction) and (action := state.action(change.ref)) is not None:
        return _update(action, change, place)
    return change


def _update(action: Action, change: AddAction, place: Place) -> UpdateAction | None:
    """The update a row of an action already in the plan makes; None if it makes none."""
    for column in FIXED:
        held, given = getattr(action, column), getattr(change, column)
        _same(change, place, f"action {change.ref!r}", column, held, given)
    # A row that leaves its rating blank keeps the action's: only a rating given changes it.
    given = change.model_fields_set
    differ = {
        name: getattr(change, name)
        for name in UPDATED
        if name in given and getattr(change, name) != getattr(action, name)
    }
    return UpdateAction(ref=change.ref, line=change.line, **differ) if differ else None


def _same(
    change: PlanChange, place: Place, named: str, column: str, held: object, given: object
) -> None:
    """Refuse a row that would change what no plan change changes."""
    if given == held:
        return
    line = _line(change)
    raise PlanFileError(
        line,
        f"{named} is in the plan with {column} {_shown(held)}, not {_shown(given)}; importing "
        f"again adds priorities and actions and changes an action's {', '.join(UPDATED)}",
        place(line, column),
    )


def _shown(value: object) -> str:
    return repr(";".join(value)) if isinstance(value, list) else repr(str(value))


def _line(change: PlanChange) -> int:
    assert change.line is not None  # every change read from a file has its line
    return change.line


def _column(change: PlanChange) -> str:
    """The column a refused change is about: the first it updates, or what it adds."""
    if isinstance(change, UpdateAction):
        return next(name for name in UPDATED if getattr(change, name) is not None)
    return "priority" if isinstance(change, AddPriority) else "action"
