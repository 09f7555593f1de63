"""Who a reminder or escalation goes to, by the recipient the regime's ladder names."""

from __future__ import annotations

from domain.regime import Recipient
from domain.standing import Track
from domain.state import Deadline, InterventionState
from domain.values import AppointmentRole

DFE_CASE_LEAD = "dfe_case_lead"


def recipient_name(state: InterventionState, deadline: Deadline, recipient: Recipient) -> str:
    """The contact list a notification goes to (`director`, `commissioner`, ...)."""
    if recipient is Recipient.OWNER:
        return deadline.owner
    if recipient is Recipient.OVERSIGHT:
        return oversight(state)
    return recipient.value


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
