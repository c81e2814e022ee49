"""The accounts migration rebuilds the helpdesk tables without losing or breaking a row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from api_client.backends.local.schema import MIGRATIONS
from api_client.backends.local.store import split_statements
from console.core.db import open_store


def _store_before_accounts(path: Path) -> None:
    """A desk as the release before the accounts migration left it, with a few rows."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for statement in split_statements(MIGRATIONS[0]) + split_statements(MIGRATIONS[1]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.executescript(
        """
        INSERT INTO groups(id, remote_id, name) VALUES (1, 'g1', 'Tier 1');
        INSERT INTO agents(id, remote_id, name, login, group_id)
            VALUES (1, 'a1', 'Giulia', 'giulia', 1);
        INSERT INTO customers(id, remote_id, name, created_at) VALUES (1, 'c1', 'Marco', 0);
        INSERT INTO customer_contacts(customer_id, channel, value) VALUES (1, 'email', 'm@x.it');
        INSERT INTO tickets(id, remote_id, subject, status, channel, customer_id, assignee_id,
            group_id, created_at, updated_at) VALUES (1, '42', 'Pacco in ritardo', 'open', 'email',
            1, 1, 1, 0, 0);
        INSERT INTO ticket_tags(tag, ticket_id) VALUES ('vip', 1);
        INSERT INTO messages(id, remote_id, ticket_id, author_role, author_name, channel, body,
            created_at) VALUES (1, 'm1', 1, 'customer', 'Marco', 'email', 'dov''è il pacco', 0);
        INSERT INTO orders(id, remote_id, customer_id, number, status, total, currency, placed_at)
            VALUES (1, 'o1', 1, '#1001', 'paid', '10.00', 'EUR', 0);
        INSERT INTO shipments(order_id, carrier, tracking_number, status)
            VALUES (1, 'BRT', 'T1', 'sent');
        INSERT INTO macros(id, remote_id, title, body) VALUES (1, 'x1', 'Grazie', 'Grazie!');
        """
    )
    conn.commit()
    conn.close()


@pytest.fixture
def migrated(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    _store_before_accounts(path)
    conn = open_store(path)
    yield conn
    conn.close()


def test_every_row_survives_with_an_empty_account_and_foreign_keys_on(migrated) -> None:
    conn = migrated
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in ("groups", "agents", "customers", "tickets", "messages", "orders", "macros"):
        assert conn.execute(
            f"SELECT count(*), min(account), max(account) FROM {table}"
        ).fetchone() == (1, "", ""), table
    # rows that reference the rebuilt tables were not cascaded away
    assert conn.execute("SELECT count(*) FROM customer_contacts").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM ticket_tags").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM shipments").fetchone()[0] == 1


def test_search_and_the_change_feed_still_work(migrated) -> None:
    conn = migrated
    # the ticket-level text index (a later migration) is built from the rebuilt tables
    found = conn.execute("SELECT rowid FROM ticket_text WHERE ticket_text MATCH 'pacco'")
    assert found.fetchall() == [(1,)], "updated_at 0 * 2^31 + id 1"
    found = conn.execute("SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH 'ritardo'")
    assert found.fetchall() == [(1,)]
    before = conn.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
    conn.execute("UPDATE tickets SET status = 'pending' WHERE id = 1")
    assert conn.execute("SELECT ticket_id FROM changes WHERE seq > ?", (before,)).fetchall() == [
        (1,)
    ]
    conn.execute("UPDATE tickets SET subject = 'Consegna' WHERE id = 1")
    found = conn.execute("SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH 'consegna'")
    assert found.fetchall() == [(1,)]


def test_a_remote_id_is_unique_per_account(migrated) -> None:
    conn = migrated
    insert = (
        "INSERT INTO tickets(remote_id, account, subject, status, channel, customer_id, "
        "created_at, updated_at) VALUES ('42', ?, 's', 'open', 'email', 1, 0, 0)"
    )
    conn.execute(insert, ("shop_de",))  # the same number in another account
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, ("shop_de",))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, ("",))
    plan = " ".join(
        str(r[-1])
        for r in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE remote_id = '42'")
    )
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan


def test_an_older_store_says_it_is_being_upgraded_and_a_new_one_says_nothing(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    _store_before_accounts(old)
    said: list[str] = []
    open_store(old, notice=said.append).close()
    assert len(said) == 2
    assert said[0].startswith(f"upgrading {old} from store version 2 to {len(MIGRATIONS)}")
    assert said[1].startswith(f"upgraded {old} in ")
    said.clear()
    open_store(old, notice=said.append).close()  # already upgraded
    open_store(tmp_path / "new.sqlite3", notice=said.append).close()  # created
    assert said == []
