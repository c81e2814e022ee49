"""The Freshdesk change feed never truncates a sync: 30-day window, page cap, drift, blocks.

The mock enforces what Freshdesk does: no ``updated_since`` means only tickets created
in the past 30 days, and a ``page`` past the cap is HTTP 400 (the cap is made small
here so the tests reach it quickly; Freshdesk's is 300).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TypeAlias

import pytest

from api_client.backends.freshdesk import FreshdeskBackend
from api_client.backends.freshdesk.feed import (
    CURSOR_PREFIX,
    FULL_SYNC_SINCE,
    MAX_PASSES,
    FeedCursor,
    Lane,
    LaneState,
    Row,
    step,
)
from api_client.errors import InvalidRequestError, InvalidResponseError
from api_client.models import ChangePage
from tests import backend_fixtures
from tests.backend_fixtures import open_desk
from tests.contract.freshdesk_mock import START, FreshdeskMock, iso
from tests.contract.harness_freshdesk import FreshdeskWorld, backend_for, seed_world

T0 = "2026-11-01T10:00:00Z"
T1 = "2026-11-01T10:00:01Z"
T2 = "2026-11-01T10:00:02Z"


# -- the step function ----------------------------------------------------------------------


def test_the_boundary_second_is_asked_again_and_its_seen_ids_skipped() -> None:
    moved = step(
        LaneState(T0, seen=(1, 2)),
        [Row(1, T0), Row(2, T0), Row(3, T1), Row(4, T1)],
        per_page=100,
    )
    assert moved.fresh == (3, 4) and moved.exhausted
    assert moved.state == LaneState(T1, 1, (3, 4), 0)


def test_a_full_page_moves_the_query_to_its_newest_ticket() -> None:
    moved = step(LaneState(T0), [Row(1, T0), Row(2, T1), Row(3, T2)], per_page=3)
    assert moved.fresh == (1, 2, 3) and not moved.exhausted
    assert moved.state == LaneState(T2, 1, (3,), 0), "always page 1: no cap, no drift"


def test_a_block_sharing_one_second_is_walked_by_page_then_checked() -> None:
    first = step(LaneState(T0), [Row(n, T0) for n in range(1, 4)], per_page=3)
    assert first.state == LaneState(T0, 2, (1, 2, 3), 0) and not first.exhausted
    second = step(first.state, [Row(4, T0), Row(5, T0), Row(6, T1)], per_page=3)
    assert second.fresh == (4, 5, 6)
    assert second.state == LaneState(T1, 1, (6,), 0), "block of 5 seen whole: go on"


def test_a_block_read_incompletely_is_read_again_and_only_its_tickets_delivered() -> None:
    state = LaneState(T0, 2, (1, 2, 3), 0)
    # the order of equal stamps changed: page 2 repeats ticket 3 and hides ticket 4
    moved = step(state, [Row(3, T0), Row(5, T0), Row(6, T1)], per_page=3)
    assert moved.fresh == (5,), "ticket 6 comes again after the re-read"
    assert moved.state == LaneState(T0, 1, (1, 2, 3, 5), 1) and not moved.exhausted


def test_a_block_that_never_shows_all_its_tickets_is_an_error_not_a_gap() -> None:
    state = LaneState(T0, 2, (1, 2, 3), MAX_PASSES - 1)
    with pytest.raises(InvalidResponseError, match="never appeared"):
        step(state, [Row(3, T0), Row(5, T0), Row(6, T1)], per_page=3)


def test_a_block_beyond_the_page_cap_is_an_error_not_a_gap() -> None:
    with pytest.raises(InvalidRequestError, match="cannot page past 2 pages"):
        step(LaneState(T0, 2, (1, 2, 3)), [Row(n, T0) for n in (4, 5, 6)], per_page=3, cap=2)


def test_a_page_out_of_order_is_refused() -> None:
    with pytest.raises(InvalidResponseError, match="out of updated_at order"):
        step(LaneState(T0), [Row(1, T1), Row(2, T0)], per_page=3)


def test_an_empty_page_has_caught_up() -> None:
    moved = step(LaneState(T0, seen=(9,)), [], per_page=100)
    assert moved.fresh == () and moved.exhausted and moved.state == LaneState(T0, 1, (9,), 0)


def test_the_cursor_round_trips_and_garbage_is_refused() -> None:
    cursor = FeedCursor.start(deletions_since=T1).moved(
        LaneState(T2, 3, (7, 8), 1), next_lane=Lane.SPAM
    )
    text = cursor.encode()
    assert text.startswith(CURSOR_PREFIX)
    assert FeedCursor.decode(text) == cursor
    assert FeedCursor.decode(text).lanes[Lane.DELETED] == LaneState(T1)
    for bad in ("start_time:0", CURSOR_PREFIX + "{}", CURSOR_PREFIX + "not json", text[:-3]):
        with pytest.raises(InvalidRequestError):
            FeedCursor.decode(bad)
    for wrong in (f'["{T2}",0,', '["yesterday",3,', f'["{T2}",301,'):
        with pytest.raises(InvalidRequestError):
            FeedCursor.decode(text.replace(f'["{T2}",3,', wrong))


# -- the feed against the mock ------------------------------------------------------------------


Desk: TypeAlias = backend_fixtures.Desk[FreshdeskMock, FreshdeskWorld, FreshdeskBackend]


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with open_desk(FreshdeskMock(page_cap=3), seed_world, backend_for) as opened:
        yield opened


async def _drain(
    backend: FreshdeskBackend, cursor: str | None = None, *, limit: int | None = None
) -> tuple[list[ChangePage], str]:
    pages: list[ChangePage] = []
    while True:
        page = await backend.changes(cursor, limit=limit)
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            return pages, cursor
        assert len(pages) < 500, "the feed never ends"


def _ids(pages: list[ChangePage]) -> list[str]:
    return [t.id for page in pages for t in page.tickets]


def _many(desk: Desk, count: int, *, days_ago: int = 0, same_second: bool = False) -> list[int]:
    marco = desk.world.customers["marco"]
    made = []
    for n in range(count):
        created = START - timedelta(days=days_ago, seconds=count - n)
        updated = START - timedelta(hours=1) if same_second else created
        made.append(desk.mock.add_ticket(marco, f"t{n}", created_at=created, updated_at=updated))
    return made


async def test_a_full_sync_reads_every_ticket_however_old(desk: Desk) -> None:
    old = _many(desk, 3, days_ago=400)
    pages, _ = await _drain(desk.backend)
    expected = {desk.q(n) for n in [*desk.world.tickets.values(), *old]}
    assert set(_ids(pages)) == expected
    listed = desk.mock.reads("/api/v2/tickets")
    first = listed[0].params
    assert first["updated_since"] == FULL_SYNC_SINCE
    assert (first["order_by"], first["order_type"]) == ("updated_at", "asc")
    assert (first["per_page"], first["page"]) == ("100", "1")
    assert first["include"] == "requester,description"
    assert "filter" not in first


async def test_without_updated_since_freshdesk_shows_only_30_days(desk: Desk) -> None:
    old = _many(desk, 2, days_ago=45)
    raw = await desk.backend._api.get("/api/v2/tickets", list[dict[str, object]])
    assert not {t["id"] for t in raw} & set(old), "the mock enforces the default window"
    pages, _ = await _drain(desk.backend)
    assert {desk.q(n) for n in old} <= set(_ids(pages))


async def test_the_page_cap_is_never_reached(desk: Desk) -> None:
    made = _many(desk, 1000)  # 10 pages of 100, with a cap of 3 pages a query
    with pytest.raises(InvalidRequestError, match="cap of 300"):
        await desk.backend._list(Lane.TICKETS, LaneState(FULL_SYNC_SINCE, page=4), 100)
    probes = len(desk.mock.requests)
    pages, _ = await _drain(desk.backend)
    seen = _ids(pages)
    assert len(seen) == len(set(seen)) == 1003
    assert {desk.q(n) for n in made} <= set(seen)
    listed = [r for r in desk.mock.requests[probes:] if r.path == "/api/v2/tickets"]
    assert len(listed) >= 11 and {r.params["page"] for r in listed} == {"1"}


async def test_the_feed_resumes_from_a_cursor_in_another_process(desk: Desk) -> None:
    _many(desk, 250)
    cursor = None
    seen: list[str] = []
    for _ in range(2):
        page = await desk.backend.changes(cursor)
        seen += [t.id for t in page.tickets]
        cursor = page.cursor
    assert cursor is not None
    fresh = backend_for(desk.mock)
    pages, _ = await _drain(fresh, cursor)
    seen += _ids(pages)
    assert len(seen) == len(set(seen)) == 253
    await fresh.aclose()


async def test_tickets_edited_during_a_long_sync_are_never_skipped(desk: Desk) -> None:
    made = _many(desk, 300)
    cursor = None
    seen: list[str] = []
    edited = iter(made[:50])
    while True:
        page = await desk.backend.changes(cursor, limit=20)
        seen += [t.id for t in page.tickets]
        cursor = page.cursor
        for _ in range(5):  # other agents edit tickets the sync has already read
            ticket = next(edited, None)
            if ticket is not None:
                desk.mock.touch(ticket)
        if not page.more:
            break
    expected = {desk.q(n) for n in [*made, *desk.world.tickets.values()]}
    assert set(seen) == expected


async def test_a_block_of_one_second_is_read_by_pages_within_the_cap(desk: Desk) -> None:
    block = _many(desk, 250, same_second=True)  # a bulk action: 250 tickets, one second
    pages, _ = await _drain(desk.backend)
    seen = _ids(pages)
    assert {desk.q(n) for n in block} <= set(seen) and len(seen) == len(set(seen)) == 253
    pages_asked = [r.params["page"] for r in desk.mock.reads("/api/v2/tickets")]
    assert {"2", "3"} <= set(pages_asked)


async def test_a_block_whose_order_changes_between_pages_is_read_again(desk: Desk) -> None:
    block = _many(desk, 250, same_second=True)
    listed = lambda: desk.mock.reads("/api/v2/tickets")  # noqa: E731

    def unstable(ticket: dict[str, int]) -> int:
        # Freshdesk promises no order among equal stamps: it flips after the block's page 1
        return ticket["id"] if len(listed()) <= 2 else -ticket["id"]

    desk.mock.tie_order = unstable
    pages, _ = await _drain(desk.backend)
    seen = _ids(pages)
    assert {desk.q(n) for n in block} <= set(seen), "no ticket of the block is lost"
    assert len(seen) == len(set(seen)), "and none is delivered twice"
    asked = [(r.params["updated_since"], r.params["page"]) for r in listed()]
    block_since = asked[1][0]
    assert asked.count((block_since, "1")) == 2, "the block was read a second time"


async def test_a_block_larger_than_the_cap_fails_loudly(desk: Desk) -> None:
    _many(desk, 350, same_second=True)  # > 3 pages of 100 share one second
    with pytest.raises(InvalidRequestError, match=r"400 .*\(page: invalid_value\).*refuses pages"):
        await _drain(desk.backend)  # Freshdesk's own 400 past its cap: an error, never a gap


async def test_deleted_and_spam_tickets_arrive_as_deletions(desk: Desk) -> None:
    gone_before = _many(desk, 1)[0]
    desk.mock.delete_ticket(gone_before)
    desk.mock.tick(60)
    pages, cursor = await _drain(desk.backend)
    assert desk.q(gone_before) not in _ids(pages)
    assert not any(page.deleted for page in pages), "deleted before the sync: never mirrored"
    lanes = [r.params.get("filter") for r in desk.mock.reads("/api/v2/tickets")]
    assert lanes == [None, "deleted", "spam"]
    assert desk.mock.reads("/api/v2/tickets")[1].params["updated_since"] == iso(desk.mock.now)
    wismo, refund = desk.world.tickets["wismo"], desk.world.tickets["refund"]
    desk.mock.delete_ticket(wismo)
    desk.mock.mark_spam(refund)
    again, _ = await _drain(desk.backend, cursor)
    assert [d for page in again for d in page.deleted] == [desk.q(wismo), desk.q(refund)]
    assert _ids(again) == []


async def test_an_idle_poll_costs_one_request_a_lane(desk: Desk) -> None:
    _, cursor = await _drain(desk.backend)
    before = len(desk.mock.requests)
    pages, after = await _drain(desk.backend, cursor)
    assert len(desk.mock.requests) - before == 3 and len(pages) == 3
    assert _ids(pages) == [] and FeedCursor.decode(after).lane is Lane.TICKETS


async def test_a_page_answer_of_400_past_the_cap_says_so(desk: Desk) -> None:
    desk.mock.fail_next(
        400,
        path="/api/v2/tickets$",
        body={
            "description": "Validation failed",
            "errors": [
                {
                    "field": "page",
                    "message": "You cannot access tickets beyond the 300th page.",
                    "code": "invalid_value",
                }
            ],
        },
    )
    with pytest.raises(InvalidRequestError, match=r"page: invalid_value.*cap of 300"):
        await desk.backend.changes(None)


async def test_pages_carry_the_requesters_and_threads_need_no_ticket_read(desk: Desk) -> None:
    page = await desk.backend.changes(None)
    assert {c.name for c in page.customers} == {"Marco Bianchi", "Claire Dubois"}
    marco = next(c for c in page.customers if c.name == "Marco Bianchi")
    assert marco.email == "marco.bianchi@example.it" and marco.phones == ("+39 347 123 4567",)
    before = len(desk.mock.requests)
    thread = await desk.backend.get_thread(desk.q(desk.world.tickets["wismo"]))
    paths = [r.path for r in desk.mock.requests[before:]]
    assert not any(p.endswith(f"/tickets/{desk.world.tickets['wismo']}") for p in paths)
    assert thread[0].body.startswith("Buongiorno, il mio ordine")


async def test_a_bad_cursor_is_refused_without_a_request(desk: Desk) -> None:
    with pytest.raises(InvalidRequestError):
        await desk.backend.changes("start_time:0")
    assert desk.mock.requests == []
