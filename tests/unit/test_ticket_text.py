"""Words as queue filters: the per-ticket index stays right through writes, migrations, sorts.

The searched tickets are checked against an oracle that reads the thread text itself
(casefolded, diacritics stripped), and the order against the same query without the
word, so a wrong index row, a stale key or a wrong sort would show.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api_client.backends.local.desk import Desk
from api_client.backends.local.schema import MIGRATIONS
from api_client.backends.local.store import split_statements
from api_client.models import AuthorRole, Channel, Status, TicketUpdate
from console.core import queue
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.query import SORTS, QueryContext
from console.core.queue import QueueSource
from console.core.sync import SyncEngine
from tests.contract.harnesses import memory_harness
from tests.fake_backend import MemoryBackend

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

THREADS = [
    ("it", "Reso scarpe", ["Vorrei il rimborso delle scarpe", "Il rimborso arriva domani"]),
    ("it", "Ordine in ritardo", ["Il mio ordine non è arrivato", "Ordine spedito ieri"]),
    ("de", "Falsche Größe", ["Die Größe passt nicht, bitte umtauschen"]),
    ("de", "GRÖSSE M statt L", ["Paket kam mit falscher Groesse"]),
    ("es", "Devolución", ["Quiero una devolución del pedido"]),
    ("es", "Pedido", ["la devolucion no llega", "pedido 1234"]),
    ("en", "Refund please", ["Where is my refund for the order?"]),
    ("fr", "Remboursement", ["Ma commande, le remboursement tarde"]),
]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("ß", "\0").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\0", "ß")


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in _fold(text)).split()


def _oracle(conn: sqlite3.Connection, *prefixes: str) -> set[int]:
    """Tickets whose subject or messages hold a word starting with every prefix."""
    found: set[int] = set()
    for ticket_id, subject in conn.execute("SELECT id, subject FROM tickets"):
        bodies = [
            r[0]
            for r in conn.execute("SELECT body FROM messages WHERE ticket_id = ?", (ticket_id,))
        ]
        words = _words(" ".join([subject, *bodies]))
        if all(any(w.startswith(_fold(p)) for w in words) for p in prefixes):
            found.add(int(ticket_id))
    return found


@pytest.fixture(params=["hits first", "tickets first"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a search with other conditions is read give the same rows in the same order."""
    if request.param == "tickets first":
        monkeypatch.setattr(queue, "SAMPLE", 1)
        monkeypatch.setattr(queue, "WALK", 0)
    return str(request.param)


@pytest.fixture
def desk() -> Iterator[tuple[sqlite3.Connection, Desk, int]]:
    conn = open_store(":memory:")
    desk = Desk(conn, "t")
    me = desk.ensure_agent("giulia", "Giulia Rossi")
    customer = desk.create_customer("Marco", contacts=[(Channel.EMAIL, "m@example.it")])
    for index, (language, subject, bodies) in enumerate(THREADS):
        created = NOW - timedelta(hours=10 * index + 1)
        ticket = desk.create_ticket(
            subject=subject,
            customer_id=customer,
            channel=Channel.EMAIL,
            language=language,
            created_at=created,
            due_at=NOW + timedelta(minutes=7 * index),
            assignee_id=me if index % 2 else None,
        )
        for offset, body in enumerate(bodies):
            desk.add_message(
                ticket,
                body=body,
                author_role=AuthorRole.CUSTOMER,
                author_name="Marco",
                created_at=created + timedelta(minutes=offset),
            )
    conn.execute(
        "INSERT INTO ticket_reasons(reason, ticket_id) SELECT 'return_refund', id FROM tickets "
        "WHERE subject IN ('Reso scarpe', 'Devolución', 'Refund please')"
    )
    yield conn, desk, me
    conn.close()


def _ids(conn: sqlite3.Connection, text: str, me: int | None = None) -> list[int]:
    source = QueueSource(conn, text, QueryContext(now=NOW, me=me))
    rows = source.page(0, 100)
    assert source.count() == len(rows)
    assert source.count(cap=2) == min(2, len(rows))
    for index, row in enumerate(rows):
        assert source.position_of(row.id) == index
    return [row.id for row in rows]


@pytest.mark.parametrize(
    ("text", "prefixes"),
    [
        ("rimborso", ["rimborso"]),
        ("rimbor", ["rimbor"]),
        ("RIMBORSO", ["rimborso"]),
        ("Größe", ["größe"]),
        ("größe", ["größe"]),
        ("devolución", ["devolucion"]),
        ("devolucion", ["devolucion"]),
        ("ordine", ["ordine"]),
        ("ord", ["ord"]),
        ("rimborso scarpe", ["rimborso", "scarpe"]),
        ("refund order", ["refund", "order"]),
        ("pedido devol", ["pedido", "devol"]),
        ("zanzibar", ["zanzibar"]),
    ],
)
def test_words_find_what_the_threads_say(desk, text: str, prefixes: list[str]) -> None:
    conn, _, _ = desk
    assert set(_ids(conn, text)) == _oracle(conn, *prefixes)


