"""What changed between two versions of a regime, rule by rule, for a policy officer to read
before an operator migrates running interventions."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from domain.regime import MilestoneRule, Regime, Span

# A regime's settings besides its rules (every field but those naming it), compared as they are.
SETTINGS = tuple(
    name for name in Regime.model_fields if name not in ("name", "version", "changes", "milestones")
)
# What a rule says beyond its source, compared field by field.
RULE_FIELDS = tuple(name for name in MilestoneRule.model_fields if name not in ("name", "source"))


def differences(old: Regime, new: Regime) -> list[str]:
    """One line per difference: a rule added or removed, a field of a rule or a setting changed."""
    lines = []
    old_rules = {rule.name: rule for rule in old.milestones}
    new_rules = {rule.name: rule for rule in new.milestones}
    for name in [*old_rules, *(n for n in new_rules if n not in old_rules)]:
        before, after = old_rules.get(name), new_rules.get(name)
        if before is None and after is not None:
            lines.append(f"rule {name} added: {after.describe()} ({after.kind.value})")
        elif after is None:
            lines.append(f"rule {name} removed")
        else:
            lines += [
                f"rule {name}: {field} {_shown(getattr(before, field))} -> "
                f"{_shown(getattr(after, field))}"
                for field in RULE_FIELDS
                if getattr(before, field) != getattr(after, field)
            ]
    for setting in SETTINGS:
        lines += _setting_differences(setting, getattr(old, setting), getattr(new, setting))
    return lines


def in_its_own_words(regime: Regime) -> str:
    """What this version changed, as its `changes` say it: the paragraph that begins with its
    number, the earlier versions' paragraphs that follow left out (the first versions' say
    only what they are)."""
    own = re.search(
        rf"(?:^|\s)(Version {regime.version}: .*?)(?=\s+Version \d+: |$)", regime.changes, re.S
    )
    return own.group(1) if own else regime.changes


def _setting_differences(setting: str, before: Any, after: Any) -> list[str]:
    """A setting changed; one made of fields (what another regime records), field by field,
    its source left out as a rule's is."""
    if before == after:
        return []
    if isinstance(before, BaseModel) and type(before) is type(after):
        return [
            f"{setting}.{field}: {_shown(getattr(before, field))} -> "
            f"{_shown(getattr(after, field))}"
            for field in type(before).model_fields
            if field != "source" and getattr(before, field) != getattr(after, field)
        ]
    return [f"{setting}: {_shown(before)} -> {_shown(after)}"]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, Span):
        # A length of time, as a person says it: "12 weeks", not {'weeks': 12}.
        return value.describe()
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    if isinstance(value, tuple):
        return ", ".join(str(_plain(item)) for item in value) or "none"
    return str(value) if value not in (None, {}) else "none"


def _plain(value: Any) -> Any:
    return (
        value.model_dump(mode="json", exclude_defaults=True, by_alias=True)
        if hasattr(value, "model_dump")
        else str(value)
    )
