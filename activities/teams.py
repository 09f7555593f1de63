"""Microsoft Teams: an Adaptive Card posted to a channel's incoming webhook (Workflows).

The Workflows "post to a channel when a webhook request is received" flow takes a message with
one Adaptive Card attachment and answers 202.
"""

from __future__ import annotations

from activities.email import heading
from activities.notifiers import Outgoing, PostChannel

# Adaptive Card colours Teams renders: the escalation's weight at a glance.
KIND_STYLES = {
    "reminder": "accent",
    "escalation": "attention",
    "escalation_withdrawn": "good",
    "overdue": "warning",
}


def adaptive_card(outgoing: Outgoing) -> dict[str, object]:
    note = outgoing.note
    facts = [
        {"title": "Intervention", "value": outgoing.authority},
        {"title": "Deadline", "value": note.title},
        *([{"title": "Due", "value": f"{note.due:%A %-d %B %Y}"}] if note.due else []),
        {"title": "Rule", "value": outgoing.rule},
        {"title": "For", "value": note.to.replace("_", " ")},
    ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "msteams": {"width": "Full"},
        "body": [
            {
                "type": "Container",
                "style": KIND_STYLES.get(note.kind, "default"),
                "items": [
                    {
                        "type": "TextBlock",
                        "text": f"{heading(note)}: {note.title}",
                        "weight": "Bolder",
                        "size": "Medium",
                        "wrap": True,
                    }
                ],
            },
            {"type": "TextBlock", "text": note.message, "wrap": True},
            {"type": "FactSet", "facts": facts},
        ],
        "actions": [
            {"type": "Action.OpenUrl", "title": "Open in the dashboard", "url": outgoing.link}
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


class TeamsChannel(PostChannel):
    """Posts the card to each contact's Teams webhook, else to the default one."""

    name = "teams"

    def payload(self, outgoing: Outgoing) -> dict[str, object]:
        return adaptive_card(outgoing)
