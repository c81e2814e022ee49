"""A combined profile of two Gorgias accounts: a customer's orders come from their own account.

Both fakes hold the same WORLD, so the customer ids are the same in both: only the
customer's account can tell which helpdesk to ask.
"""

from __future__ import annotations

import pytest

from console.app import DesksideApp
from screens.ticket import TicketScreen
from screens.widgets.customer_pane import CustomerPane
from tests.agency import open_synced, serve_accounts
from tests.contract.gorgias_mock import GorgiasMock
from tests.contract.harness_gorgias import AGENT_EMAIL, GorgiasWorld, seed_world

CONFIG = f"""
default_profile = "agency"

[profiles.shop_it]
backend = "gorgias"
options = {{ subdomain = "shop-it", email = "{AGENT_EMAIL}" }}
token_env = "SHOP_IT_TOKEN"

[profiles.shop_de]
backend = "gorgias"
options = {{ subdomain = "shop-de", email = "{AGENT_EMAIL}" }}
token_env = "SHOP_DE_TOKEN"

[profiles.agency]
accounts = ["shop_it", "shop_de"]
"""


def _two_accounts(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[GorgiasMock, GorgiasWorld]]:
    mocks = {
        "shop_it": GorgiasMock(subdomain="shop-it", api_key="it-5ecr3t"),
        "shop_de": GorgiasMock(subdomain="shop-de", api_key="de-5ecr3t"),
    }
    serve_accounts(
        monkeypatch,
        CONFIG,
        list(mocks.values()),
        {"SHOP_IT_TOKEN": mocks["shop_it"].api_key, "SHOP_DE_TOKEN": mocks["shop_de"].api_key},
    )
    return {account: (mock, seed_world(mock)) for account, mock in mocks.items()}


async def test_the_customers_account_is_the_one_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = _two_accounts(monkeypatch)
    workspace = await open_synced("agency")
    de, de_ids = accounts["shop_de"]
    it, _ = accounts["shop_it"]
    claire = de_ids.customers["claire"]
    de.add_shopify_order(
        claire,
        "#DE-4711",
        total="19.99",
        currency="EUR",
        items=[("SOCK-1", "Wollsocken", 3, "6.66")],
        fulfillment_status="fulfilled",
        carrier="DHL",
        tracking="JJD000390007",
    )
    (ticket,) = workspace.conn.execute(
        "SELECT id FROM tickets WHERE account = 'shop_de' AND remote_id = ?",
        (str(de_ids.tickets["hostile"]),),
    ).fetchone()
    app = DesksideApp(workspace, config=workspace.config)
    async with app.run_test(size=(160, 40)) as pilot:
        app.open_ticket(ticket)
        text = ""
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, TicketScreen):
                pane = app.screen.query_one(CustomerPane)
                text = str(pane.query_one("#customer-orders").render())
                if "#DE-4711" in text:
                    break
        assert "#DE-4711" in text and "DHL JJD000390007" in text, text
        assert len(de.reads(f"/api/customers/{claire}")) == 1
        assert it.reads(f"/api/customers/{claire}") == []
    workspace.conn.close()
