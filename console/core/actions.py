"""Field changes an agent makes on one or many tickets, queued through the outbox.

A bulk action (assign, status, priority, tags) on marked tickets is one outbox
row per ticket, each guarded by the version the agent saw, so a ticket someone
else changed meanwhile becomes a visible conflict instead of a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from api_client.models import TicketUpdate
from console.core.errors import UserError
from console.core.outbox import Outbox, OutboxEntry

__all__ = ["merge_updates", "parse_tag_edit", "queue_update"]


def merge_updates(first: TicketUpdate, second: TicketUpdate) -> TicketUpdate:
    """Both sets of changes; where both set a field, ``second`` wins. Tags accumulate."""
    values = {
        name: getattr(second, name)
        if getattr(second, name) is not msgspec.UNSET
        else getattr(first, name)
        for name in ("status", "priority", "assignee_id", "group_id", "stage", "promised_by")
    }
    removed = [t for t in (*first.tags_remove, *second.tags_remove) if t not in second.tags_add]
    added = [t for t in (*first.tags_add, *second.tags_add) if t not in second.tags_remove]
    return TicketUpdate(
        **values,
        tags_add=tuple(dict.fromkeys(added)),
        tags_remove=tuple(dict.fromkeys(removed)),
    )


def parse_tag_edit(text: str) -> TicketUpdate:
    """``"vip +urgent -spam"``: words add tags, ``-word`` removes one."""
    add: list[str] = []
    remove: list[str] = []
    for word in text.replace(",", " ").split():
        if word.startswith("-") and len(word) > 1:
            remove.append(word[1:].lower())
        elif word.lstrip("+"):
            add.append(word.lstrip("+").lower())
    if not add and not remove:
        raise UserError("no tags given: type tags to add, -tag to remove", exit_code=2)
    return TicketUpdate(tags_add=tuple(add), tags_remove=tuple(remove))


def queue_update(
    outbox: Outbox, ticket_ids: Iterable[int], changes: TicketUpdate, *, agent_id: int | None
) -> list[OutboxEntry]:
    """One outbox row per ticket, each expecting the version the store holds now."""
    entries = []
    for ticket_id in ticket_ids:
        row = outbox.conn.execute(
            "SELECT version FROM tickets WHERE id = ?", (ticket_id,)
        ).fetchone()
        if row is None:
            continue  # deleted meanwhile
        entries.append(
            outbox.enqueue_update(
                ticket_id, changes, expected_version=str(row[0]), agent_id=agent_id
            )
        )
    return entries