@pytest.mark.parametrize(
    "sort", [f"sort:{key}" for key in SORTS] + [f"sort:-{key}" for key in SORTS]
)
@pytest.mark.parametrize("filters", ["", "lang:it", "reason:return", "assignee:me status:active"])
def test_a_word_keeps_the_order_of_the_view_it_filters(
    desk, plan: str, sort: str, filters: str
) -> None:
    conn, _, me = desk
    for word in ("rimborso", "ord", "devol"):
        without = _ids(conn, f"{filters} {sort}", me)
        matching = _oracle(conn, word)
        assert _ids(conn, f"{filters} {word} {sort}", me) == [i for i in without if i in matching]


def test_negated_words_and_phrases(desk) -> None:
    conn, _, _ = desk
    everything = set(_ids(conn, ""))
    assert set(_ids(conn, "-rimborso")) == everything - _oracle(conn, "rimborso")
    assert set(_ids(conn, '"il rimborso arriva"')) == set(_ids(conn, "Reso"))
    assert _ids(conn, '"rimborso il"') == []


def test_a_message_written_later_is_found_and_the_ticket_once(desk) -> None:
    conn, desk_, _ = desk
    first = _ids(conn, "")[-1]
    desk_.add_message(
        first,
        body="Ho pagato con PayPal",
        author_role=AuthorRole.CUSTOMER,
        author_name="Marco",
        created_at=NOW,
    )
    assert _ids(conn, "paypal") == [first]
    assert _ids(conn, "")[0] == first  # newest updated first, and so is the search
    desk_.update_ticket(first, TicketUpdate(status=Status.PENDING))
    assert _ids(conn, "paypal") == [first]
    conn.execute("UPDATE tickets SET subject = 'Pagamento' WHERE id = ?", (first,))
    assert _ids(conn, "pagamento paypal") == [first]
    assert _ids(conn, "tarde") == [first]


def test_edited_and_deleted_messages_and_tickets_leave_the_index(desk) -> None:
    conn, _, _ = desk
    [ticket] = _ids(conn, "spedito")
    conn.execute("UPDATE messages SET body = 'consegnato' WHERE body = 'Ordine spedito ieri'")
    assert _ids(conn, "spedito") == []
    assert _ids(conn, "consegnato") == [ticket]
    conn.execute("DELETE FROM messages WHERE body = 'consegnato'")
    assert _ids(conn, "consegnato") == []
    assert _ids(conn, "ritardo") == [ticket]
    other = _ids(conn, "Remboursement")[0]
    conn.execute(
        "UPDATE messages SET ticket_id = ? WHERE body LIKE 'Il mio ordine%'", (other,)
    )  # a merge moves the thread
    assert _ids(conn, "arrivato") == [other]
    conn.execute("DELETE FROM tickets WHERE id = ?", (other,))
    assert _ids(conn, "arrivato") == []
    assert _ids(conn, "remboursement") == []
    conn.execute("INSERT INTO ticket_text(ticket_text, rank) VALUES ('integrity-check', 0)")


def test_migrating_a_desk_with_tickets_indexes_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for step, script in enumerate(MIGRATIONS[:2]):
        for statement in split_statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {step + 1}")
    conn.execute("INSERT INTO customers(id, name, created_at) VALUES (1, 'Ana', 0)")
    conn.execute(
        "INSERT INTO tickets(id, subject, status, channel, customer_id, created_at, updated_at) "
        "VALUES (1, 'Talla equivocada', 'open', 'email', 1, 100, 200), "
        "(2, 'Otra cosa', 'open', 'email', 1, 100, 300)"
    )
    conn.execute(
        "INSERT INTO messages(ticket_id, author_role, author_name, channel, body, created_at) "
        "VALUES (1, 'customer', 'Ana', 'email', 'Quiero una devolución', 150)"
    )
    conn.close()
    store = open_store(path)
    try:
        assert store.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert _ids(store, "devolucion") == [1]
        assert _ids(store, "talla") == [1]
        Desk(store, "t").add_message(
            2, body="y el reembolso?", author_role=AuthorRole.CUSTOMER, author_name="Ana"
        )
        assert _ids(store, "reembolso") == [2]
    finally:
        store.close()


async def test_a_mirror_finds_new_messages_and_loses_deleted_tickets(tmp_path: Path) -> None:
    seeded = await memory_harness(tmp_path)
    backend = seeded.backend
    assert isinstance(backend, MemoryBackend)
    conn = open_store(tmp_path / "mirror.sqlite3")
    try:
        writer = MirrorWriter(conn, "contract")
        await SyncEngine(writer, backend).run()
        native = seeded.tickets["hostile"].split(":")[1]
        local = conn.execute("SELECT id FROM tickets WHERE remote_id = ?", (native,)).fetchone()[0]
        assert _ids(conn, "quokka") == []
        backend.customer_writes(native, "A quokka ate my parcel")
        await SyncEngine(writer, backend).run()
        assert _ids(conn, "quokka") == [local]
        backend.delete_ticket(native)
        await SyncEngine(writer, backend).run()
        assert _ids(conn, "quokka") == []
    finally:
        conn.close()
