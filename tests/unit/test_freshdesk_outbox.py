"""The outbox over Freshdesk: never a reply twice, conflicts seen by reading the ticket again.

Freshdesk conversations cannot carry our idempotency key (no ``EXTERNAL_IDS``), so the
deliverer reconciles an uncertain message by looking for an agent message with the same
body. Freshdesk has no conditional update (no ``VERSIONED_UPDATES``): the deliverer (and
the backend) read the ticket's ``updated_at`` again before writing. A reply and its field
changes are two requests; when the ``PUT`` fails after the reply went out, the backend
says so as an unknown outcome, so a retry finds the reply by its body instead of
posting it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

import pytest

from api_client.models import Status, TicketUpdate
from console.core.outbox import OutboxState
from tests import backend_fixtures
from tests.backend_fixtures import open_line
from tests.contract.freshdesk_mock import FreshdeskMock
from tests.contract.harness_freshdesk import PROFILE, FreshdeskWorld, backend_for, seed_world

Line: TypeAlias = backend_fixtures.Line[FreshdeskMock, FreshdeskWorld]


@pytest.fixture
def line() -> Iterator[Line]:
    with open_line(FreshdeskMock(), seed_world, backend_for) as opened:
        yield opened


def _bodies(line: Line, key: str) -> list[str]:
    return [c["body_text"] for c in line.mock.conversations[line.world.tickets[key]]]


async def test_a_lost_reply_is_found_by_its_body_and_not_resent(line: Line) -> None:
    line.outbox.enqueue_message(line.local["wismo"], body="Il pacco arriva domani.")
    line.mock.lose_answer("POST")
    first = await line.deliverer.deliver_one()
    assert first is not None and first.state is OutboxState.QUEUED and first.uncertain
    line.clock[0] += 3600
    second = await line.deliverer.deliver_one()
    assert second is not None and second.state is OutboxState.SENT
    assert _bodies(line, "wismo").count("Il pacco arriva domani.") == 1
    assert len(line.mock.writes()) == 1
    native = line.world.tickets["wismo"]
    assert second.remote_id == f"{PROFILE}:{line.mock.conversations[native][-1]['id']}"


async def test_a_lost_note_is_found_by_its_body_and_visibility(line: Line) -> None:
    line.outbox.enqueue_message(line.local["refund"], body="Sollecitato BRT", public=False)
    line.mock.lose_answer("POST")
    await line.deliverer.deliver_one()
    line.clock[0] += 3600
    done = await line.deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.SENT
    assert _bodies(line, "refund").count("Sollecitato BRT") == 1


async def test_a_stale_version_becomes_a_conflict_without_a_write(line: Line) -> None:
    native = line.world.tickets["wismo"]
    stale = line.mock.tickets[native]["updated_at"]
    line.mock.touch(native, status=3)
    line.outbox.enqueue_update(
        line.local["wismo"], TicketUpdate(status=Status.SOLVED), expected_version=stale
    )
    done = await line.deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.CONFLICT
    assert line.mock.tickets[native]["status"] == 3 and line.mock.writes() == []


async def test_a_reply_with_a_fresh_version_goes_out_with_its_changes(line: Line) -> None:
    native = line.world.tickets["wismo"]
    line.outbox.enqueue_message(
        line.local["wismo"],
        body="Risolto!",
        changes=TicketUpdate(status=Status.SOLVED),
        expected_version=line.mock.tickets[native]["updated_at"],
    )
    done = await line.deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.SENT
    assert [w.method for w in line.mock.writes()] == ["POST", "PUT"]
    assert line.mock.tickets[native]["status"] == 4


async def _partial(line: Line) -> None:
    """A reply with a status change whose PUT fails once the reply went out."""
    line.outbox.enqueue_message(
        line.local["wismo"], body="Risolto!", changes=TicketUpdate(status=Status.PENDING)
    )
    line.mock.fail_next(503, method="PUT")
    first = await line.deliverer.deliver_one()
    assert first is not None and first.state is OutboxState.QUEUED and first.uncertain
    assert first.error is not None and "must not be posted again" in first.error
    line.clock[0] += 3600
    second = await line.deliverer.deliver_one()
    assert second is not None and second.state is OutboxState.SENT


async def test_a_failed_put_after_the_reply_never_posts_the_reply_twice(line: Line) -> None:
    await _partial(line)
    assert _bodies(line, "wismo").count("Risolto!") == 1
    assert [w.method for w in line.mock.writes()].count("POST") == 1


async def test_a_failed_put_after_the_reply_is_applied_once_the_reply_is_found(
    line: Line,
) -> None:
    await _partial(line)
    assert line.mock.tickets[line.world.tickets["wismo"]]["status"] == 3
