"""Combined profiles over fake helpdesks: two Zendesk accounts whose ids overlap exactly,
and a Zendesk with a Freshdesk.

Both fakes are seeded with the contract WORLD, so their ticket, user and comment
ids are the same: the hardest case for one mirror (shop_de's subjects start with
"DE "). The config file is real and so is everything that reads it; only
``make_client`` gets a MockTransport that routes each request by its host.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx
import pytest

import api_client.http as http
from console.core import paths
from console.core.accounts import account_backends, sync_accounts
from console.core.config import load_config
from console.core.profiles import open_workspace
from console.core.workspace import Workspace
from tests.contract.freshdesk_mock import FreshdeskMock
from tests.contract.harness_freshdesk import FreshdeskWorld
from tests.contract.harness_freshdesk import seed_world as seed_freshdesk
from tests.contract.harness_zendesk import AGENT_EMAIL, ZendeskWorld, seed_world
from tests.contract.mock_base import MockHelpdesk
from tests.contract.zendesk_mock import ZendeskMock

__all__ = [
    "Agency",
    "Mixed",
    "open_synced",
    "serve_accounts",
    "setup_agency",
    "setup_mixed",
    "sync_agency",
]


def serve_accounts(
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    mocks: Sequence[MockHelpdesk],
    tokens: Mapping[str, str],
) -> None:
    """Route every HTTP client to the fake its request's host names, set the accounts'
    token variables and write ``config`` as the user's config file."""
    hosts = {f"{m.subdomain}.{m.domain}": m for m in mocks}
    router = httpx.MockTransport(lambda request: hosts[request.url.host].handle(request))
    make_client = http.make_client
    monkeypatch.setattr(
        http, "make_client", lambda **kwargs: make_client(**{**kwargs, "transport": router})
    )
    for variable, token in tokens.items():
        monkeypatch.setenv(variable, token)
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(config, encoding="utf-8")


CONFIG = f"""
default_profile = "agency"

[profiles.shop_it]
backend = "zendesk"
options = {{ subdomain = "shop-it", email = "{AGENT_EMAIL}" }}
token_env = "SHOP_IT_TOKEN"

[profiles.shop_de]
backend = "zendesk"
options = {{ subdomain = "shop-de", email = "{AGENT_EMAIL}" }}
token_env = "SHOP_DE_TOKEN"
{{de_extra}}

[profiles.agency]
accounts = ["shop_it", "shop_de"]
"""


@dataclass
class Agency:
    it: ZendeskMock
    de: ZendeskMock
    it_ids: ZendeskWorld
    de_ids: ZendeskWorld

    def mock(self, account: str) -> ZendeskMock:
        return self.it if account == "shop_it" else self.de


def setup_agency(monkeypatch: pytest.MonkeyPatch, *, de_read_only: bool = False) -> Agency:
    it, de = ZendeskMock(subdomain="shop-it"), ZendeskMock(subdomain="shop-de", token="de-5ecr3t")
    agency = Agency(it=it, de=de, it_ids=seed_world(it), de_ids=seed_world(de))
    for ticket_id in agency.de_ids.tickets.values():  # same ids, other words
        de.touch(ticket_id, subject="DE " + de.tickets[ticket_id]["subject"])
    extra = "read_only = true" if de_read_only else ""
    serve_accounts(
        monkeypatch,
        CONFIG.replace("{de_extra}", extra),
        (it, de),
        {"SHOP_IT_TOKEN": it.token, "SHOP_DE_TOKEN": de.token},
    )
    return agency


async def sync_agency(workspace: Workspace) -> None:
    """Sync every account of the workspace's combined profile; any failure fails the test."""
    async with account_backends(workspace.config, workspace) as backends:
        results = await sync_accounts(workspace.conn, workspace, backends)
    for result in results.values():
        assert not isinstance(result, BaseException), result


async def open_synced(profile: str) -> Workspace:
    """The profile's workspace, every account synced from its fake."""
    workspace = open_workspace(load_config(), profile)
    await sync_agency(workspace)
    return workspace


MIXED_CONFIG = f"""
default_profile = "mixed"

[profiles.shop_it]
backend = "zendesk"
options = {{ subdomain = "shop-it", email = "{AGENT_EMAIL}" }}
token_env = "SHOP_IT_TOKEN"

[profiles.shop_fr]
backend = "freshdesk"
options = {{ subdomain = "shop-fr" }}
token_env = "SHOP_FR_TOKEN"

[profiles.mixed]
accounts = ["shop_it", "shop_fr"]
"""


@dataclass
class Mixed:
    """One Zendesk and one Freshdesk account (their ticket ids overlap too)."""

    zendesk: ZendeskMock
    freshdesk: FreshdeskMock
    zendesk_ids: ZendeskWorld
    freshdesk_ids: FreshdeskWorld


def setup_mixed(monkeypatch: pytest.MonkeyPatch) -> Mixed:
    zendesk, freshdesk = ZendeskMock(subdomain="shop-it"), FreshdeskMock(subdomain="shop-fr")
    mixed = Mixed(zendesk, freshdesk, seed_world(zendesk), seed_freshdesk(freshdesk))
    serve_accounts(
        monkeypatch,
        MIXED_CONFIG,
        (zendesk, freshdesk),
        {"SHOP_IT_TOKEN": zendesk.token, "SHOP_FR_TOKEN": freshdesk.api_key},
    )
    return mixed
