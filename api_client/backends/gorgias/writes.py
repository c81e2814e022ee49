"""The bodies of the writes deskside makes to Gorgias: ticket changes and messages.

Ticket fields go in one ``PUT /api/tickets/{id}``: ``status`` (and ``snooze_datetime``
for pending), ``assignee_user``, ``assignee_team`` and the full ``tags`` list, computed
from the ticket as just read so that only the named tags are added or removed. A reply
or note is one ``POST /api/tickets/{id}/messages``; a reply goes back on the channel and
through the addresses of the customer's latest message (the ticket's own channel and the
customer's email when the customer has not written), a note on the ``internal-note``
channel. Each message carries the outbox key in ``external_id``, which Gorgias keeps and
never uses, so an uncertain delivery is found again by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

import msgspec

from api_client.backend import Outgoing
from api_client.backends.common.stage_tags import tag_edits
from api_client.backends.gorgias.convert import (
    CUSTOMER_CHANNELS,
    NOTE_CHANNEL,
    maybe_time,
    person_name,
    status_fields,
    tag_names,
)
from api_client.backends.gorgias.endpoints import native
from api_client.backends.gorgias.shapes import GAddress, GMessage, GTicket
from api_client.models import TicketUpdate

__all__ = ["VIA", "customer_message", "html_body", "message_body", "ticket_changes"]

VIA = "api"
"""How deskside's messages reach Gorgias."""


def ticket_changes(
    raw: GTicket, update: TicketUpdate, *, now: datetime, snooze: timedelta
) -> dict[str, Any]:
    """The body of the ``PUT`` that applies ``update`` to ``raw`` (empty: nothing to do).

    ``priority`` and ``promised_by`` have no place in Gorgias's ticket and are left out.
    """
    body: dict[str, Any] = {}
    if update.status is not msgspec.UNSET:
        body.update(status_fields(update.status, now, snooze))
    if update.assignee_id is not msgspec.UNSET:
        body["assignee_user"] = (
            None if update.assignee_id is None else {"id": native(update.assignee_id, "agent")}
        )
    if update.group_id is not msgspec.UNSET:
        body["assignee_team"] = (
            None if update.group_id is None else {"id": native(update.group_id, "team")}
        )
    current = tag_names(raw)
    adds, removed = tag_edits(update)
    removes = set(removed)
    tags = [tag for tag in current if tag not in removes]
    tags += [tag for tag in dict.fromkeys(adds) if tag not in tags]
    if tags != current:
        body["tags"] = [{"name": tag} for tag in tags]
    return body


def customer_message(messages: Iterable[GMessage]) -> GMessage | None:
    """The customer's latest message that came through a channel one can answer on."""
    latest: GMessage | None = None
    latest_at = datetime.min.replace(tzinfo=UTC)
    for candidate in messages:
        if candidate.from_agent or candidate.deleted_datetime:
            continue
        if (candidate.channel or "") not in CUSTOMER_CHANNELS:
            continue
        when = maybe_time(candidate.created_datetime) or latest_at
        if latest is None or when >= latest_at:
            latest, latest_at = candidate, when
    return latest


def _address(raw: GAddress | None) -> dict[str, Any] | None:
    if raw is None or not raw.address:
        return None
    found: dict[str, Any] = {"address": raw.address}
    if raw.name is not None:
        found["name"] = raw.name
    return found


def html_body(text: str) -> str:
    """A plain-text body as the HTML Gorgias sends by email (escaped, lines kept)."""
    return escape(text).replace("\n", "<br>")


def _reply_route(raw: GTicket, last: GMessage | None) -> dict[str, Any]:
    """``channel``, ``source`` and ``receiver`` of a reply."""
    customer_id = raw.customer.id if raw.customer is not None else None
    if last is not None and last.channel:
        source: dict[str, Any] = {
            "type": (last.source.type if last.source else None) or last.channel
        }
        ours = _address(next(iter(last.source.to or ()), None)) if last.source else None
        theirs = _address(last.source.from_) if last.source else None
        if ours is not None:
            source["from"] = ours
        source["to"] = [theirs] if theirs is not None else []
        receiver = last.sender.id if last.sender is not None else None
        route: dict[str, Any] = {"channel": last.channel, "source": source}
        if receiver is not None or customer_id is not None:
            route["receiver"] = {"id": receiver if receiver is not None else customer_id}
        return route
    channel = raw.channel if raw.channel in CUSTOMER_CHANNELS else "email"
    to: list[dict[str, Any]] = []
    if raw.customer is not None and raw.customer.email:
        to.append({"name": person_name(raw.customer, ""), "address": raw.customer.email})
    route = {"channel": channel, "source": {"type": channel, "to": to}}
    if customer_id is not None:
        route["receiver"] = {"id": customer_id}
    return route


def message_body(
    outgoing: Outgoing,
    raw: GTicket,
    *,
    sender_id: int,
    sender: GAddress,
    last: GMessage | None,
) -> dict[str, Any]:
    """The body of the ``POST`` that adds ``outgoing`` to the ticket ``raw``."""
    body: dict[str, Any] = {
        "from_agent": True,
        "via": VIA,
        "sender": {"id": sender_id},
        "body_text": outgoing.body,
        "body_html": html_body(outgoing.body),
        "external_id": outgoing.external_id,
    }
    if outgoing.public:
        body.update(_reply_route(raw, last))
    else:
        source: dict[str, Any] = {"type": NOTE_CHANNEL, "to": []}
        author = _address(sender)
        if author is not None:
            source["from"] = author
        body.update({"channel": NOTE_CHANNEL, "source": source})
    return body
