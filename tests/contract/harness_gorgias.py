"""The contract WORLD, seeded into a fake Gorgias, behind a real GorgiasBackend.

The backend talks HTTP to :class:`tests.contract.gorgias_mock.GorgiasMock` through an
``httpx.AsyncClient`` with the mock's transport, exactly as it talks to Gorgias.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from api_client.backends.gorgias import GorgiasBackend
from tests.backend_fixtures import seeded
from tests.contract.gorgias_mock import GorgiasMock
from tests.contract.world import WORLD, World

if TYPE_CHECKING:  # harnesses.py imports this module: no import cycle at run time
    from tests.contract.harnesses import Seeded

__all__ = [
    "AGENT_EMAIL",
    "CHANNEL",
    "PROFILE",
    "GorgiasWorld",
    "backend_for",
    "gorgias_harness",
    "seed_world",
]

PROFILE = "contract"
AGENT_EMAIL = "giulia@acme.example"
CHANNEL = {
    "email": "email",
    "web_form": "contact_form",
    "chat": "chat",
    "phone": "phone",
    "facebook": "facebook-messenger",
    "twitter": "twitter-direct-message",
    "instagram": "instagram-direct-message",
    "whatsapp": "whatsapp",
    "sms": "sms",
}
"""Our channel → the channel Gorgias gives a ticket (and its messages) that came that way."""


@dataclass
class GorgiasWorld:
    """The ids the mock gave the WORLD's records."""

    me: int
    team: int
    customers: dict[str, int]
    tickets: dict[str, int]


def seed_world(mock: GorgiasMock, world: World = WORLD) -> GorgiasWorld:
    me = mock.add_user(world.agent_name, AGENT_EMAIL, role="agent")
    mock.authenticate_as(me)
    team = mock.add_team("Tier 1", [me])
    customers = {
        c.key: mock.add_customer(c.name, c.email, language=c.language, phone=c.phone)
        for c in world.customers
    }
    tickets: dict[str, int] = {}
    for t in world.tickets:
        customer = customers[t.customer]
        last = t.opened + timedelta(minutes=max(m.minutes for m in t.messages))
        waiting = t.status in ("pending", "on_hold")
        channel = CHANNEL[t.channel]
        ticket_id = mock.add_ticket(
            customer,
            t.subject,
            channel=channel,
            status="closed" if t.status in ("solved", "closed") else "open",
            snooze_until=mock.now + timedelta(days=3) if waiting else None,
            tags=t.tags,
            created_at=t.opened,
            updated_at=last,
            language=next(c.language for c in world.customers if c.key == t.customer),
        )
        for m in t.messages:
            agent = m.role == "agent"
            mock.add_message(
                ticket_id,
                me if agent else customer,
                m.body,
                from_agent=agent,
                channel=channel if m.public else "internal-note",
                created_at=t.opened + timedelta(minutes=m.minutes),
            )
        tickets[t.key] = ticket_id
    for o in world.orders:
        mock.add_shopify_order(
            customers[o.customer],
            o.number,
            total=o.total,
            currency=o.currency,
            items=list(o.items),
            fulfillment_status="fulfilled" if o.carrier else None,
            carrier=o.carrier,
            tracking=o.tracking,
        )
    return GorgiasWorld(me=me, team=team, customers=customers, tickets=tickets)


def backend_for(mock: GorgiasMock, **settings: str) -> GorgiasBackend:
    """A backend signed in to ``mock`` with its API key (override any setting)."""
    options = {"subdomain": mock.subdomain, "email": AGENT_EMAIL, **settings}
    client = httpx.AsyncClient(transport=mock.transport)
    return GorgiasBackend(PROFILE, options, {"token": mock.api_key}, http=client)


async def gorgias_harness(tmp_path: Path, world: World = WORLD) -> Seeded:
    del tmp_path
    mock = GorgiasMock()
    ids = seed_world(mock, world)
    return seeded(backend_for(mock), ids)
