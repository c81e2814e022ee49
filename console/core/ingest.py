"""Customer mail into the embedded desk: the logic behind ``deskside desk ingest``.

A shop that starts on the embedded desk has its history in mail exports: ``.eml``
files, an mbox, a maildir, or JSON lines from a form or a chat tool. Ingest turns
each message into a customer message on the right ticket, and is built to be run
again and again on the same exports:

* everything is read and parsed first, then stored parents before replies (and
  otherwise oldest first), so a reply that comes before its parent in the files,
  or in another file, still lands on its parent's ticket;
* a message joins a ticket when its In-Reply-To or References name a stored
  message, else when the same customer has a ticket with the same subject (reply
  and forward prefixes in several languages ignored) that is not closed and was
  touched within :data:`SUBJECT_WINDOW`; else it opens a new ticket;
* each message is stored in its own transaction, so a bad message, a bad file or a
  crash later loses nothing stored before it, and a message whose Message-ID is
  already stored is skipped, so running ingest twice stores everything once;
* every problem is collected with the file (and line or message number) it came
  from, and nothing is raised for bad input.

Parsing and every size limit live in :mod:`console.core.mail`.
"""

from __future__ import annotations

import heapq
import re
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec

from api_client.backends.local.desk import Desk
from api_client.backends.local.rows import epoch
from api_client.models import AuthorRole, Status
from api_client.sanitize import sanitize
from console.core.mail import (
    MAX_MESSAGE_BYTES,
    IncomingMail,
    MailError,
    html_to_text,
    mail_from_bytes,
    mail_from_json,
    normalise_subject,
)

__all__ = ["SUBJECT_WINDOW", "IngestProblem", "IngestReport", "html_to_text", "ingest_paths"]

SUBJECT_WINDOW = timedelta(days=30)
"""A subject-only match joins a ticket touched at most this long before the message."""

FUTURE_SLACK = timedelta(days=1)
"""A Date further ahead of now than this is a wrong clock (or a trick to top the queue): now.
So is one before 1970."""

_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)

_SNIFF_BYTES = 8192
_LINE_CHUNK = 64 * 1024
_ESCAPED_FROM = re.compile(rb">+From ")
_KINDS = "expected .eml, .mbox, .jsonl or .ndjson, a maildir, or a folder of .eml files"


class IngestProblem(msgspec.Struct, frozen=True):
    """Something that was not ingested, and where: ``where`` is a line number, ``#n`` for the
    n-th message of an mbox, or empty when the path says it all."""

    path: str
    where: str
    reason: str

    def __str__(self) -> str:
        if not self.where:
            return f"{self.path}: {self.reason}"
        joiner = "" if self.where.startswith("#") else ":"
        return f"{self.path}{joiner}{self.where}: {self.reason}"


class IngestReport(msgspec.Struct, kw_only=True):
    """What one ingest run did; ``messages == new_tickets + threaded``."""

    messages: int = 0
    new_tickets: int = 0
    threaded: int = 0
    skipped: int = 0
    """Messages whose Message-ID was already stored (or seen earlier in the same run)."""
    new_customers: int = 0
    files: int = 0
    problems: list[IngestProblem] = msgspec.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"ingested {self.messages} messages ({self.new_tickets} new tickets, "
            f"{self.threaded} threaded, {self.skipped} skipped as duplicates) "
            f"from {self.files} files"
        )

    def add_problem(self, path: Path | str, where: str | int, reason: str) -> None:
        self.problems.append(IngestProblem(_line(str(path)), str(where), _line(reason)))


def _line(text: str) -> str:
    """One clean line: problems are printed one per line, and file names can hold anything."""
    return " ".join(sanitize(text).split())


class _Item(msgspec.Struct):
    """A parsed message, where it came from, and when it counts as sent."""

    mail: IncomingMail
    path: str
    where: str
    seq: int
    when: datetime


# -- reading the inputs -------------------------------------------------------------------


