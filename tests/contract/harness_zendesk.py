"""The contract WORLD, seeded into a fake Zendesk, behind a real ZendeskBackend.

The backend talks HTTP to :class:`tests.contract.zendesk_mock.ZendeskMock` through an
``httpx.AsyncClient`` with the mock's transport, exactly as it talks to Zendesk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from api_client.backends.zendesk import ZendeskBackend
from tests.backend_fixtures import seeded
from tests.contract.world import WORLD, World
from tests.contract.zendesk_mock import ZendeskMock

if TYPE_CHECKING:  # harnesses.py imports this module: no import cycle at run time
    from tests.contract.harnesses import Seeded

__all__ = [
    "AGENT_EMAIL",
    "PROFILE",
    "VIA",
    "ZendeskWorld",
    "backend_for",
    "seed_world",
    "zendesk_harness",
]

PROFILE = "contract"
AGENT_EMAIL = "giulia@acme.example"
VIA = {
    "email": "email",
    "web_form": "web",
    "chat": "chat",
    "phone": "voice",
    "facebook": "facebook",
    "twitter": "twitter",
    "instagram": "instagram_dm",
    "whatsapp": "whatsapp",
    "sms": "sms",
}
"""Our channel → the ``via.channel`` Zendesk gives a ticket that came that way."""


@dataclass
class ZendeskWorld:
    """The ids the mock gave the WORLD's records."""

    me: int
    group: int
    customers: dict[str, int]
    tickets: dict[str, int]


def seed_world(mock: ZendeskMock, world: World = WORLD) -> ZendeskWorld:
    group = mock.add_group("Tier 1")
    me = mock.add_user(
        world.agent_name, AGENT_EMAIL, role="agent", locale="it", default_group_id=group
    )
    mock.authenticate_as(me)
    customers = {
        c.key: mock.add_user(c.name, c.email, locale=c.language, phone=c.phone)
        for c in world.customers
    }
    tickets: dict[str, int] = {}
    for t in world.tickets:
        requester = customers[t.customer]
        last = t.opened + timedelta(minutes=max(m.minutes for m in t.messages))
        ticket_id = mock.add_ticket(
            requester,
            t.subject,
            channel=VIA[t.channel],
            status="hold" if t.status == "on_hold" else t.status,
            priority=t.priority,
            tags=t.tags,
            created_at=t.opened,
            updated_at=last,
        )
        for m in t.messages:
            mock.add_comment(
                ticket_id,
                me if m.role == "agent" else requester,
                m.body,
                public=m.public,
                created_at=t.opened + timedelta(minutes=m.minutes),
                channel="web" if m.role == "agent" else VIA[t.channel],
            )
        tickets[t.key] = ticket_id
    return ZendeskWorld(me=me, group=group, customers=customers, tickets=tickets)


def backend_for(mock: ZendeskMock, **settings: str) -> ZendeskBackend:
    """A backend signed in to ``mock`` with its API token (override any setting)."""
    options = {"subdomain": mock.subdomain, "email": AGENT_EMAIL, **settings}
    client = httpx.AsyncClient(transport=mock.transport)
    return ZendeskBackend(PROFILE, options, {"token": mock.token}, http=client)


async def zendesk_harness(tmp_path: Path, world: World = WORLD) -> Seeded:
    del tmp_path
    mock = ZendeskMock()
    ids = seed_world(mock, world)
    return seeded(backend_for(mock), ids)
