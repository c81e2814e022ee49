"""The outbox over Zendesk: a lost answer is found again by its body, never sent twice.

Zendesk comments cannot carry our idempotency key (no ``EXTERNAL_IDS``), so the
deliverer reconciles an uncertain reply by looking for an agent comment with the same
body; a stale version is refused by Zendesk itself (``safe_update``) as a conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

import pytest

from api_client.models import Status, TicketUpdate
from console.core.outbox import OutboxState
from tests import backend_fixtures
from tests.backend_fixtures import open_line
from tests.contract.harness_zendesk import PROFILE, ZendeskWorld, backend_for, seed_world
from tests.contract.zendesk_mock import ZendeskMock

Line: TypeAlias = backend_fixtures.Line[ZendeskMock, ZendeskWorld]


@pytest.fixture
def line() -> Iterator[Line]:
    with open_line(ZendeskMock(), seed_world, backend_for) as opened:
        yield opened


async def test_a_lost_reply_is_found_by_its_body_and_not_resent(line: Line) -> None:
    native = line.world.tickets["wismo"]
    line.outbox.enqueue_message(line.local["wismo"], body="Il pacco arriva domani.")
    line.mock.lose_answer("PUT")
    first = await line.deliverer.deliver_one()
    assert first is not None and first.state is OutboxState.QUEUED and first.uncertain
    line.clock[0] += 3600
    second = await line.deliverer.deliver_one()
    assert second is not None and second.state is OutboxState.SENT
    bodies = [c["body"] for c in line.mock.comments[native]]
    assert bodies.count("Il pacco arriva domani.") == 1
    assert len(line.mock.writes()) == 1
    assert second.remote_id == f"{PROFILE}:{line.mock.comments[native][-1]['id']}"


async def test_a_lost_update_is_found_reflected_on_the_ticket(line: Line) -> None:
    line.outbox.enqueue_update(line.local["refund"], TicketUpdate(tags_add=("once",)))
    line.mock.lose_answer("PUT")
    first = await line.deliverer.deliver_one()
    assert first is not None and first.uncertain
    line.clock[0] += 3600
    second = await line.deliverer.deliver_one()
    assert second is not None and second.state is OutboxState.SENT
    assert len(line.mock.writes()) == 1


async def test_a_stale_version_becomes_a_conflict(line: Line) -> None:
    native = line.world.tickets["wismo"]
    stale = line.mock.tickets[native]["updated_at"]
    line.mock.touch(native, status="pending")
    line.outbox.enqueue_update(
        line.local["wismo"], TicketUpdate(status=Status.SOLVED), expected_version=stale
    )
    done = await line.deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.CONFLICT
    assert line.mock.tickets[native]["status"] == "pending"
