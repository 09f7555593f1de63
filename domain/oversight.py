"""Who a reminder or escalation goes to, by the recipient the regime's ladder names."""

from __future__ import annotations

from collections.abc import Iterable

from domain.regime import DeadlineKind, Recipient
from domain.standing import Track
from domain.state import Deadline, InterventionState
from domain.values import AppointmentRole

DFE_CASE_LEAD = "dfe_case_lead"
COUNCIL = "council"


def recipient_names(
    state: InterventionState, deadline: Deadline, recipients: Iterable[Recipient]
) -> list[str]:
    """The contact lists a rung's notification goes to, each once."""
    return list(dict.fromkeys(recipient_name(state, deadline, r) for r in recipients))


def recipient_name(state: InterventionState, deadline: Deadline, recipient: Recipient) -> str:
    """The contact list a notification goes to (`director`, `commissioner`, ...)."""
    if recipient is Recipient.OWNER:
        return deadline.owner
    if _chased_by_dfe(state, deadline) and recipient is not Recipient.IMPROVEMENT_TEAM:
        # The council's Director cannot make the commissioner report (Barnet 2017: the report
        # due by the end of November came on 8 December).
        return DFE_CASE_LEAD
    if recipient is Recipient.OVERSIGHT:
        return oversight(state)
    return recipient.value


def _chased_by_dfe(state: InterventionState, deadline: Deadline) -> bool:
    return (
        deadline.kind is DeadlineKind.CONDITION
        and deadline.owner != COUNCIL
        and state.rules.others_conditions_chased_by_dfe
    )


def oversight(state: InterventionState) -> str:
    """Whoever oversees for the DfE now: the commissioner, else the improvement adviser, else
    the DfE's case lead. Under a regime without this rule, by the track: a direction's
    commissioner, a notice's adviser."""
    if not state.rules.oversight_by_appointment:
        return "commissioner" if state.track is Track.DIRECTION else "improvement_adviser"
    for role in (AppointmentRole.COMMISSIONER, AppointmentRole.IMPROVEMENT_ADVISER):
        if state.appointed(role) is not None:
            return role.value
    return DFE_CASE_LEAD