class _Reader:
    """Reads every path into parsed messages, recording problems instead of raising."""

    def __init__(self, report: IngestReport, now: datetime) -> None:
        self.report = report
        self.now = now
        self.items: list[_Item] = []

    def _accept(self, path: Path, where: str, mail: IncomingMail) -> None:
        when = mail.sent_at or self.now
        if not _EARLIEST <= when <= self.now + FUTURE_SLACK:
            when = self.now
        self.items.append(_Item(mail, str(path), where, len(self.items), when))

    def _parse(self, path: Path, where: str, raw: bytes) -> None:
        try:
            self._accept(path, where, mail_from_bytes(raw))
        except MailError as error:
            self.report.add_problem(path, where, str(error))
        except Exception as error:  # a bug must not cost the rest of the run
            self.report.add_problem(
                path, where, f"could not read ({type(error).__name__}: {error})"
            )

    def read(self, path: Path) -> None:
        try:
            if path.is_dir():
                self._read_folder(path)
            elif path.is_file():
                self._read_file(path)
            elif path.exists():
                self.report.add_problem(path, "", "not a regular file or folder")
            else:
                self.report.add_problem(path, "", "no such file or folder")
        except OSError as error:
            self.report.add_problem(path, "", f"cannot read: {error.strerror or error}")

    def _read_folder(self, path: Path) -> None:
        if (path / "cur").is_dir() and (path / "new").is_dir():
            files = [
                entry
                for folder in ("cur", "new")
                for entry in sorted((path / folder).iterdir())
                if entry.is_file() and not entry.name.startswith(".")
            ]
            for entry in files:
                self._read_one_message(entry)
            return
        emls = sorted(e for e in path.iterdir() if e.suffix.lower() == ".eml" and e.is_file())
        if not emls and (path / "mbox").is_file():  # Apple Mail exports Inbox.mbox/mbox
            self._read_file(path / "mbox")
            return
        if not emls:
            self.report.add_problem(path, "", f"no .eml files here, and not a maildir ({_KINDS})")
        for entry in emls:
            self._read_one_message(entry)

    def _read_file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix == ".eml":
            self._read_one_message(path)
            return
        self.report.files += 1
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
        if not head:
            self.report.add_problem(path, "", "empty file")
        elif suffix in (".jsonl", ".ndjson"):
            if b"\0" in head:
                self.report.add_problem(path, "", "binary data, not JSON lines")
            else:
                self._read_json_lines(path)
        elif suffix in (".mbox", ".mbx") or head.startswith(b"From "):
            if b"\0" in head:
                self.report.add_problem(path, "", "binary data, not an mbox")
            elif not head.startswith(b"From "):
                self.report.add_problem(
                    path, "", "not an mbox: the first line is not a 'From ' line"
                )
            else:
                self._read_mbox(path)
        else:
            self.report.add_problem(path, "", f"unknown kind of file ({_KINDS})")

    def _read_one_message(self, path: Path) -> None:
        self.report.files += 1
        try:
            size = path.stat().st_size
            raw = path.read_bytes() if 0 < size <= MAX_MESSAGE_BYTES else b""
        except OSError as error:  # one unreadable file in a folder must not stop the rest
            self.report.add_problem(path, "", f"cannot read: {error.strerror or error}")
            return
        if size == 0:
            self.report.add_problem(path, "", "empty file")
        elif size > MAX_MESSAGE_BYTES:
            self.report.add_problem(
                path, "", f"larger than {MAX_MESSAGE_BYTES // (1024 * 1024)} MB; not read"
            )
        else:
            self._parse(path, "", raw)

    def _read_mbox(self, path: Path) -> None:
        for index, line, raw in _mbox_entries(path):
            where = f"#{index} (line {line})"
            if raw is None:
                self.report.add_problem(
                    path, where, f"message is larger than {MAX_MESSAGE_BYTES // (1024 * 1024)} MB"
                )
            else:
                self._parse(path, where, raw)

    def _read_json_lines(self, path: Path) -> None:
        with path.open("rb") as file:
            number = 0
            while line := file.readline(MAX_MESSAGE_BYTES + 1):
                number += 1
                if len(line) > MAX_MESSAGE_BYTES:
                    while line and not line.endswith(b"\n"):  # skip the rest of it
                        line = file.readline(_LINE_CHUNK)
                    self.report.add_problem(path, number, "line is longer than the largest message")
                    continue
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if not line.strip():
                    continue
                try:
                    self._accept(path, str(number), mail_from_json(line))
                except MailError as error:
                    self.report.add_problem(path, number, str(error))
                except Exception as error:
                    self.report.add_problem(
                        path, number, f"could not read ({type(error).__name__}: {error})"
                    )


def _mbox_entries(path: Path) -> Iterator[tuple[int, int, bytes | None]]:
    """``(n, line, raw)`` for each message of an mbox, streamed; ``raw`` is None when too large.

    A message starts at a ``From `` line that opens the file or follows a blank line;
    ``>From `` lines are unquoted one level (mboxrd).
    """
    index = start = number = size = 0
    chunks: list[bytes] = []
    too_big = False
    at_line_start = previous_blank = True
    with path.open("rb") as file:
        while chunk := file.readline(_LINE_CHUNK):
            starts_line = at_line_start
            at_line_start = chunk.endswith(b"\n")
            if starts_line:
                number += 1
                if chunk.startswith(b"From ") and previous_blank:
                    if index:
                        yield index, start, None if too_big else b"".join(chunks)
                    index, start, chunks, size, too_big = index + 1, number, [], 0, False
                    previous_blank = False
                    continue
                if _ESCAPED_FROM.match(chunk):
                    chunk = chunk[1:]
            previous_blank = starts_line and chunk in (b"\n", b"\r\n")
            if too_big:
                continue
            size += len(chunk)
            if size > MAX_MESSAGE_BYTES:
                too_big, chunks = True, []
            else:
                chunks.append(chunk)
    if index:
        yield index, start, None if too_big else b"".join(chunks)


# -- ordering -------------------------------------------------------------------------------


