"""Who may reach which intervention: a council's people act only on their own authorities'
interventions; the DfE's, and the engine itself, on every one.

Authorities are compared as the intervention's id names them (`slugify`), so "London Borough
of Croydon" and "london borough of croydon" are one authority. Another authority's intervention
is refused with the very words a missing one gets, so a refusal never tells that it exists.
"""

from __future__ import annotations

from domain.errors import DomainError
from domain.state import InterventionState
from domain.values import Actor, slugify


def unknown_intervention(intervention_id: str) -> str:
    """What a command for an intervention that is not there, or not running, is told."""
    return (
        f"no running intervention {intervention_id!r}: it does not exist or is closed; "
        "`intervention list` shows the ids"
    )


class NotFoundForYouError(DomainError):
    """An intervention of an authority the actor's organisation does not cover."""

    def __init__(self, intervention_id: str, actor: Actor) -> None:
        super().__init__(unknown_intervention(intervention_id))
        self.intervention_id = intervention_id
        self.actor = actor


class NotYourAuthorityError(DomainError):
    """An opening for an authority the actor's organisation does not cover. Refusing it says
    nothing about any intervention, so it can say why."""

    def __init__(self, actor: Actor, authority: str) -> None:
        covered = ", ".join(actor.authorities or ())
        super().__init__(
            f"{actor.organisation or actor.name} acts for {covered}, not {authority!r}; "
            "open interventions for your own authorities",
            field="authority",
            allowed=list(actor.authorities or ()),
        )


def covers(actor: Actor, authority: str) -> bool:
    """Whether the actor's organisation covers the authority."""
    if actor.authorities is None:
        return True
    return slugify(authority) in {slugify(covered) for covered in actor.authorities}


def check_access(actor: Actor, state: InterventionState) -> None:
    if not covers(actor, state.authority):
        raise NotFoundForYouError(state.intervention_id, actor)


def check_may_open(actor: Actor, authority: str) -> None:
    if not covers(actor, authority):
        raise NotYourAuthorityError(actor, authority)
