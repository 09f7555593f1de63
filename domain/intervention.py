"""The intervention aggregate: `decide` turns a command into events, `apply` folds an event in.

Both are pure. The parts live in modules of their own: `domain.decide` (commands to events,
with `domain.recording` for a milestone's fields and `domain.consequences` for what it causes),
`domain.apply` (events to state), `domain.arming` and `domain.series` (deadlines set as the
lifecycle moves), and `domain.clock` (what time alone brings).
"""

from __future__ import annotations

from domain.apply import apply, apply_all
from domain.decide import check_effective_on, check_role, decide, decide_open

__all__ = ["apply", "apply_all", "check_effective_on", "check_role", "decide", "decide_open"]
