"""Plan progress as committee papers report it: counts by theme and phase, what is overdue, and
RAG counts over time. An action counts as progressed when it is completed or rated green."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from pydantic import BaseModel

from domain.events import ActionAdded, ActionCompleted, ActionUpdated, Event
from domain.plan import Action, Rag
from domain.state import InterventionState


class ProgressRow(BaseModel):
    group: str
    total: int
    completed: int
    progressed: int
    red: int
    amber: int
    green: int

    @property
    def percent(self) -> int:
        """Progressed as a whole percentage, halves rounded up (35 of 36 is 97%), but never
        100% until every action has progressed (199 of 200 is 99%)."""
        if not self.total:
            return 0
        rounded = (200 * self.progressed + self.total) // (2 * self.total)
        return min(rounded, 99) if self.progressed < self.total else 100

    def headline(self) -> str:
        """E.g. '35 of 36 immediate actions progressed (97%)'; a phase of several words is named."""
        noun = "action" if self.total == 1 else "actions"
        if self.group == "all":
            actions = noun
        elif " " in self.group:
            actions = f"{noun} in the {self.group} phase"
        else:
            actions = f"{self.group} {noun}"
        return f"{self.progressed} of {self.total} {actions} progressed ({self.percent}%)"


class OverdueAction(BaseModel):
    ref: str
    title: str
    owner: str
    review_on: date
    rag: str


class PlanProgress(BaseModel):
    as_of: date
    overall: ProgressRow
    by_theme: list[ProgressRow]
    by_phase: list[ProgressRow]
    overdue: list[OverdueAction]
    priorities: int

    @property
    def headlines(self) -> list[str]:
        return [row.headline() for row in self.by_phase]


def _row(group: str, actions: list[Action]) -> ProgressRow:
    open_actions = [a for a in actions if a.completed_on is None]
    return ProgressRow(
        group=group,
        total=len(actions),
        completed=len(actions) - len(open_actions),
        progressed=sum(1 for a in actions if a.progressed),
        red=sum(1 for a in open_actions if a.rag is Rag.RED),
        amber=sum(1 for a in open_actions if a.rag is Rag.AMBER),
        green=sum(1 for a in open_actions if a.rag is Rag.GREEN),
    )


def _grouped(actions: tuple[Action, ...], key: Callable[[Action], str]) -> list[ProgressRow]:
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(key(action), []).append(action)
    return [_row(name, members) for name, members in groups.items()]


def plan_progress(state: InterventionState, today: date) -> PlanProgress:
    actions = state.actions
    return PlanProgress(
        as_of=today,
        overall=_row("all", list(actions)),
        by_theme=_grouped(actions, lambda a: a.theme),
        by_phase=_grouped(actions, lambda a: a.phase),
        overdue=[
            OverdueAction(
                ref=a.ref, title=a.title, owner=a.owner, review_on=a.review_on, rag=a.rag.value
            )
            for a in sorted(actions, key=lambda a: (a.review_on, a.ref))
            if a.completed_on is None and a.review_on < today
        ],
        priorities=len(state.priorities),
    )


class RagPoint(BaseModel):
    on: date
    red: int
    amber: int
    green: int
    completed: int


def rag_over_time(events: Iterable[Event], days: Iterable[date]) -> list[RagPoint]:
    """The RAG counts of open actions, and the completed count, as they stood on each day.

    Judged by when each change took effect, so a rating recorded late counts from its date.
    """
    changes = sorted(
        (
            (event.effective_on, order, event)
            for order, event in enumerate(events)
            if isinstance(event, ActionAdded | ActionUpdated | ActionCompleted)
        ),
        key=lambda item: (item[0], item[1]),
    )
    points = []
    rag: dict[str, Rag] = {}
    completed: set[str] = set()
    position = 0
    for day in sorted(days):
        while position < len(changes) and changes[position][0] <= day:
            event = changes[position][2]
            if isinstance(event, ActionCompleted):
                completed.add(event.ref)
            elif event.rag is not None:
                rag[event.ref] = event.rag
            position += 1
        open_rags = [r for ref, r in rag.items() if ref not in completed]
        points.append(
            RagPoint(
                on=day,
                red=open_rags.count(Rag.RED),
                amber=open_rags.count(Rag.AMBER),
                green=open_rags.count(Rag.GREEN),
                completed=len(completed),
            )
        )
    return points
