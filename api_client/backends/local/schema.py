"""The shape of a helpdesk in SQLite: the embedded desk, and every profile's mirror.

The embedded desk *is* this database; a remote profile's mirror has the same
tables, filled by the sync engine, so every screen and command reads one kind of
store. Rows carry an integer ``id`` (fast joins and ordering at a million tickets)
and, in a mirror, the helpdesk's own ``remote_id``; the embedded desk leaves
``remote_id`` NULL and its native id is ``id``.

Times are INTEGER seconds since the epoch, UTC. Tags are kept twice: a
space-separated column to show, and ``ticket_tags`` rows to query. Every change
to a ticket appends to ``changes`` (by trigger), the feed that both the local
backend's ``changes()`` and the screens of other processes follow.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a
database from version n to n + 1 and is never edited once released.
"""

from __future__ import annotations

__all__ = [
    "CHANGE_TRIGGERS",
    "DROP_CHANGE_TRIGGERS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "TICKET_TEXT_FILL",
    "TICKET_TEXT_TRIGGERS",
]

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE groups (
    id        INTEGER PRIMARY KEY,
    remote_id TEXT UNIQUE,
    name      TEXT NOT NULL
);

CREATE TABLE agents (
    id        INTEGER PRIMARY KEY,
    remote_id TEXT UNIQUE,
    name      TEXT NOT NULL,
    email     TEXT,
    login     TEXT UNIQUE,
    group_id  INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    active    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    remote_id  TEXT UNIQUE,
    name       TEXT NOT NULL,
    email      TEXT,
    language   TEXT,
    timezone   TEXT,
    tags       TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX customers_email ON customers(email COLLATE NOCASE);
CREATE INDEX customers_name ON customers(name COLLATE NOCASE);

-- Every way to reach a customer: email, phone, and social or messaging handles.
CREATE TABLE customer_contacts (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    value       TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (channel, value, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id);

CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY,
    remote_id   TEXT UNIQUE,
    subject     TEXT NOT NULL,
    status      TEXT NOT NULL,
    priority    TEXT NOT NULL DEFAULT 'normal',
    channel     TEXT NOT NULL,
    language    TEXT,
    stage       TEXT NOT NULL DEFAULT 'listen',
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    assignee_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
    group_id    INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    tags        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     TEXT NOT NULL DEFAULT '1',
    due_at      INTEGER,
    promised_by INTEGER,
    first_response_at INTEGER,
    solved_at   INTEGER,
    last_customer_at  INTEGER,
    message_count INTEGER NOT NULL DEFAULT 0,
    fields      TEXT NOT NULL DEFAULT '{}',
    url         TEXT
);
CREATE INDEX tickets_status_updated ON tickets(status, updated_at);
CREATE INDEX tickets_assignee_status ON tickets(assignee_id, status, updated_at);
CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
CREATE INDEX tickets_updated ON tickets(updated_at);
CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL;

CREATE TABLE ticket_tags (
    tag       TEXT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    PRIMARY KEY (tag, ticket_id)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_ticket ON ticket_tags(ticket_id);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    remote_id   TEXT UNIQUE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_role TEXT NOT NULL,
    author_id   INTEGER,
    author_name TEXT NOT NULL,
    public      INTEGER NOT NULL DEFAULT 1,
    channel     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    external_id TEXT,
    mail_id     TEXT
);
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);
CREATE INDEX messages_external ON messages(external_id) WHERE external_id IS NOT NULL;
CREATE INDEX messages_mail ON messages(mail_id) WHERE mail_id IS NOT NULL;

CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE VIRTUAL TABLE tickets_fts USING fts5(
    subject, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts(rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject ON tickets BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
    INSERT INTO tickets_fts(rowid, subject) VALUES (new.id, new.subject);
END;

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    remote_id   TEXT UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    number      TEXT NOT NULL,
    status      TEXT NOT NULL,
    total       TEXT NOT NULL,
    currency    TEXT NOT NULL,
    placed_at   INTEGER NOT NULL,
    items       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX orders_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_number ON orders(number);

CREATE TABLE shipments (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    carrier         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    tracking_url    TEXT,
    status          TEXT NOT NULL,
    shipped_at      INTEGER,
    eta             INTEGER
);
CREATE INDEX shipments_order ON shipments(order_id);

CREATE TABLE macros (
    id        INTEGER PRIMARY KEY,
    remote_id TEXT UNIQUE,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    actions   TEXT NOT NULL DEFAULT '{}'
);

-- The change feed: one row per ticket write, in commit order.
CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL,
    deleted   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX changes_ticket ON changes(ticket_id);
"""

CHANGE_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS tickets_changed_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO changes(ticket_id) VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS tickets_changed_update AFTER UPDATE ON tickets BEGIN
    INSERT INTO changes(ticket_id) VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS tickets_changed_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO changes(ticket_id, deleted) VALUES (old.id, 1);
END;
"""
"""Bulk loads (the demo builder) drop these and recreate them when done."""

DROP_CHANGE_TRIGGERS = """
DROP TRIGGER IF EXISTS tickets_changed_insert;
DROP TRIGGER IF EXISTS tickets_changed_update;
DROP TRIGGER IF EXISTS tickets_changed_delete;
"""

_V2 = """
-- Measured with `make bench` at 1M tickets: the language filter scanned the updated
-- index (lang:it 100+ ms), and "My open" sorted the agent's tickets by due time in a
-- temporary B-tree (20 ms); these make both index walks that stop at the first page.
CREATE INDEX IF NOT EXISTS tickets_language ON tickets(language, updated_at);
CREATE INDEX IF NOT EXISTS tickets_assignee_due
    ON tickets(assignee_id, coalesce(due_at, 9223372036854775807));
"""

_V3_ACCOUNTS = """
-- Several accounts in one store (a combined profile: an agency serving many shops).
-- Every row with a remote_id says which account it came from, and remote ids are
-- unique per (account, remote_id): ticket 42 of shop_it and ticket 42 of shop_de
-- coexist (the unique index leads with remote_id, so lookups by remote_id alone still
-- use it). account is '' on the embedded desk and in a single-account mirror ('' and
-- not NULL: NULLs never conflict, so the upserts keyed on (account, remote_id) need it).
-- A column UNIQUE cannot be dropped, so each table is rebuilt (SQLite's documented
-- procedure: the migration runs with foreign keys off and checks them before commit).
CREATE TABLE groups_v3 (
    id        INTEGER PRIMARY KEY,
    remote_id TEXT,
    name      TEXT NOT NULL,
    account   TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO groups_v3(id, remote_id, name) SELECT id, remote_id, name FROM groups;
DROP TABLE groups;
ALTER TABLE groups_v3 RENAME TO groups;

CREATE TABLE agents_v3 (
    id        INTEGER PRIMARY KEY,
    remote_id TEXT,
    name      TEXT NOT NULL,
    email     TEXT,
    login     TEXT UNIQUE,
    group_id  INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    active    INTEGER NOT NULL DEFAULT 1,
    account   TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO agents_v3(id, remote_id, name, email, login, group_id, active)
    SELECT id, remote_id, name, email, login, group_id, active FROM agents;
DROP TABLE agents;
ALTER TABLE agents_v3 RENAME TO agents;

CREATE TABLE customers_v3 (
    id         INTEGER PRIMARY KEY,
    remote_id  TEXT,
    name       TEXT NOT NULL,
    email      TEXT,
    language   TEXT,
    timezone   TEXT,
    tags       TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    account    TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO customers_v3(id, remote_id, name, email, language, timezone, tags, notes, created_at)
    SELECT id, remote_id, name, email, language, timezone, tags, notes, created_at FROM customers;
DROP TABLE customers;
ALTER TABLE customers_v3 RENAME TO customers;
CREATE INDEX customers_email ON customers(email COLLATE NOCASE);
CREATE INDEX customers_name ON customers(name COLLATE NOCASE);

CREATE TABLE tickets_v3 (
    id          INTEGER PRIMARY KEY,
    remote_id   TEXT,
    subject     TEXT NOT NULL,
    status      TEXT NOT NULL,
    priority    TEXT NOT NULL DEFAULT 'normal',
    channel     TEXT NOT NULL,
    language    TEXT,
    stage       TEXT NOT NULL DEFAULT 'listen',
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    assignee_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
    group_id    INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    tags        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     TEXT NOT NULL DEFAULT '1',
    due_at      INTEGER,
    promised_by INTEGER,
    first_response_at INTEGER,
    solved_at   INTEGER,
    last_customer_at  INTEGER,
    message_count INTEGER NOT NULL DEFAULT 0,
    fields      TEXT NOT NULL DEFAULT '{}',
    url         TEXT,
    account     TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO tickets_v3(id, remote_id, subject, status, priority, channel, language, stage,
    customer_id, assignee_id, group_id, tags, created_at, updated_at, version, due_at,
    promised_by, first_response_at, solved_at, last_customer_at, message_count, fields, url)
    SELECT id, remote_id, subject, status, priority, channel, language, stage,
    customer_id, assignee_id, group_id, tags, created_at, updated_at, version, due_at,
    promised_by, first_response_at, solved_at, last_customer_at, message_count, fields, url
    FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_v3 RENAME TO tickets;
CREATE INDEX tickets_status_updated ON tickets(status, updated_at);
CREATE INDEX tickets_assignee_status ON tickets(assignee_id, status, updated_at);
CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
CREATE INDEX tickets_updated ON tickets(updated_at);
CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX tickets_language ON tickets(language, updated_at);
CREATE INDEX tickets_assignee_due
    ON tickets(assignee_id, coalesce(due_at, 9223372036854775807));
CREATE INDEX tickets_promised_by ON tickets(promised_by) WHERE promised_by IS NOT NULL;
-- account:NAME in the query language walks this, newest first, and stops at a page;
-- with a status too (the views) the second one: measured on a 100k desk split in two
-- accounts, account:X status:open took 150 ms on the first alone and 0.6 ms with both.
CREATE INDEX tickets_account_updated ON tickets(account, updated_at);
CREATE INDEX tickets_account_status ON tickets(account, status, updated_at);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts(rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject ON tickets BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
    INSERT INTO tickets_fts(rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER tickets_changed_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO changes(ticket_id) VALUES (new.id);
END;
CREATE TRIGGER tickets_changed_update AFTER UPDATE ON tickets BEGIN
    INSERT INTO changes(ticket_id) VALUES (new.id);
END;
CREATE TRIGGER tickets_changed_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO changes(ticket_id, deleted) VALUES (old.id, 1);
END;

CREATE TABLE messages_v3 (
    id          INTEGER PRIMARY KEY,
    remote_id   TEXT,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_role TEXT NOT NULL,
    author_id   INTEGER,
    author_name TEXT NOT NULL,
    public      INTEGER NOT NULL DEFAULT 1,
    channel     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    external_id TEXT,
    mail_id     TEXT,
    account     TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO messages_v3(id, remote_id, ticket_id, author_role, author_id, author_name, public,
    channel, body, created_at, external_id, mail_id)
    SELECT id, remote_id, ticket_id, author_role, author_id, author_name, public,
    channel, body, created_at, external_id, mail_id FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v3 RENAME TO messages;
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);
CREATE INDEX messages_external ON messages(external_id) WHERE external_id IS NOT NULL;
CREATE INDEX messages_mail ON messages(mail_id) WHERE mail_id IS NOT NULL;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE orders_v3 (
    id          INTEGER PRIMARY KEY,
    remote_id   TEXT,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    number      TEXT NOT NULL,
    status      TEXT NOT NULL,
    total       TEXT NOT NULL,
    currency    TEXT NOT NULL,
    placed_at   INTEGER NOT NULL,
    items       TEXT NOT NULL DEFAULT '[]',
    account     TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO orders_v3(id, remote_id, customer_id, number, status, total, currency, placed_at,
    items) SELECT id, remote_id, customer_id, number, status, total, currency, placed_at, items
    FROM orders;
DROP TABLE orders;
ALTER TABLE orders_v3 RENAME TO orders;
CREATE INDEX orders_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_number ON orders(number);

CREATE TABLE macros_v3 (
    id        INTEGER PRIMARY KEY,
    remote_id TEXT,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    actions   TEXT NOT NULL DEFAULT '{}',
    account   TEXT NOT NULL DEFAULT '',
    UNIQUE (remote_id, account)
);
INSERT INTO macros_v3(id, remote_id, title, body, actions)
    SELECT id, remote_id, title, body, actions FROM macros;
DROP TABLE macros;
ALTER TABLE macros_v3 RENAME TO macros;
"""

_V4_TICKET_TEXT = """
-- One full-text document per ticket (its subject and every message), so a word used as
-- a queue filter costs one FTS5 lookup per ticket instead of listing and joining every
-- matching message (1.2 s p95 at 1M tickets). The document's rowid is the queue's default
-- order, updated_at * 2^31 + id (ids stay below 2^31), so "newest updated first" is the
-- index's own order and a page stops after its rows. Contentless: the text lives in
-- tickets and messages, and the triggers rebuild a ticket's document from them whenever its
-- key, subject or messages change (FTS5 deletes need the old text, hence the BEFORE
-- DELETE on tickets: a cascade removes the messages after the ticket row is gone).
-- It replaces messages_fts, which held the same words per message: only this search
-- read it, and indexing every message twice would cost the 1M demo build its 3 minutes.
DROP TRIGGER IF EXISTS messages_fts_insert;
DROP TRIGGER IF EXISTS messages_fts_delete;
DROP TRIGGER IF EXISTS messages_fts_update;
DROP TABLE IF EXISTS messages_fts;
CREATE VIRTUAL TABLE ticket_text USING fts5(
    subject, body, content='', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO ticket_text(rowid, subject, body)
    SELECT t.updated_at * 2147483648 + t.id, t.subject,
        coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id), '')
    FROM tickets AS t ORDER BY t.updated_at, t.id;
CREATE TRIGGER ticket_text_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text(rowid, subject, body) VALUES (
        new.updated_at * 2147483648 + new.id, new.subject,
        coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = new.id), ''));
END;
CREATE TRIGGER ticket_text_update AFTER UPDATE OF updated_at, subject ON tickets
WHEN old.updated_at IS NOT new.updated_at OR old.subject IS NOT new.subject BEGIN
    INSERT INTO ticket_text(ticket_text, rowid, subject, body) VALUES (
        'delete', old.updated_at * 2147483648 + old.id, old.subject,
        coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = old.id), ''));
    INSERT INTO ticket_text(rowid, subject, body) VALUES (
        new.updated_at * 2147483648 + new.id, new.subject,
        coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = new.id), ''));
END;
CREATE TRIGGER ticket_text_delete BEFORE DELETE ON tickets BEGIN
    INSERT INTO ticket_text(ticket_text, rowid, subject, body) VALUES (
        'delete', old.updated_at * 2147483648 + old.id, old.subject,
        coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = old.id), ''));
END;
CREATE TRIGGER ticket_text_message_insert AFTER INSERT ON messages BEGIN
    INSERT INTO ticket_text(ticket_text, rowid, subject, body)
        SELECT 'delete', t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages
                WHERE ticket_id = t.id AND id != new.id), '')
        FROM tickets AS t WHERE t.id = new.ticket_id;
    INSERT INTO ticket_text(rowid, subject, body)
        SELECT t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id), '')
        FROM tickets AS t WHERE t.id = new.ticket_id;
END;
CREATE TRIGGER ticket_text_message_delete AFTER DELETE ON messages BEGIN
    INSERT INTO ticket_text(ticket_text, rowid, subject, body)
        SELECT 'delete', t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id)
                || char(10), '') || old.body
        FROM tickets AS t WHERE t.id = old.ticket_id;
    INSERT INTO ticket_text(rowid, subject, body)
        SELECT t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id), '')
        FROM tickets AS t WHERE t.id = old.ticket_id;
END;
CREATE TRIGGER ticket_text_message_update AFTER UPDATE OF body, ticket_id ON messages
WHEN old.body IS NOT new.body OR old.ticket_id IS NOT new.ticket_id BEGIN
    INSERT INTO ticket_text(ticket_text, rowid, subject, body)
        SELECT 'delete', t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages
                WHERE ticket_id = t.id AND id != new.id) || char(10), '') || old.body
        FROM tickets AS t WHERE t.id = old.ticket_id;
    INSERT INTO ticket_text(rowid, subject, body)
        SELECT t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id), '')
        FROM tickets AS t WHERE t.id = old.ticket_id;
    INSERT INTO ticket_text(ticket_text, rowid, subject, body)
        SELECT 'delete', t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages
                WHERE ticket_id = t.id AND id != new.id), '')
        FROM tickets AS t WHERE t.id = new.ticket_id AND new.ticket_id IS NOT old.ticket_id;
    INSERT INTO ticket_text(rowid, subject, body)
        SELECT t.updated_at * 2147483648 + t.id, t.subject,
            coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id), '')
        FROM tickets AS t WHERE t.id = new.ticket_id AND new.ticket_id IS NOT old.ticket_id;
END;
"""

TICKET_TEXT_TRIGGERS = (
    "ticket_text_insert",
    "ticket_text_update",
    "ticket_text_delete",
    "ticket_text_message_insert",
    "ticket_text_message_delete",
    "ticket_text_message_update",
)
"""Per-row upkeep of ``ticket_text``; bulk loads drop them and refill the index once."""

TICKET_TEXT_FILL = """
INSERT INTO ticket_text(rowid, subject, body)
    SELECT t.updated_at * 2147483648 + t.id, t.subject,
        coalesce((SELECT group_concat(body, char(10)) FROM messages WHERE ticket_id = t.id), '')
    FROM tickets AS t ORDER BY t.updated_at, t.id
"""
"""Every ticket's document, in rowid order (FTS5 flushes its buffer at any rowid that
goes backwards, so an unordered fill is many times slower)."""

MIGRATIONS: tuple[str, ...] = (_V1 + CHANGE_TRIGGERS, _V2, _V3_ACCOUNTS, _V4_TICKET_TEXT)
SCHEMA_VERSION = len(MIGRATIONS)
