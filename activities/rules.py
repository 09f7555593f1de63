"""The date rule behind a deadline, in one sentence, for the people a message reaches."""

from __future__ import annotations

from activities.models import Notification
from domain.commands import OpenIntervention
from domain.errors import DomainError
from domain.plan import ACTION_DEADLINE_PREFIX
from domain.regimes import get_regime

PLAN_RULE = "the review date the plan sets"
# Deadlines no rule of the regime computes (a condition a notice or direction sets, for one):
# their date was given when they were set.
GIVEN_RULE = "the date set when the deadline was recorded"


def rule_phrase(regime: str | None, milestone: str, version: int | None = None) -> str:
    """How the deadline's date is set: the regime's rule by the milestone's name (in the
    intervention's version of the regime, else the latest), the plan's review date for an
    action, or the date given for anything else (a condition of a notice, say)."""
    if milestone.startswith(ACTION_DEADLINE_PREFIX):
        return PLAN_RULE
    try:
        # Unknown (a log line written without the store): the regime an intervention opens in.
        default = OpenIntervention.model_fields["regime"].default
        rule = get_regime(regime or default, version).rule(milestone)
    except DomainError:
        rule = None
    return rule.describe() if rule is not None else GIVEN_RULE


def rule_sentence(regime: str | None, note: Notification, version: int | None = None) -> str:
    phrase = rule_phrase(regime, note.milestone, version)
    if note.due is None:
        return f"The deadline is {phrase}."
    return f"Due on {note.due:%A %-d %B %Y}: {phrase}."
