"""Domain errors. Each message quotes the bad value and says what is allowed.

Each error also names the field of the command it is about (`field`, dotted) and, where there
is a closed set, the values allowed: callers that show an error next to a field (the API, the
dashboard) read these, never the wording of the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from difflib import get_close_matches


class DomainError(Exception):
    """A command the rules do not allow; nothing was recorded."""

    def __init__(
        self, message: str, *, field: str | None = None, allowed: Iterable[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.allowed = list(allowed)


def _listing(values: Iterable[str]) -> str:
    return ", ".join(values) or "none"


class UnknownRegimeError(DomainError):
    def __init__(self, name: str, allowed: Sequence[str]) -> None:
        super().__init__(
            f"unknown regime {name!r}; known regimes: {_listing(allowed)}",
            field="regime",
            allowed=allowed,
        )


class UnknownRegimeVersionError(DomainError):
    def __init__(self, name: str, version: int, versions: Sequence[int]) -> None:
        super().__init__(
            f"regime {name!r} has no version {version}; its versions are {versions[0]} to "
            f"{versions[-1]}, the latest the one new interventions open with",
            field="regime_version",
            allowed=[str(v) for v in versions],
        )


class ReportOfAnotherRegimeError(DomainError):
    """An intervention opened on a report its regime does not follow."""

    def __init__(self, kind: str, regime: str, allowed: Sequence[str], instead: str) -> None:
        super().__init__(
            f"regime {regime!r} does not open on {kind}: it opens on {_listing(allowed)}; "
            f"{instead}",
            field="inspection.judgement",
            allowed=allowed,
        )


class FactOfAnotherRegimeError(DomainError):
    """A fact bringing a report that another regime's record takes (a children's services
    inspection's, on a SEND record)."""

    def __init__(self, milestone: str, regime: str, instead: str, allowed: Sequence[str]) -> None:
        super().__init__(
            f"regime {regime!r} does not record {milestone!r}: {instead}; "
            f"allowed now: {_listing(allowed)}",
            field="milestone",
            allowed=allowed,
        )


def unknown_milestone(milestone: str, allowed: Iterable[str]) -> str:
    """A milestone name the engine does not know, with the one a letter or two away, if any:
    the whole list of names is long."""
    close = get_close_matches(milestone, allowed, n=1)
    return f"unknown milestone {milestone!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


class UnknownMilestoneError(DomainError):
    def __init__(self, milestone: str, allowed: Sequence[str]) -> None:
        super().__init__(
            f"{unknown_milestone(milestone, allowed)}; allowed: {_listing(allowed)}",
            field="milestone",
            allowed=allowed,
        )


class WrongStageError(DomainError):
    def __init__(self, milestone: str, stage: str, detail: str, allowed: Sequence[str]) -> None:
        super().__init__(
            f"cannot record {milestone!r} at stage {stage!r}: {detail}; "
            f"allowed now: {_listing(allowed)}",
            field="milestone",
            allowed=allowed,
        )


class InvalidDateError(DomainError):
    """A date that the rules refuse; `field` is dotted (`inspection.published_on`)."""

    def __init__(self, field: str, value: date, reason: str, label: str | None = None) -> None:
        shown = label or field.replace(".", " ")
        super().__init__(f"{shown} {value.isoformat()} {reason}", field=field)


class RoleNotAllowedError(DomainError):
    def __init__(self, role: str, action: str, allowed: Sequence[str]) -> None:
        # About the milestone asked for: the role is the person's, not part of the command.
        super().__init__(
            f"role {role!r} may not {action}; allowed roles: {_listing(allowed)}",
            field="milestone",
            allowed=allowed,
        )


class MissingFieldError(DomainError):
    def __init__(
        self,
        milestone: str,
        field: str,
        allowed: Sequence[str] = (),
        *,
        alternative: str | None = None,
        hint: str = "",
    ) -> None:
        # `hint` runs on from the message as written: " until …", ", which …".
        choices = f" (one of: {_listing(allowed)})" if allowed else ""
        either = f" or the field {alternative!r}" if alternative else ""
        super().__init__(
            f"{milestone!r} needs the field {field!r}{either}{choices}{hint}",
            field=f"details.{field}",
            allowed=allowed,
        )


class InvalidFieldError(DomainError):
    def __init__(
        self,
        milestone: str,
        field: str,
        value: object,
        allowed: str,
        choices: Iterable[str] = (),
    ) -> None:
        super().__init__(
            f"{milestone!r}: {field} {value!r} is not allowed; {allowed}",
            field=f"details.{field}",
            allowed=choices,
        )


class InterventionClosedError(DomainError):
    def __init__(self, milestone: str, closed_on: date | None) -> None:
        when = f" on {closed_on.isoformat()}" if closed_on else ""
        super().__init__(
            f"cannot record {milestone!r}: the intervention was closed{when}", field="milestone"
        )


class PlanChangeError(DomainError):
    """A plan change refused; `where` names the change of several, or the line of the
    imported file, and is empty for a change made alone."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"{where}: {reason}; nothing in this batch was recorded"
            if where
            else f"{reason}; nothing was recorded"
        )
        self.where = where
        self.reason = reason
