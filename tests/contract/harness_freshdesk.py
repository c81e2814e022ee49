"""The contract WORLD, seeded into a fake Freshdesk, behind a real FreshdeskBackend.

The backend talks HTTP to :class:`tests.contract.freshdesk_mock.FreshdeskMock` through an
``httpx.AsyncClient`` with the mock's transport, exactly as it talks to Freshdesk. A
ticket's first WORLD message is its description; the others are conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from api_client.backends.freshdesk import FreshdeskBackend
from tests.backend_fixtures import seeded
from tests.contract.freshdesk_mock import FreshdeskMock
from tests.contract.world import WORLD, World

if TYPE_CHECKING:  # harnesses.py imports this module: no import cycle at run time
    from tests.contract.harnesses import Seeded

__all__ = [
    "AGENT_EMAIL",
    "PRIORITY",
    "PROFILE",
    "SOURCE",
    "STATUS",
    "FreshdeskWorld",
    "backend_for",
    "freshdesk_harness",
    "seed_world",
]

PROFILE = "contract"
AGENT_EMAIL = "giulia@acme.example"
SOURCE = {
    "email": 1,
    "web_form": 2,
    "phone": 3,
    "twitter": 5,
    "facebook": 6,
    "chat": 7,
    "whatsapp": 13,  # a source Freshdesk's reference does not list: read back as email
}
"""Our channel → the ``source`` Freshdesk gives a ticket that came that way."""
STATUS = {"new": 2, "open": 2, "pending": 3, "on_hold": 7, "solved": 4, "closed": 5}
PRIORITY = {"low": 1, "normal": 2, "high": 3, "urgent": 4}


@dataclass
class FreshdeskWorld:
    """The ids the mock gave the WORLD's records."""

    me: int
    group: int
    customers: dict[str, int]
    tickets: dict[str, int]


def seed_world(mock: FreshdeskMock, world: World = WORLD) -> FreshdeskWorld:
    group = mock.add_group("Tier 1")
    me = mock.add_agent(world.agent_name, AGENT_EMAIL, group_ids=[group], language="it")
    mock.authenticate_as(me)
    customers = {
        c.key: mock.add_contact(c.name, c.email, phone=c.phone, language=c.language)
        for c in world.customers
    }
    tickets: dict[str, int] = {}
    for t in world.tickets:
        requester = customers[t.customer]
        first, *rest = t.messages
        last = t.opened + timedelta(minutes=max(m.minutes for m in t.messages))
        ticket_id = mock.add_ticket(
            requester,
            t.subject,
            description=first.body,
            source=SOURCE[t.channel],
            status=STATUS[t.status],
            priority=PRIORITY[t.priority],
            tags=t.tags,
            created_at=t.opened,
            updated_at=last,
        )
        for m in rest:
            agent = m.role == "agent"
            mock.add_conversation(
                ticket_id,
                me if agent else requester,
                m.body,
                private=not m.public,
                incoming=not agent,
                source=(0 if m.public else 2) if agent else 1,
                created_at=t.opened + timedelta(minutes=m.minutes),
            )
        tickets[t.key] = ticket_id
    return FreshdeskWorld(me=me, group=group, customers=customers, tickets=tickets)


def backend_for(mock: FreshdeskMock, **settings: str) -> FreshdeskBackend:
    """A backend signed in to ``mock`` with its API key (override any setting)."""
    options = {"subdomain": mock.subdomain, **settings}
    client = httpx.AsyncClient(transport=mock.transport)
    return FreshdeskBackend(PROFILE, options, {"token": mock.api_key}, http=client)


async def freshdesk_harness(tmp_path: Path, world: World = WORLD) -> Seeded:
    del tmp_path
    mock = FreshdeskMock()
    ids = seed_world(mock, world)
    return seeded(backend_for(mock), ids)
