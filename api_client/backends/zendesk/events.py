"""Zendesk's ticket events export → messages of many tickets per request.

``GET /api/v2/incremental/ticket_events?include=comment_events`` (time-based, admins
only, up to 1,000 events a page) lists every update of every ticket since a Unix
time; with the ``comment_events`` side-load each ``Comment`` child event carries the
comment itself. A first sync reads 10,000 threads in a few dozen requests instead of
one per ticket. What the events lack, and how it is made up for:

* authors are ids only: roles and names come from the users the backend has seen
  (agents listed, requesters side-loaded by the ticket export); the rest are read with
  ``users/show_many`` (100 a request) before the page is converted;
* the ticket's own channel (for an agent's reply made in the agent interface) comes
  from the tickets the backend converted; one it never saw is taken as email;
* the export leaves out the last minute and may repeat events at page boundaries;
  messages are upserted by id, so a repeat changes nothing.

A ticket opened on screen still reads its thread through the comments endpoint
(complete, ordered, one request), and so does a sync whose credentials may not read
the export (agents: 403).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from api_client.backends.zendesk import convert
from api_client.backends.zendesk.convert import Qualify
from api_client.backends.zendesk.shapes import ZChildEvent, ZComment, ZTicketEvent, ZUser, ZVia
from api_client.models import Channel, Message

__all__ = ["COMMENT", "authors", "comments", "messages"]

COMMENT = "Comment"


def comments(events: Iterable[ZTicketEvent]) -> list[tuple[int, ZTicketEvent, ZChildEvent]]:
    """The comment child events of a page, with their ticket, in the export's order."""
    found = []
    for event in events:
        if event.ticket_id is None:
            continue
        for child in event.child_events:
            if child.event_type == COMMENT and child.id is not None:
                found.append((event.ticket_id, event, child))
    return found


def authors(events: Iterable[ZTicketEvent]) -> set[int]:
    """Every comment author a page names (the system user ``-1`` is no one to look up)."""
    return {
        child.author_id
        for _, _, child in comments(events)
        if child.author_id is not None and child.author_id > 0
    }


def _comment(event: ZTicketEvent, child: ZChildEvent) -> ZComment:
    assert child.id is not None
    return ZComment(
        id=child.id,
        author_id=child.author_id,
        body=child.body,
        plain_body=child.plain_body,
        html_body=child.html_body,
        # A comment event without its visibility is shown as a note: never let an agent
        # believe the customer saw what they may not have.
        public=bool(child.public),
        created_at=child.created_at or event.created_at,
        via=ZVia(channel=str(child.via.get("channel"))) if isinstance(child.via, dict) else None,
        attachments=child.attachments,
    )


def messages(
    events: Iterable[ZTicketEvent],
    qid: Qualify,
    *,
    users: Mapping[int, ZUser],
    channels: Mapping[int, Channel],
) -> list[Message]:
    """The messages a page of ticket events carries, oldest first."""
    return [
        convert.message(
            _comment(event, child),
            qid(ticket),
            qid,
            users=users,
            ticket_channel=channels.get(ticket, Channel.EMAIL),
        )
        for ticket, event, child in comments(events)
    ]