def _thread_order(items: list[_Item]) -> list[_Item]:
    """Parents before their replies (within this run), otherwise oldest first.

    Kahn's algorithm over the reference graph, always taking the oldest message that
    is ready; a reference cycle (only forged mail has one) is broken oldest first.
    """
    first: dict[str, int] = {}
    for item in items:
        first.setdefault(item.mail.mail_id, item.seq)
    waiting = [0] * len(items)
    children: dict[int, list[int]] = {}
    for item in items:
        parents = {first[r] for r in item.mail.references if first.get(r, item.seq) != item.seq}
        waiting[item.seq] = len(parents)
        for parent in parents:
            children.setdefault(parent, []).append(item.seq)

    def key(seq: int) -> tuple[int, int]:
        return epoch(items[seq].when), seq

    ready = [key(i.seq) for i in items if waiting[i.seq] == 0]
    heapq.heapify(ready)
    by_age = sorted(range(len(items)), key=key)
    done = [False] * len(items)
    ordered: list[_Item] = []
    oldest = 0
    while len(ordered) < len(items):
        if ready:
            seq = heapq.heappop(ready)[1]
            if done[seq]:
                continue
        else:  # a cycle: take the oldest message not yet placed
            while done[by_age[oldest]]:
                oldest += 1
            seq = by_age[oldest]
        done[seq] = True
        ordered.append(items[seq])
        for child in children.get(seq, ()):
            waiting[child] -= 1
            if waiting[child] == 0 and not done[child]:
                heapq.heappush(ready, key(child))
    return ordered


# -- storing --------------------------------------------------------------------------------


def _ticket_by_reference(desk: Desk, references: Sequence[str]) -> int | None:
    for reference in references:
        row = desk.conn.execute(
            "SELECT ticket_id FROM messages WHERE mail_id = ? ORDER BY id LIMIT 1", (reference,)
        ).fetchone()
        if row is not None:
            return int(row[0])
    return None


def _ticket_by_subject(desk: Desk, customer_id: int, subject: str, when: datetime) -> int | None:
    wanted = normalise_subject(subject)
    if not wanted:
        return None
    rows = desk.conn.execute(
        "SELECT id, subject FROM tickets WHERE customer_id = ? AND status != ? "
        "AND updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT 200",
        (customer_id, Status.CLOSED.value, epoch(when - SUBJECT_WINDOW)),
    )
    return next((int(row[0]) for row in rows if normalise_subject(row[1]) == wanted), None)


def _default_name(mail: IncomingMail) -> str:
    """A new customer's name when the mail gives none: the address's local part, or the handle."""
    local, at, _ = mail.handle.rpartition("@")
    return local if at and local else mail.handle


def _store(desk: Desk, item: _Item, report: IngestReport) -> None:
    """Store one message in one transaction (all of it, or nothing) and count what it did."""
    mail = item.mail
    with desk.transaction() as conn:
        if conn.execute("SELECT 1 FROM messages WHERE mail_id = ?", (mail.mail_id,)).fetchone():
            report.skipped += 1
            return
        customer_id = desk.find_customer(mail.channel, mail.handle)
        new_customer = customer_id is None
        if customer_id is None:
            customer_id = desk.create_customer(
                mail.name or _default_name(mail),
                contacts=[(mail.channel, mail.handle)],
                language=mail.language,
                created_at=item.when,
            )
        author = mail.name or str(
            conn.execute("SELECT name FROM customers WHERE id = ?", (customer_id,)).fetchone()[0]
        )
        ticket_id = _ticket_by_reference(desk, mail.references) or _ticket_by_subject(
            desk, customer_id, mail.subject, item.when
        )
        threaded = ticket_id is not None
        if ticket_id is None:
            ticket_id = desk.create_ticket(
                subject=mail.subject,
                customer_id=customer_id,
                channel=mail.channel,
                status=Status.NEW,
                language=mail.language,
                created_at=item.when,
            )
        desk.add_message(
            ticket_id,
            body=mail.body,
            author_role=AuthorRole.CUSTOMER,
            author_name=author,
            public=True,
            channel=mail.channel,
            created_at=item.when,
            mail_id=mail.mail_id,
        )
    report.messages += 1
    report.new_customers += int(new_customer)
    if threaded:
        report.threaded += 1
    else:
        report.new_tickets += 1


def ingest_paths(desk: Desk, paths: Sequence[Path], *, now: datetime | None = None) -> IngestReport:
    """Add every customer message found at ``paths`` to ``desk``; see the module docstring.

    ``now`` stands in for a missing or impossible Date (default: the current time; a
    naive ``now`` is taken as UTC).
    Never raises for bad input: each problem is in the report, and every message
    stored before a problem stays stored.
    """
    report = IngestReport()
    now = now or datetime.now(UTC)
    reader = _Reader(report, now if now.tzinfo else now.replace(tzinfo=UTC))
    for path in paths:
        reader.read(Path(path))
    ordered = _thread_order(reader.items)
    for done, item in enumerate(ordered):
        try:
            _store(desk, item, report)
        except sqlite3.OperationalError as error:  # disk full, locked too long: stop here
            left = len(ordered) - done
            report.add_problem(
                item.path,
                item.where,
                f"database error, stopped with {left} messages not stored "
                f"(run ingest again to continue): {error}",
            )
            break
        except Exception as error:
            report.add_problem(
                item.path, item.where, f"not stored ({type(error).__name__}: {error})"
            )
    return report
