"""Mail ingest: threading a sample mbox, every input kind, idempotence, bad and hostile input.

The fixtures in ``tests/fixtures/mail`` are written by hand; ``support.mbox`` is a
week of Spanish, Italian and English customer mail (see ``SAMPLE_THREADS``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_client.backends.local.desk import Desk
from api_client.models import Channel, Status, TicketUpdate
from api_client.sanitize import is_clean
from console.cli import main
from console.commands import desk as desk_command
from console.core.db import open_store
from console.core.errors import UserError
from console.core.ingest import IngestProblem, IngestReport, html_to_text, ingest_paths
from console.core.mail import (
    MAX_HTML_CHARS,
    MAX_PARTS,
    MAX_TEXT_CHARS,
    TRUNCATED,
    MailError,
    mail_from_bytes,
    mail_from_json,
    normalise_subject,
)
from console.core.paths import config_file, desk_path

MAIL = Path(__file__).parent.parent / "fixtures" / "mail"
MBOX = MAIL / "support.mbox"
BROKEN = MAIL / "broken"
NOW = datetime(2024, 4, 1, tzinfo=UTC)

SAMPLE_THREADS: dict[str, list[str | None]] = {
    # Lucía: a reply by In-Reply-To, then "RE: <subject>" with no threading headers.
    "Pedido 1042 no ha llegado": [
        "es-1@mail.example.es",
        "es-2@mail.example.es",
        "es-3@mail.example.es",
    ],
    # Lucía again, another subject: a ticket of its own.
    "Factura de marzo": ["es-4@mail.example.es"],
    # Marco: quoted-printable ISO-8859-1, RFC 2047 subject; the reply changes the
    # subject and has only References (base64 ISO-8859-1).
    "Reso articolo difettoso - così non va": ["it-1@posta.example.it", "it-2@posta.example.it"],
    # Marco, no Message-ID at all (a synthetic id).
    "Fattura ordine 2210": [None],
    # Anna: HTML-only; her reply (In-Reply-To, new subject, an attachment) comes
    # first in the file.
    "Wrong size delivered": ["en-1@mail.example.com", "en-2@mail.example.com"],
}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    conn = open_store(tmp_path / "desk.sqlite3")
    yield Desk(conn)
    conn.close()


def ingest(desk: Desk, *paths: Path, now: datetime = NOW) -> IngestReport:
    return ingest_paths(desk, list(paths), now=now)


def threads(desk: Desk) -> dict[str, list[str]]:
    """Ticket subject -> the mail ids of its messages, oldest first."""
    result: dict[str, list[str]] = {}
    for ticket_id, subject in desk.conn.execute("SELECT id, subject FROM tickets ORDER BY id"):
        rows = desk.conn.execute(
            "SELECT mail_id FROM messages WHERE ticket_id = ? ORDER BY created_at, id",
            (ticket_id,),
        )
        result[subject] = [row[0] for row in rows]
    return result


def bodies(desk: Desk, subject: str) -> list[str]:
    rows = desk.conn.execute(
        "SELECT m.body FROM messages AS m JOIN tickets AS t ON t.id = m.ticket_id "
        "WHERE t.subject = ? ORDER BY m.created_at, m.id",
        (subject,),
    )
    return [row[0] for row in rows]


def count(desk: Desk, table: str) -> int:
    return int(desk.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def jsonl(path: Path, *records: str) -> Path:
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def record(
    sender: str, subject: str, body: str, date: str, mid: str | None = None, **more: str
) -> str:
    fields: dict[str, object] = {"from": sender, "subject": subject, "body": body, "date": date}
    if mid:
        fields["message_id"] = mid
    fields.update(more)
    return json.dumps(fields)


# -- the sample mbox ------------------------------------------------------------------------


def test_sample_mbox_threads_replies(desk: Desk) -> None:
    report = ingest(desk, MBOX)

    assert report.problems == []
    assert (report.messages, report.new_tickets, report.threaded, report.skipped) == (9, 5, 4, 0)
    assert (report.files, report.new_customers) == (1, 3)
    assert report.summary() == (
        "ingested 9 messages (5 new tickets, 4 threaded, 0 skipped as duplicates) from 1 files"
    )
    found = threads(desk)
    assert set(found) == set(SAMPLE_THREADS)
    for subject, ids in SAMPLE_THREADS.items():
        assert len(found[subject]) == len(ids), subject
        assert [i for i in found[subject] if i in ids] == [i for i in ids if i], subject
    assert found["Fattura ordine 2210"][0].endswith("@ingest.deskside.invalid")
    assert count(desk, "customers") == 3


def test_sample_mbox_tickets_and_messages(desk: Desk) -> None:
    ingest(desk, MBOX)
    rows = desk.conn.execute(
        "SELECT t.subject, t.status, t.channel, t.message_count, t.created_at, c.name, c.email "
        "FROM tickets AS t JOIN customers AS c ON c.id = t.customer_id"
    ).fetchall()
    by_subject = {row[0]: row[1:] for row in rows}
    status, channel, messages, created, name, email = by_subject["Pedido 1042 no ha llegado"]
    assert (status, channel, messages) == (Status.NEW.value, "email", 3)
    assert created == int(datetime(2024, 3, 4, 8, 12, tzinfo=UTC).timestamp())  # the Date header
    assert name == "Lucía Fernández"  # RFC 2047 encoded name
    assert email == "Lucia.Fernandez@example.es"  # one customer, found again case-insensitively
    thread = desk.thread(
        desk.conn.execute(
            "SELECT id FROM tickets WHERE subject = 'Pedido 1042 no ha llegado'"
        ).fetchone()[0]
    )
    assert all(m.author_role == "customer" and m.public for m in thread)
    assert [m.author_name for m in thread] == ["Lucía Fernández"] * 3
    assert "escribió:\n> hice el pedido 1042" in thread[1].body  # quoted history is kept


def test_sample_mbox_decodes_every_encoding(desk: Desk) -> None:
    ingest(desk, MBOX)
    italian = bodies(desk, "Reso articolo difettoso - così non va")
    assert "il frullatore dell'ordine 2210 è arrivato" in italian[0]  # quoted-printable latin-1
    assert "Così non posso usarlo" in italian[0]
    assert "La scatola era già aperta quando è arrivata." in italian[1]  # base64 latin-1
    assert "Il giorno lun 4 mar 2024 alle 11:02 Marco Rossi ha scritto:" in italian[1]

    html, reply = bodies(desk, "Wrong size delivered")
    assert "I received the wrong size for order A-77:" in html
    assert "Rain jacket  L        M" in html  # the table keeps its columns
    assert "[send me a return label](https://shop.example/returns)" in html
    assert "alert" not in html and "color: red" not in html and "<p>" not in html
    assert "From what I can see" in reply  # ">From " unquoted (mboxrd)
    assert "<p>" not in reply  # plain text preferred over its HTML alternative
    assert reply.endswith("[attachments: photo.jpg]")


def test_reingest_is_idempotent(desk: Desk) -> None:
    ingest(desk, MBOX)
    before = threads(desk)

    again = ingest(desk, MBOX, now=NOW + timedelta(days=3))

    assert (again.messages, again.skipped, again.problems) == (0, 9, [])
    assert threads(desk) == before
    assert count(desk, "messages") == 9 and count(desk, "customers") == 3


def test_the_same_message_twice_in_one_run_is_stored_once(desk: Desk, tmp_path: Path) -> None:
    copy = tmp_path / "copy.mbox"
    copy.write_bytes(MBOX.read_bytes())
    report = ingest(desk, MBOX, copy)
    assert (report.messages, report.skipped, report.files) == (9, 9, 2)


# -- other kinds of input ---------------------------------------------------------------------


def test_folder_of_eml_files(desk: Desk) -> None:
    report = ingest(desk, MAIL / "eml")
    assert (report.messages, report.new_tickets, report.threaded, report.files) == (3, 2, 1, 3)
    found = threads(desk)
    assert found["Colis abîmé"] == ["fr-1@courriel.example.fr", "fr-2@courriel.example.fr"]
    assert "a écrit :\n> le colis" in bodies(desk, "Colis abîmé")[1]


def test_single_eml_files_reply_first(desk: Desk) -> None:
    report = ingest(desk, MAIL / "eml" / "02-reply.eml", MAIL / "eml" / "01-order.eml")
    assert (report.new_tickets, report.threaded) == (1, 1)
    assert threads(desk) == {
        "Colis abîmé": ["fr-1@courriel.example.fr", "fr-2@courriel.example.fr"]
    }


def test_maildir(desk: Desk) -> None:
    report = ingest(desk, MAIL / "maildir")
    assert (report.messages, report.threaded, report.files, report.problems) == (2, 1, 2, [])
    first, second = bodies(desk, "Where is my refund?")
    assert first.endswith("お願いします")  # iso-2022-jp
    assert second == "Any news? Caf\ufffd \ufffd\ufffd"  # an unknown charset: replaced, no crash


def test_json_lines(desk: Desk) -> None:
    report = ingest(desk, MAIL / "messages.jsonl")
    assert (report.messages, report.new_tickets, report.threaded, report.problems) == (4, 2, 2, [])
    ticket = desk.ticket(
        desk.conn.execute(
            "SELECT id FROM tickets WHERE subject = 'Encomenda 880 atrasada'"
        ).fetchone()[0]
    )
    assert ticket.language == "pt-BR"
    assert bodies(desk, "Encomenda 880 atrasada") == [
        "Olá, a encomenda 880 ainda não chegou.",
        "Alguma novidade?",  # from "html"
    ]
    chat = desk.conn.execute(
        "SELECT t.channel, t.message_count, c.name FROM tickets AS t "
        "JOIN customers AS c ON c.id = t.customer_id WHERE t.subject = 'Talla equivocada'"
    ).fetchone()
    assert tuple(chat) == ("whatsapp", 2, "Pablo")
    assert desk.find_customer(Channel.WHATSAPP, "+34600111222") is not None
    authors = desk.conn.execute("SELECT DISTINCT author_name FROM messages").fetchall()
    assert {a[0] for a in authors} == {"Sofia Costa", "Pablo"}  # unnamed replies: known name


def test_json_lines_without_ids_are_idempotent(desk: Desk) -> None:
    path = MAIL / "messages.jsonl"
    ingest(desk, path)
    assert ingest(desk, path).skipped == 4
    assert count(desk, "messages") == 4


def test_apple_mail_mbox_folder(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "Inbox.mbox"
    folder.mkdir()
    (folder / "mbox").write_bytes(MBOX.read_bytes())
    assert ingest(desk, folder).messages == 9


def test_mbox_without_extension_is_recognised(desk: Desk, tmp_path: Path) -> None:
    inbox = tmp_path / "Inbox"
    inbox.write_bytes(MBOX.read_bytes())
    assert ingest(desk, inbox).messages == 9


# -- threading ------------------------------------------------------------------------------


def test_reply_before_parent_even_with_an_earlier_date(desk: Desk, tmp_path: Path) -> None:
    # The reply's clock is an hour behind, and it comes first, in another file.
    reply = jsonl(
        tmp_path / "a.jsonl",
        record(
            "eva@example.de",
            "AW: Lieferung",
            "Danke!",
            "2024-03-01T09:00:00+01:00",
            "de-2@x",
            in_reply_to="de-1@x",
        ),
    )
    parent = jsonl(
        tmp_path / "b.jsonl",
        record(
            "eva@example.de",
            "Lieferung",
            "Wo ist mein Paket?",
            "2024-03-01T10:00:00+01:00",
            "de-1@x",
        ),
    )
    report = ingest(desk, reply, parent)
    assert (report.new_tickets, report.threaded) == (1, 1)
    assert threads(desk) == {"Lieferung": ["de-2@x", "de-1@x"]}  # (shown by their dates)


def test_reply_in_a_later_run(desk: Desk, tmp_path: Path) -> None:
    ingest(desk, MAIL / "eml" / "01-order.eml")
    desk.update_ticket(1, TicketUpdate(status=Status.SOLVED))
    report = ingest(desk, MAIL / "eml" / "02-reply.eml")
    assert report.threaded == 1
    assert desk.ticket(1).status is Status.OPEN  # the desk's rule: a customer reply reopens


def test_reference_cycles_do_not_hang(desk: Desk, tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "cycle.jsonl",
        record("x@example.com", "A", "a", "2024-03-01T10:00:00Z", "a@x", in_reply_to="b@x"),
        record("x@example.com", "B", "b", "2024-03-01T11:00:00Z", "b@x", in_reply_to="a@x"),
    )
    report = ingest(desk, path)
    assert (report.messages, report.new_tickets) == (2, 1)


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Pedido 1042",
        "RE: RE: pedido  1042",
        "Fwd: Re: Pedido 1042",
        "FW: Pedido 1042",
        "TR: Pedido 1042",
        "R: Pedido 1042",
        "Rif: Pedido 1042",
        "I: Pedido 1042",
        "AW: WG: Pedido 1042",
        "RV: Pedido 1042",
        "Réf : Pedido 1042",
        "Antw: Pedido 1042",
        "Re[2]: Pedido 1042",
        "[Shop] Re: [Ticket #9] Pedido 1042",
        "  re :  PEDIDO 1042 ",
        "Re：Pedido 1042",
    ],
)
def test_normalise_subject(subject: str) -> None:
    assert normalise_subject(subject) == "pedido 1042"


def test_normalise_subject_keeps_words_that_only_look_like_prefixes() -> None:
    assert normalise_subject("Return label") == "return label"
    assert normalise_subject("Rifiuto consegna") == "rifiuto consegna"
    assert normalise_subject("Re:") == ""


def test_subject_threading_needs_same_customer_open_ticket_and_30_days(
    desk: Desk, tmp_path: Path
) -> None:
    def mail(sender: str, subject: str, day: int) -> str:
        return record(sender, subject, f"{sender} {subject} {day}", f"2024-03-{day:02d}T10:00:00Z")

    ingest(desk, jsonl(tmp_path / "1.jsonl", mail("ana@example.es", "Devolución", 1)))
    ingest(desk, jsonl(tmp_path / "2.jsonl", mail("ana@example.es", "RE: devolución", 5)))
    assert len(threads(desk)["Devolución"]) == 2
    ingest(desk, jsonl(tmp_path / "3.jsonl", mail("otro@example.es", "Re: Devolución", 6)))
    assert count(desk, "tickets") == 2  # another customer: a ticket of their own
    desk.update_ticket(1, TicketUpdate(status=Status.CLOSED))
    ingest(desk, jsonl(tmp_path / "4.jsonl", mail("ana@example.es", "Re: Devolución", 7)))
    assert count(desk, "tickets") == 3  # closed: not joined
    ingest(desk, jsonl(tmp_path / "5.jsonl", mail("ana@example.es", "Re: Devolución", 31)))
    assert count(desk, "tickets") == 3  # 24 days after the last one: joined
    when = "2024-05-15T10:00:00Z"
    late = record("ana@example.es", "Re: Devolución", "late", when)
    ingest(desk, jsonl(tmp_path / "6.jsonl", late), now=datetime(2024, 6, 1, tzinfo=UTC))
    assert count(desk, "tickets") == 4  # more than 30 days later: a new ticket


def test_empty_subjects_never_thread_by_subject(desk: Desk, tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "x.jsonl",
        record("ana@example.es", "", "first", "2024-03-01T10:00:00Z"),
        record("ana@example.es", "Re:", "second", "2024-03-01T11:00:00Z"),
    )
    ingest(desk, path)
    assert count(desk, "tickets") == 2
    assert set(threads(desk)) == {"(no subject)", "Re:"}


# -- dates ------------------------------------------------------------------------------------


def test_missing_and_future_dates_become_now(desk: Desk, tmp_path: Path) -> None:
    raw = b"From: a@example.com\nSubject: %s\n%s\nhello\n"
    assert mail_from_bytes(raw % (b"one", b"")).sent_at is None
    (tmp_path / "a.eml").write_bytes(raw % (b"one", b""))
    (tmp_path / "b.eml").write_bytes(raw % (b"two", b"Date: Fri, 01 Jan 2100 00:00:00 +0000\n"))
    assert ingest(desk, tmp_path).messages == 2
    stamps = {row[0] for row in desk.conn.execute("SELECT created_at FROM messages")}
    assert stamps == {int(NOW.timestamp())}


def test_dates_before_1970_become_now(desk: Desk, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "old.jsonl", record("a@example.com", "Old", "x", "0001-01-01T00:00:00"))
    assert ingest(desk, path, now=NOW.replace(tzinfo=None)).messages == 1
    assert desk.conn.execute("SELECT created_at FROM messages").fetchone()[0] == NOW.timestamp()


# -- headers ----------------------------------------------------------------------------------


def test_raw_eight_bit_headers_are_read_as_utf8_or_windows_1252() -> None:
    utf8 = "From: José Núñez <jose@example.es>\nSubject: ¿Dónde está?\n\nhola".encode()
    mail = mail_from_bytes(utf8)
    assert (mail.name, mail.subject) == ("José Núñez", "¿Dónde está?")
    legacy = "From: José <jose@example.es>\nSubject: Señor 5 €\n\nhola".encode("cp1252")
    mail = mail_from_bytes(legacy)
    assert (mail.name, mail.subject) == ("José", "Señor 5 €")


def test_sender_forms() -> None:
    def sender(value: str) -> tuple[str, str]:
        mail = mail_from_bytes(f"From: {value}\nSubject: x\n\nhello".encode())
        return mail.handle, mail.name

    assert sender('"Doe, John" <John@Example.COM>') == ("John@example.com", "Doe, John")
    assert sender("a@example.com (Old Style)") == ("a@example.com", "")
    assert sender("Foo <a@example.com>, Bar <b@example.com>") == ("a@example.com", "Foo")
    with pytest.raises(MailError, match="unusable sender"):
        sender("Foo <x@evil.com\u202e>")


def test_message_ids_and_references() -> None:
    raw = (
        b"From: a@example.com\nSubject: x\nMessage-ID: <me@x>\n"
        b"In-Reply-To: <parent@x> (sent by Bob)\nReferences: <root@x>\n <mid@x>\n\t<parent@x>\n\nhi"
    )
    mail = mail_from_bytes(raw)
    assert mail.mail_id == "me@x"
    assert mail.references == ("parent@x", "mid@x", "root@x")  # nearest first
    assert mail_from_bytes(b"From: a@example.com\nMessage-ID: bare@x\n\nhi").mail_id == "bare@x"


# -- bad input --------------------------------------------------------------------------------


def test_bad_files_are_named_and_the_rest_is_kept(desk: Desk) -> None:
    report = ingest(desk, MBOX, *sorted(BROKEN.iterdir()), MAIL / "nowhere.eml")

    text = [str(p) for p in report.problems]
    assert text == [
        f"{BROKEN}/bad.jsonl:2: not valid JSON: Input data was truncated",
        f"{BROKEN}/bad.jsonl:3: invalid record: Expected `str`, got `int` - at `$.subject`",
        f"{BROKEN}/bad.jsonl:4: date must be ISO 8601 (like 2024-05-01T09:30:00+02:00), "
        "not 'yesterday'",
        f"{BROKEN}/bad.jsonl:5: invalid record: `from` is not an email address: 'not an address'",
        f"{BROKEN}/binary.eml: binary data, not an email message",
        f"{BROKEN}/empty.eml: empty file",
        f"{BROKEN}/notes.txt: unknown kind of file (expected .eml, .mbox, .jsonl or .ndjson, "
        "a maildir, or a folder of .eml files)",
        f"{BROKEN}/truncated.mbox#2 (line 9): message is truncated: its MIME parts are never "
        "closed",
        f"{MAIL}/nowhere.eml: no such file or folder",
    ]
    assert not report.ok
    assert report.messages == 9 + 2 + 1  # the sample, bad.jsonl lines 1 and 6, truncated #1
    assert {"First", "Sixth", "Complete message"} <= set(threads(desk))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty message"),
        (b"\n\n\n", "empty message"),
        (b"\x00\x01\x02binary", "binary data"),
        (b"just some text\nwith lines\n", "does not start with a header"),
        (b"From: a@example.com\nSubject: cut", "ends inside its headers"),
        (b"Subject: nobody\n\nhello", "no From header"),
        (b"From: undisclosed-recipients:;\nSubject: x\n\nhello", "no usable sender"),
        (b"From: <>\nSubject: x\n\nhello", "no usable sender"),
        (b"From: " + b"(" * 5000 + b"a\nSubject: x\n\nhello", "no usable sender"),
        (b"From: \x1b[31m@evil\nSubject: x\n\nhello", "no usable sender"),
    ],
)
def test_unreadable_messages_raise_mail_error(raw: bytes, reason: str) -> None:
    with pytest.raises(MailError, match=reason):
        mail_from_bytes(raw)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"From nobody\n\x00\x00\x00", "binary data, not an mbox"),
        (b"Subject: hi\n\nnot an mbox", "not an mbox"),
    ],
)
def test_bad_mbox_files(desk: Desk, tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.mbox"
    path.write_bytes(content)
    (problem,) = ingest(desk, path).problems
    assert problem.path == str(path) and reason in problem.reason


def test_not_a_regular_file(desk: Desk, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.eml"
    os.mkfifo(fifo)
    (problem,) = ingest(desk, fifo).problems
    assert problem.reason == "not a regular file or folder"


def test_folder_without_mail(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi")
    report = ingest(desk, tmp_path)
    assert [p.reason for p in report.problems] == [
        "no .eml files here, and not a maildir (expected .eml, .mbox, .jsonl or .ndjson, "
        "a maildir, or a folder of .eml files)"
    ]


def test_problem_lines_are_one_clean_line(desk: Desk, tmp_path: Path) -> None:
    odd = tmp_path / "evil\x1b]52;c;eA==\x07\nname.eml"
    odd.write_bytes(b"")
    (problem,) = ingest(desk, odd).problems
    assert "\n" not in str(problem) and is_clean(str(problem))
    assert str(problem).endswith("evil␛]52;c;eA==␇ name.eml: empty file")


def test_truncated_mbox_keeps_what_came_before(desk: Desk) -> None:
    report = ingest(desk, BROKEN / "truncated.mbox")
    assert report.messages == 1
    assert report.problems == [
        IngestProblem(
            str(BROKEN / "truncated.mbox"),
            "#2 (line 9)",
            "message is truncated: its MIME parts are never closed",
        )
    ]


def test_a_failure_mid_file_loses_nothing_stored(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Desk.add_message
    calls = 0

    def flaky(self: Desk, *args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("disk gremlin")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Desk, "add_message", flaky)
    report = ingest(desk, MBOX)
    assert report.messages == 8 and len(report.problems) == 1
    assert "not stored (RuntimeError: disk gremlin)" in report.problems[0].reason
    # Committed, each in its own transaction: another connection sees them all.
    path = desk.conn.execute("PRAGMA database_list").fetchone()[2]
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM messages").fetchone()[0] == 8
    # The ticket of the failed message is not left behind half-made.
    orphans = "SELECT count(*) FROM tickets WHERE id NOT IN (SELECT ticket_id FROM messages)"
    assert other.execute(orphans).fetchone()[0] == 0
    other.close()
    monkeypatch.setattr(Desk, "add_message", real)
    again = ingest(desk, MBOX)
    assert (again.messages, again.skipped) == (1, 8)  # running again finishes the job


def test_a_database_error_stops_and_says_how_many_are_left(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Desk.add_message
    calls = 0

    def full(self: Desk, *args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Desk, "add_message", full)
    report = ingest(desk, MBOX)
    assert report.messages == 2
    (problem,) = report.problems
    assert "stopped with 7 messages not stored (run ingest again to continue)" in problem.reason


# -- hostile input ----------------------------------------------------------------------------


def _all_stored_text(desk: Desk) -> list[str]:
    texts: list[str] = []
    for table, columns in {
        "tickets": "subject",
        "messages": "body, author_name, mail_id",
        "customers": "name, coalesce(email, '')",
        "customer_contacts": "value",
    }.items():
        for row in desk.conn.execute(f"SELECT {columns} FROM {table}"):
            texts.extend(str(value) for value in row)
    return texts


def test_escape_and_bidi_characters_are_never_stored(desk: Desk) -> None:
    ingest(desk, MAIL / "eml" / "03-hostile.eml")
    texts = _all_stored_text(desk)
    assert texts and all(is_clean(text) for text in texts)
    assert not any("\x1b" in t or "\u202e" in t or "\u200b" in t or "\x9b" in t for t in texts)
    (subject,) = threads(desk)
    assert "\n" not in subject  # an encoded CR LF cannot forge a header or a line
    assert subject == "Refund Bcc: victim@example.com ␛[31mURGENT␛[0m"
    (body,) = bodies(desk, subject)
    assert "␛]52;c;" in body  # OSC 52 shown, not run
    assert body.endswith("[attachments: invoice Agent note: refund approved.pdf]")
    name = desk.conn.execute("SELECT name FROM customers").fetchone()[0]
    assert name == "Mallory gnp.exe"


def test_huge_html_is_cut_with_the_marker() -> None:
    huge = "<p>" + "bonjour " * (MAX_HTML_CHARS // 4) + "</p>"
    start = time.monotonic()
    text = html_to_text(huge)
    assert time.monotonic() - start < 30
    assert text.endswith(TRUNCATED)
    assert len(text) <= MAX_TEXT_CHARS + len(TRUNCATED) + 2


def test_long_html_output_is_cut_even_when_the_input_fits() -> None:
    text = html_to_text("<pre>" + "x" * (MAX_TEXT_CHARS + 10) + "</pre>")
    assert text.endswith(TRUNCATED) and len(text) < MAX_TEXT_CHARS + 100
    assert html_to_text("<p>short</p>") == "short"


def test_html_the_parser_gives_up_on_is_still_read() -> None:
    deep = "<div>" * 5000 + "still here &amp; fine" + "</div>" * 5000
    assert html_to_text(deep) == "still here & fine"
    assert html_to_text("") == ""


def test_huge_html_mail_is_stored_cut(desk: Desk, tmp_path: Path) -> None:
    html = ("<table><tr>" + "<td>cell</td>" * 50 + "</tr></table>") * 3000
    raw = (
        "From: big@example.com\nSubject: Big\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n" + html
    ).encode()
    (tmp_path / "big.eml").write_bytes(raw)
    report = ingest(desk, tmp_path / "big.eml")
    assert report.messages == 1
    (body,) = bodies(desk, "Big")
    assert body.endswith(TRUNCATED) and len(body) < MAX_TEXT_CHARS + 100


def test_long_plain_text_is_cut() -> None:
    raw = b"From: a@example.com\nSubject: long\n\n" + b"abc " * MAX_TEXT_CHARS
    mail = mail_from_bytes(raw)
    assert mail.body.endswith(TRUNCATED) and len(mail.body) < MAX_TEXT_CHARS + 100


def test_enormous_headers_are_read_quickly_and_cut() -> None:
    raw = (
        b"From: =?utf-8?q?Jos=C3=A9?= <a@example.com>\n"
        b"Subject: " + b"=?utf-8?q?hola?= " * 60_000 + b"\n"
        b"References: " + b" ".join(b"<%d@x>" % i for i in range(50_000)) + b"\n"
        b"\nbody\n"
    )
    start = time.monotonic()
    mail = mail_from_bytes(raw)
    assert time.monotonic() - start < 10  # unbounded, the subject alone takes a minute
    assert mail.name == "José"
    assert len(mail.subject) <= 500 and mail.subject.startswith("holahola")
    assert len(mail.references) == 100


def _nested(depth: int) -> bytes:
    head = b"From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n"
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth)
    )
    closing = b"".join(b"\n--b%d--\n" % i for i in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\n\nthe bottom\n" + closing


def test_deeply_nested_multiparts() -> None:
    shallow = mail_from_bytes(_nested(10))
    assert shallow.body == "the bottom"
    cut = mail_from_bytes(_nested(40))
    assert "deskside read only the first" in cut.body
    with pytest.raises(MailError, match="nested too deeply"):
        mail_from_bytes(_nested(3000))


def test_many_parts_are_bounded() -> None:
    parts = b"".join(b"--x\nContent-Type: text/plain\n\npart %d\n" % i for i in range(1000))
    raw = (
        b"From: a@example.com\nSubject: many\nContent-Type: multipart/mixed; boundary=x\n\n"
        + parts
        + b"--x--\n"
    )
    mail = mail_from_bytes(raw)
    assert f"part {MAX_PARTS - 2}" in mail.body and "part 999" not in mail.body
    assert "deskside read only the first" in mail.body


def test_attachments_are_listed_not_stored() -> None:
    names = b"".join(
        b'--x\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="f%d.pdf"'
        b"\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n" % i
        for i in range(25)
    )
    raw = (
        b"From: a@example.com\nSubject: files\nContent-Type: multipart/mixed; boundary=x\n\n"
        b"--x\nContent-Type: text/plain\n\nsee attached\n" + names + b"--x--\n"
    )
    mail = mail_from_bytes(raw)
    assert mail.body.startswith("see attached\n\n[attachments: f0.pdf, f1.pdf")
    assert mail.body.endswith("f19.pdf, and 5 more]")
    assert "JVBER" not in mail.body


def test_attachment_only_and_empty_mail() -> None:
    raw = (
        b"From: a@example.com\nSubject: scan\nContent-Type: image/png; name=scan.png\n"
        b"Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
    )
    assert mail_from_bytes(raw).body == "[attachments: scan.png]"
    assert mail_from_bytes(b"From: a@example.com\nSubject: empty\n\n").body == "(no text)"


@pytest.mark.parametrize(
    "charset", ["utf-8", "iso-8859-1", "x-unknown", "base64", "rot13", "utf-7", "", "\x1b[31m"]
)
def test_any_charset_decodes_without_crashing(charset: str) -> None:
    raw = (
        f'From: a@example.com\nSubject: x\nContent-Type: text/plain; charset="{charset}"\n\n'
    ).encode() + b"caf\xc3\xa9 \xe9 \xff\n"
    assert mail_from_bytes(raw).body.startswith("caf")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_mail_error(data: bytes) -> None:
    for raw in (data, b"From: a@example.com\nSubject: fuzz\n" + data):
        try:
            mail = mail_from_bytes(raw)
        except MailError:
            continue
        assert mail.handle and mail.mail_id


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=500))
def test_arbitrary_json_lines_raise_only_mail_error(data: bytes) -> None:
    with contextlib.suppress(MailError):
        mail_from_json(data)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    subject=st.text(max_size=80), body=st.text(min_size=1, max_size=200), name=st.text(max_size=40)
)
def test_arbitrary_text_is_stored_clean(tmp_path: Path, subject: str, body: str, name: str) -> None:
    conn = open_store(":memory:")
    desk = Desk(conn)
    line = json.dumps(
        {
            "from": "x@example.com",
            "name": name,
            "subject": subject,
            "body": body,
            "date": "2024-03-01T10:00:00Z",
        }
    )
    path = tmp_path / "fuzz.jsonl"
    path.write_text(line + "\n", encoding="utf-8", errors="surrogatepass")
    ingest_paths(desk, [path], now=NOW)
    assert all(is_clean(text) for text in _all_stored_text(desk))
    conn.close()


# -- the command line -----------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deskside")
    parser.add_argument("--profile")
    desk_command.register(parser.add_subparsers(dest="command"))
    return parser


def _open(profile: str = "local") -> Desk:
    return Desk(open_store(desk_path(profile)), profile)


def test_cli_ingests_the_sample_mbox(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["desk", "ingest", str(MBOX)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "ingested 9 messages (5 new tickets, 4 threaded, 0 skipped as duplicates) from 1 files\n"
    )
    assert err == ""
    desk = _open()
    assert {s: len(ids) for s, ids in threads(desk).items()} == {
        s: len(ids) for s, ids in SAMPLE_THREADS.items()
    }
    desk.conn.close()
    assert main(["desk", "ingest", str(MBOX)]) == 0
    assert "0 messages" in capsys.readouterr().out


def _local_profiles(*names: str) -> None:
    """Configure extra embedded-desk profiles (the built-in one is always `local`)."""
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(
        "".join(f'[profiles.{name}]\nbackend = "local"\n' for name in names), encoding="utf-8"
    )


def test_cli_reports_problems_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    _local_profiles("shop")
    args = _parser().parse_args(
        ["desk", "ingest", "--profile", "shop", str(MAIL / "eml"), str(BROKEN / "empty.eml")]
    )
    assert args.handler(args) == 1
    out, err = capsys.readouterr()
    assert out.startswith("ingested 3 messages (2 new tickets, 1 threaded")
    assert err == f"deskside: {BROKEN}/empty.eml: empty file\n"
    desk = _open("shop")
    assert count(desk, "messages") == 3
    desk.conn.close()
    assert not desk_path("local").exists()


def test_cli_profile_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    _local_profiles("other")
    args = _parser().parse_args(["--profile", "other", "desk", "ingest", str(MAIL / "maildir")])
    assert args.handler(args) == 0
    assert desk_path("other").exists()


def test_cli_refuses_unknown_and_remote_profiles() -> None:
    args = _parser().parse_args(["desk", "ingest", "--profile", "../etc", str(MBOX)])
    with pytest.raises(UserError, match="unknown profile"):
        args.handler(args)
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('[profiles.acme]\nbackend = "zendesk"\n', encoding="utf-8")
    args = _parser().parse_args(["desk", "ingest", "--profile", "acme", str(MBOX)])
    with pytest.raises(UserError, match="zendesk profile"):
        args.handler(args)


def test_cli_needs_paths(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["desk", "ingest"])
    with pytest.raises(SystemExit):
        _parser().parse_args(["desk"])
