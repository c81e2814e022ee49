"""Echo Desk: a tiny helpdesk that only knows who-am-I, registered as if it were a plugin.

Login tests (the command line's and the console's login screen) log in to it: its
options are declared like a real backend's, and its who-am-I call goes through an
``httpx.MockTransport`` that accepts exactly one email/token pair.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import ClassVar

import httpx
import pytest

from api_client import registry
from api_client.backend import Backend, BackendOption
from api_client.errors import AuthError
from api_client.http import raise_for_status
from api_client.models import Agent

__all__ = ["EMAIL", "TOKEN", "EchoDesk", "echo_handler", "register_echodesk"]

TOKEN = "tok-9f8e7d6c5b4a"
EMAIL = "giulia@acme.example"


def echo_handler(request: httpx.Request) -> httpx.Response:
    expected = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
    if request.headers.get("authorization") != f"Basic {expected}":
        return httpx.Response(401, json={"error": "Couldn't authenticate you"})
    return httpx.Response(200, json={"user": {"id": 7, "name": "Giulia Rossi"}})


class EchoDesk(Backend):
    """A helpdesk client that only knows who-am-I (enough to log in)."""

    name: ClassVar[str] = "echodesk"
    label: ClassVar[str] = "Echo Desk"
    options: ClassVar[Sequence[BackendOption]] = (
        BackendOption(
            name="subdomain",
            label="Subdomain",
            description="acme for acme.echo",
            alternative="base_url",
        ),
        BackendOption(name="base_url", label="Base URL", required=False),
        BackendOption(name="email", label="Login email"),
        BackendOption(name="token", label="API token", secret=True),
    )

    async def who_am_i(self) -> Agent:
        assert self._http is not None
        base = self.settings.get("base_url") or f"https://{self.settings['subdomain']}.echo"
        auth = httpx.BasicAuth(f"{self.settings['email']}/token", self._secrets["token"])
        response = await self._http.get(f"{base}/api/v2/users/me", auth=auth)
        raise_for_status(response)
        user = response.json()["user"]
        return Agent(id=self.qid(user["id"]), name=user["name"])

    async def changes(self, cursor, *, limit=None):
        raise AuthError("not used")

    get_ticket = get_thread = get_customer = list_agents = post_message = update = changes  # type: ignore[assignment]


def register_echodesk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``echodesk`` an installed backend beside ``local`` for this test."""
    real_load = registry.load
    monkeypatch.setattr(
        registry,
        "load",
        lambda name, points=None: EchoDesk if name == "echodesk" else real_load(name),
    )
    monkeypatch.setattr(registry, "available", lambda points=None: {"local": "x", "echodesk": "y"})
