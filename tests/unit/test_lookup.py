"""Ticket lookup for the palette: by number, subject words and customer; never raises."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_client.backends.local.desk import Desk
from api_client.models import Channel
from console.core import lookup
from console.core.db import open_store
from console.core.lookup import TicketHit, find_tickets

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[sqlite3.Connection, dict[str, int]]]:
    conn = open_store(":memory:")
    desk = Desk(conn, "t")
    marco = desk.create_customer("Marco Bianchi", contacts=[(Channel.EMAIL, "marco.b@example.it")])
    claire = desk.create_customer(
        "Claire Dubois",
        contacts=[(Channel.EMAIL, "claire@example.fr"), (Channel.PHONE, "+33 6 12 34 56 78")],
    )
    odd = desk.create_customer("100%_Wild \\Card", contacts=[(Channel.EMAIL, "wild@example.com")])
    ids: dict[str, int] = {}
    for minutes, key, subject, customer in (
        (50, "parcel", "Where is my parcel?", marco),
        (40, "refund", "Refund for order 1001", claire),
        (30, "broken", "Broken zipper on the jacket", marco),
        (20, "hostile", "[@click=app.quit]x", odd),
        (10, "quote", 'He said "hello" AND NEAR(a b) *', claire),
    ):
        ids[key] = desk.create_ticket(
            subject=subject,
            customer_id=customer,
            channel=Channel.EMAIL,
            created_at=NOW - timedelta(minutes=minutes),
        )
    yield conn, ids
    conn.close()


def keys(hits: list[TicketHit], ids: dict[str, int]) -> list[str]:
    names = {value: key for key, value in ids.items()}
    return [names[hit.id] for hit in hits]


def test_no_text_lists_the_most_recently_updated(store) -> None:
    conn, ids = store
    assert keys(find_tickets(conn, ""), ids) == ["quote", "hostile", "broken", "refund", "parcel"]
    assert keys(find_tickets(conn, "   "), ids) == keys(find_tickets(conn, ""), ids)


def test_a_number_with_or_without_hash_is_the_ticket(store) -> None:
    conn, ids = store
    number = ids["broken"]
    (hit,) = find_tickets(conn, str(number))
    assert hit == TicketHit(
        id=number,
        number=str(number),
        subject="Broken zipper on the jacket",
        customer="Marco Bianchi",
        status="new",
    )
    assert find_tickets(conn, f"#{number}") == [hit]
    assert find_tickets(conn, f"  # {number} ") == [hit]
    assert find_tickets(conn, "#987654") == []
    assert find_tickets(conn, "9" * 40) == []  # larger than any SQLite integer


def test_a_number_matches_exactly_not_as_a_prefix_or_subject_word(store) -> None:
    conn, ids = store
    assert find_tickets(conn, "1001") == []  # only in a subject: numbers are ticket numbers
    assert keys(find_tickets(conn, "order 1001"), ids) == ["refund"]


def test_in_a_mirror_the_number_is_the_helpdesks_id() -> None:
    conn = open_store(":memory:")
    desk = Desk(conn, "zendesk")
    customer = desk.create_customer("Ana Lima")
    first = desk.create_ticket(subject="First", customer_id=customer, channel=Channel.CHAT)
    second = desk.create_ticket(subject="Second", customer_id=customer, channel=Channel.CHAT)
    conn.execute("UPDATE tickets SET remote_id = '48213' WHERE id = ?", (first,))
    conn.execute("UPDATE tickets SET remote_id = ? WHERE id = ?", (str(first), second))
    assert [(h.id, h.number) for h in find_tickets(conn, "#48213")] == [(first, "48213")]
    # The local id is never shown in a mirror: the number means the remote id.
    assert [(h.id, h.number) for h in find_tickets(conn, f"#{first}")] == [(second, str(first))]


def test_subject_words_match_as_prefixes(store) -> None:
    conn, ids = store
    assert keys(find_tickets(conn, "parc"), ids) == ["parcel"]
    assert keys(find_tickets(conn, "zip jack"), ids) == ["broken"]
    assert keys(find_tickets(conn, "REFUND"), ids) == ["refund"]
    assert find_tickets(conn, "zipper parcel") == []  # every word must match


def test_fts_syntax_in_the_text_is_only_words(store) -> None:
    conn, ids = store
    assert keys(find_tickets(conn, 'said "hello" AND NEAR(a'), ids) == ["quote"]
    assert keys(find_tickets(conn, "[@click=app.quit]"), ids) == ["hostile"]
    assert find_tickets(conn, '"') == []
    assert find_tickets(conn, "*") == []
    assert find_tickets(conn, "NOT") == []


def test_the_customer_by_name_any_word_of_it_and_email(store) -> None:
    conn, ids = store
    marco = ["broken", "parcel"]
    assert keys(find_tickets(conn, "Marco"), ids) == marco
    assert keys(find_tickets(conn, "marco bia"), ids) == marco
    assert keys(find_tickets(conn, "Bianchi"), ids) == marco  # the surname alone
    assert keys(find_tickets(conn, "bian"), ids) == marco
    assert keys(find_tickets(conn, "marco.b@"), ids) == marco
    assert keys(find_tickets(conn, "CLAIRE@EXAMPLE.FR"), ids) == ["quote", "refund"]
    assert keys(find_tickets(conn, "+33 6"), ids) == ["quote", "refund"]  # any contact
    assert find_tickets(conn, "example.it.nope") == []


def test_like_wildcards_are_literal(store) -> None:
    conn, ids = store
    assert keys(find_tickets(conn, "100%_wild"), ids) == ["hostile"]
    assert find_tickets(conn, "%") == []
    assert find_tickets(conn, "_") == []
    assert find_tickets(conn, "1_0") == []
    assert keys(find_tickets(conn, "\\card"), ids) == ["hostile"]


def test_limit(store) -> None:
    conn, ids = store
    assert keys(find_tickets(conn, "", limit=2), ids) == ["quote", "hostile"]
    assert keys(find_tickets(conn, "marco", limit=1), ids) == ["broken"]
    assert find_tickets(conn, "", limit=0) == []
    assert find_tickets(conn, "marco", limit=-3) == []


def test_many_matches_walk_newest_first_with_the_same_result(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, _ = store
    queries = ["", "marco", "claire", "e", "r", "order", "1001", "zzz"]
    sorted_results = [find_tickets(conn, q, limit=3) for q in queries]
    monkeypatch.setattr(lookup, "_DENSE", 1)  # every lookup takes the "many matches" plan
    assert [find_tickets(conn, q, limit=3) for q in queries] == sorted_results


def test_huge_and_odd_text_is_harmless(store) -> None:
    conn, _ = store
    assert find_tickets(conn, "a" * 200_000) == []
    assert find_tickets(conn, "%" * 100_000) == []
    assert find_tickets(conn, " ".join(["zz"] * 5_000)) == []
    assert find_tickets(conn, "\x00\ud800\udfff\x1b]52;c;\x07") == []


def test_no_query_scans_the_tickets_table(store) -> None:
    """Every ticket read goes through an index: by id, by customer, or newest first."""
    conn, _ = store
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        for text in ("", "#12", "parcel", "marco", "marco.b@example.it", "zip jack"):
            find_tickets(conn, text)
        for dense in (False, True):
            lookup._DENSE = 1 if dense else 2000
            find_tickets(conn, "marco")
    finally:
        lookup._DENSE = 2000
        conn.set_trace_callback(None)
    queries = [s for s in statements if s.startswith("SELECT")]
    assert len(queries) >= 8
    for statement in queries:
        plan = [str(row[3]) for row in conn.execute("EXPLAIN QUERY PLAN " + statement)]
        scans = [step for step in plan if step.split()[:2] in (["SCAN", "t"], ["SCAN", "c"])]
        # The one walk allowed is newest first, which the LIMIT stops.
        assert all("tickets_updated" in step for step in scans), (statement, plan)


ANY_TEXT = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Z", "C"]), max_size=80)
"""Any code point, lone surrogates and NUL included."""


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANY_TEXT)
def test_arbitrary_text_never_raises(store, text: str) -> None:
    conn, ids = store
    hits = find_tickets(conn, text, limit=5)
    assert len(hits) <= 5
    assert all(hit.id in ids.values() for hit in hits)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.sampled_from(['"', "*", "(", ")", "-", "+", "^", ":", "%", "_", "\\", "'", "@", ".",
                         "AND", "OR", "NOT", "NEAR", "#", "1", " ", "marco", "parcel", "\x00"]),
        max_size=12,
    ).map("".join)
)  # fmt: skip
def test_query_syntax_soup_never_raises(store, text: str) -> None:
    conn, _ = store
    find_tickets(conn, text)


def test_ticket_number_is_what_the_lookup_treats_as_a_number() -> None:
    assert lookup.ticket_number("#123") == "123"
    assert lookup.ticket_number("  # 123 ") == "123"
    assert lookup.ticket_number("0042") == "0042"
    for text in ("", "#", "12a", "1 2", "²", "١٢", "-5", "#-5"):
        assert lookup.ticket_number(text) is None, text
