"""Macros that live in the helpdesk (Zendesk macros, Freshdesk canned responses ...).

The sync engine stores them in the store's ``macros`` table; the picker offers them
beside the macro files, marked as coming from the helpdesk and read-only (edit them
in the helpdesk). Their placeholders are translated to deskside's variables where
the meaning is the same; any other placeholder makes the preview say it cannot be
rendered here, so a half-filled reply is never sent.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import msgspec

from api_client.models import MacroActions
from console.core.macros.model import MacroActionsSpec, MacroSpec

__all__ = ["HELPDESK", "UNDETERMINED", "helpdesk_macros", "translate_placeholders"]

HELPDESK = Path("<helpdesk>")
"""The ``path`` of every helpdesk macro (how the picker tells them from files)."""
UNDETERMINED = "und"
"""The language key of a helpdesk macro's single body (helpdesks do not say)."""

# Vendor placeholder (Zendesk/Liquid, Freshdesk, Gorgias) → deskside variable.
_PLACEHOLDERS: dict[str, str] = {
    "ticket.requester.first_name": "customer.first_name",
    "ticket.requester.firstname": "customer.first_name",
    "ticket.requester.name": "customer.name",
    "ticket.requester.email": "customer.email",
    "ticket.customer.firstname": "customer.first_name",
    "ticket.customer.first_name": "customer.first_name",
    "ticket.customer.name": "customer.name",
    "ticket.customer.email": "customer.email",
    "ticket.id": "ticket.number",
    "ticket.title": "ticket.subject",
    "ticket.subject": "ticket.subject",
    "ticket.status": "ticket.status",
    "ticket.url": "ticket.url",
    "current_user.first_name": "agent.first_name",
    "current_user.firstname": "agent.first_name",
    "current_user.name": "agent.name",
    "current_user.email": "agent.email",
    "ticket.agent.name": "agent.name",
    "ticket.assignee.name": "agent.name",
    "ticket.assignee.first_name": "agent.first_name",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")


def translate_placeholders(body: str) -> str:
    """Vendor placeholders with a deskside meaning become deskside variables."""

    def swap(match: re.Match[str]) -> str:
        name = match.group(1)
        ours = _PLACEHOLDERS.get(name) or _PLACEHOLDERS.get(name.lower())
        return f"{{{{ {ours} }}}}" if ours else match.group(0)

    return _PLACEHOLDER.sub(swap, body)


def _actions(raw: str) -> MacroActionsSpec:
    try:
        actions = msgspec.json.decode(raw or "{}", type=MacroActions)
    except msgspec.DecodeError:
        return MacroActionsSpec()
    return MacroActionsSpec(
        status=actions.status,
        priority=actions.priority,
        tags_add=actions.tags_add,
        tags_remove=actions.tags_remove,
        stage=actions.stage,
        note=actions.note,
    )


def helpdesk_macros(conn: sqlite3.Connection) -> list[MacroSpec]:
    """The helpdesk's macros in the store, as read-only picker entries."""
    rows = conn.execute(
        "SELECT id, coalesce(remote_id, CAST(id AS TEXT)), title, body, actions "
        "FROM macros ORDER BY title"
    ).fetchall()
    return [
        MacroSpec(
            id=f"helpdesk.{remote}",
            title=str(title),
            bodies={UNDETERMINED: translate_placeholders(str(body))},
            actions=_actions(str(actions)),
            description="from the helpdesk (read-only: edit it there)",
            path=HELPDESK,
        )
        for _, remote, title, body, actions in rows
        if str(body).strip()
    ]
