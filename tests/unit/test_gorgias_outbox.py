"""The outbox and the command line over Gorgias: found by its key, never sent twice.

Gorgias keeps our idempotency key in a message's ``external_id`` (``EXTERNAL_IDS``), so
the deliverer reconciles an uncertain reply by that key. Gorgias has no version check of
its own, so the deliverer reads the ticket first and turns a newer version into a
conflict. The last tests run ``deskside sync`` and ``deskside ticket reply`` against the
fake Gorgias, as a user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint
from typing import Any, TypeAlias

import httpx
import pytest

from api_client import http, registry
from api_client.http import make_client
from api_client.models import Status, TicketUpdate
from console.cli import main
from console.core import profiles
from console.core.config import load_config
from console.core.errors import UserError
from console.core.login import login
from console.core.outbox import OutboxState
from console.core.paths import config_file
from tests import backend_fixtures
from tests.backend_fixtures import open_line
from tests.contract.gorgias_mock import GorgiasMock, stamp
from tests.contract.harness_gorgias import (
    AGENT_EMAIL,
    PROFILE,
    GorgiasWorld,
    backend_for,
    seed_world,
)

Line: TypeAlias = backend_fixtures.Line[GorgiasMock, GorgiasWorld]


@pytest.fixture
def line() -> Iterator[Line]:
    with open_line(GorgiasMock(), seed_world, backend_for) as opened:
        yield opened


async def test_a_lost_reply_is_found_by_its_key_and_not_resent(line: Line) -> None:
    native = line.world.tickets["wismo"]
    line.outbox.enqueue_message(line.local["wismo"], body="Il pacco arriva domani.")
    line.mock.lose_answer("POST")
    first = await line.deliverer.deliver_one()
    assert first is not None and first.state is OutboxState.QUEUED and first.uncertain
    line.clock[0] += 3600
    second = await line.deliverer.deliver_one()
    assert second is not None and second.state is OutboxState.SENT
    posted = [m for m in line.mock.messages[native] if m["external_id"] == second.key]
    assert len(posted) == 1 and len(line.mock.writes()) == 1
    assert second.remote_id == f"{PROFILE}:{posted[0]['id']}"


async def test_a_reply_with_a_status_change_lands_both(line: Line) -> None:
    native = line.world.tickets["wismo"]
    line.outbox.enqueue_message(
        line.local["wismo"], body="Risolto!", changes=TicketUpdate(status=Status.SOLVED)
    )
    done = await line.deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.SENT
    assert line.mock.tickets[native]["status"] == "closed"
    assert line.mock.messages[native][-1]["body_text"] == "Risolto!"


async def test_a_stale_version_becomes_a_conflict(line: Line) -> None:
    native = line.world.tickets["wismo"]
    stale = stamp(line.mock.tickets[native]["updated"])
    line.mock.touch(native, status="closed")
    line.outbox.enqueue_message(line.local["wismo"], body="late", expected_version=stale)
    done = await line.deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.CONFLICT
    assert line.mock.writes() == []


# -- the command line ----------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[GorgiasMock, GorgiasWorld]]:
    """A ``gorgias`` profile whose HTTP client talks to the fake Gorgias."""
    mock = GorgiasMock()
    world = seed_world(mock)
    installed = registry._entry_points()
    if "gorgias" not in installed:
        point = EntryPoint("gorgias", "api_client.backends.gorgias:GorgiasBackend", registry.GROUP)
        monkeypatch.setattr(registry, "_entry_points", lambda: {**installed, "gorgias": point})

    def to_the_fake(**options: Any) -> httpx.AsyncClient:
        return make_client(**{"transport": mock.transport, **options})

    # The console builds its client with api_client.http.make_client (imported lazily).
    monkeypatch.setattr(http, "make_client", to_the_fake)
    if hasattr(profiles, "make_client"):
        monkeypatch.setattr(profiles, "make_client", to_the_fake)
    monkeypatch.setenv("ACME_GORGIAS_KEY", mock.api_key)
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'default_profile = "acme"\n[profiles.acme]\nbackend = "gorgias"\n'
        f'options = {{ subdomain = "acme", email = "{AGENT_EMAIL}" }}\n'
        'token_env = "ACME_GORGIAS_KEY"\n',
        encoding="utf-8",
    )
    yield mock, world


def test_sync_then_reply_from_the_command_line(cli, capsys: pytest.CaptureFixture[str]) -> None:
    mock, world = cli
    assert main(["sync"]) == 0
    assert "synced acme: 3 tickets, 6 messages, 0 deleted" in capsys.readouterr().out
    wismo = world.tickets["wismo"]
    code = main(["ticket", "reply", str(wismo), "--body", "Arriva domani."])
    out = capsys.readouterr().out.splitlines()
    assert code == 0 and out[0].startswith("queued ") and out[-1].startswith("sent ")
    assert mock.messages[wismo][-1]["body_text"] == "Arriva domani."
    assert mock.messages[wismo][-1]["channel"] == "email"
    mock.customer_writes(wismo, "Grazie!")
    assert main(["sync"]) == 0
    assert "synced acme: 1 tickets, 5 messages, 0 deleted" in capsys.readouterr().out


def test_a_note_from_the_command_line(cli, capsys: pytest.CaptureFixture[str]) -> None:
    mock, world = cli
    assert main(["sync"]) == 0
    capsys.readouterr()
    refund = world.tickets["refund"]
    assert main(["ticket", "reply", str(refund), "--note", "--body", "Visto."]) == 0
    assert mock.messages[refund][-1]["channel"] == "internal-note"


async def test_login_verifies_the_key_and_writes_the_profile(cli) -> None:
    mock, _ = cli
    given = {"subdomain": "acme", "email": AGENT_EMAIL}
    name, agent = await login(
        "gorgias",
        profile="shop",
        given=given,
        token_env="ACME_GORGIAS_KEY",
        environ={"ACME_GORGIAS_KEY": mock.api_key},
        prompter=None,
        transport=mock.transport,
    )
    assert (name, agent.name) == ("shop", "Giulia Rossi")
    profile = load_config().profiles["shop"]
    assert profile.backend == "gorgias" and profile.options == given
    with pytest.raises(UserError, match="refused the credentials"):
        await login(
            "gorgias",
            given=given,
            token_env="WRONG",
            environ={"WRONG": "not-the-key"},
            prompter=None,
            transport=mock.transport,
        )
