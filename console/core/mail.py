"""Customer mail to plain text a desk can store: RFC 5322 messages and JSON records.

Mail is the most hostile text deskside reads. Anyone can send it, and a message is
a tree of parts in any charset, with headers that may be megabytes long, parts
nested a thousand deep and HTML built to make a converter crawl. This module turns
one raw message (or one JSON-lines record) into an :class:`IncomingMail`, or
raises :class:`MailError` with a reason a person can read, and never anything
else. Every limit is a named constant here:

* a message over :data:`MAX_MESSAGE_BYTES` is refused before it is parsed;
* each header is cut at :data:`MAX_HEADER_CHARS` before the ``email`` package's
  header parser sees it (that parser is quadratic on long runs of encoded words);
* the body walk stops after :data:`MAX_PARTS` parts or :data:`MAX_DEPTH` levels
  and says so in the text;
* HTML is cut at :data:`MAX_HTML_CHARS` before conversion and every body at
  :data:`MAX_TEXT_CHARS` after, ending with the visible :data:`TRUNCATED` marker.

Nothing here sanitizes for the terminal (the desk does that once, when it
stores), except what must be a single line: names, subjects and attachment names
are folded onto one line so a header cannot forge extra lines in a body.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import UTC, datetime
from email.errors import CloseBoundaryNotFoundDefect
from email.message import Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import parsedate_to_datetime
from typing import Any

import msgspec
from inscriptis import get_text
from inscriptis.model.config import ParserConfig

from api_client.models import Channel
from api_client.sanitize import is_clean, sanitize

__all__ = [
    "MAX_DEPTH",
    "MAX_HEADER_CHARS",
    "MAX_HTML_CHARS",
    "MAX_MESSAGE_BYTES",
    "MAX_PARTS",
    "MAX_TEXT_CHARS",
    "TRUNCATED",
    "IncomingMail",
    "MailError",
    "html_to_text",
    "mail_from_bytes",
    "mail_from_json",
    "normalise_subject",
]

MAX_MESSAGE_BYTES = 50 * 1024 * 1024
"""Larger messages are refused unread (attachments included; mail servers stop at 25-50 MB)."""

MAX_HEADER_CHARS = 16_000
"""Each header is cut here before parsing: 16 kB of encoded words parse in ~0.1 s, 1 MB in a
minute."""

MAX_HTML_CHARS = 1_000_000
"""HTML beyond this is not converted. inscriptis is linear, but a 1 MB one-row table still takes
~2.5 s, and no customer writes a megabyte of HTML."""

MAX_TEXT_CHARS = 200_000
"""The longest body kept, after conversion (about a hundred printed pages)."""

MAX_PARTS = 200
MAX_DEPTH = 16
"""The body walk reads at most this many MIME parts, nested at most this deep."""

MAX_NAME_CHARS = 200
MAX_SUBJECT_CHARS = 500
MAX_REFERENCES = 100
"""At most this many referenced message ids (the nearest ones) are used for threading."""

TRUNCATED = "[… truncated by deskside: the rest of this message was too long to keep]"

_SEPARATOR = re.compile(rb"\r?\n\r?\n")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]")
_FIRST_HEADER = re.compile(rb"[!-9;-~]+[ \t]*:")
_MSG_ID = re.compile(r"<([^<>\s]{1,900})>")
_BARE_ID = re.compile(r"[^<>\s]{1,900}@[^<>\s]{1,900}")
_ADDRESS = re.compile(r'[^\s@<>()\[\]\\,;:"]{1,64}@[^\s@<>()\[\]\\,;:"]{1,253}')
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
_TAG = re.compile(r"<[^<>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_PREFIXES = r"re|fwd?|tr|r|rif|i|aw|wg|rv|r[ée]f|r[ée]p|antw|sv|vs|res|enc|odp|doorst|vl|fs"
_REPLY_PREFIX = re.compile(
    r"^(?:\s*\[[^\]]*\]|\s*(?:" + _PREFIXES + r")\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：])+",
    re.IGNORECASE,
)
_HTML_CONFIG = ParserConfig(display_links=True)


class MailError(ValueError):
    """A message that cannot be ingested; the text says why, for the person who ran ingest."""


class IncomingMail(msgspec.Struct, frozen=True, kw_only=True):
    """One customer message, decoded, bounded and ready to thread and store."""

    channel: Channel
    handle: str
    """The sender's address (or chat/phone handle): one clean line, how the customer is found."""
    name: str
    """The sender's display name; empty when the message gives none."""
    subject: str
    body: str
    sent_at: datetime | None
    """When it was sent (aware), or ``None`` when the message does not say."""
    mail_id: str
    """Its Message-ID without angle brackets, or a stable synthetic one."""
    references: tuple[str, ...] = ()
    """Ids of the messages it answers, nearest first (In-Reply-To, then References newest
    first)."""
    language: str | None = None


# -- headers ---------------------------------------------------------------------------


class _BoundedPolicy(EmailPolicy):
    """``email.policy.default`` whose header reads are cut to size and can never raise.

    Raw 8-bit headers (RFC 6532 mail, and sloppy mailers) are read as UTF-8, else as
    Windows-1252, instead of becoming replacement characters.
    """

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):
            return value
        value = value[:MAX_HEADER_CHARS]
        if _ESCAPED_BYTES.search(value):
            raw = value.encode("utf-8", "surrogateescape")
            try:
                value = raw.decode("utf-8")
            except UnicodeDecodeError:
                value = raw.decode("cp1252", "replace")
        try:
            return super().header_fetch_parse(name, value)
        except Exception:  # RecursionError on nested comments, parser bugs: keep the raw text
            return " ".join(value.split())


_POLICY = _BoundedPolicy()


def _header(msg: Message, name: str) -> str:
    value = msg.get(name)
    return "" if value is None else str(value)


def _one_line(text: str, limit: int) -> str:
    """Text folded onto one clean line, so it cannot forge lines where it is shown."""
    line = " ".join(sanitize(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _ids(text: str) -> list[str]:
    ids = _MSG_ID.findall(text)
    if not ids:
        ids = _BARE_ID.findall(text)
    return [sanitize(i) for i in ids]


def _sender(msg: Message) -> tuple[str, str]:
    """The From address (validated) and a display name for it."""
    header = msg.get("from")
    if header is None:
        raise MailError("no sender: the message has no From header")
    name, address = "", ""
    for candidate in getattr(header, "addresses", ()):
        spec = str(getattr(candidate, "addr_spec", ""))
        if _ADDRESS.fullmatch(spec):
            name, address = str(getattr(candidate, "display_name", "") or ""), spec
            break
    if not address:  # the parser gave up (or found nothing usable): look for one plainly
        found = _ADDRESS.search(str(header))
        if found is None:
            raise MailError(f"no usable sender address in From: {_one_line(str(header), 80)!r}")
        address = found.group()
    return _address(address), name


def _address(address: str) -> str:
    local, _, domain = address.rpartition("@")
    address = f"{local}@{domain.lower()}"
    if not is_clean(address) or not _ADDRESS.fullmatch(address):
        raise MailError(f"unusable sender address {address!r}")
    return address


def _sent_at(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# -- bodies ----------------------------------------------------------------------------


def _cap(text: str, limit: int = MAX_TEXT_CHARS, *, cut: bool = False) -> str:
    """``text`` at most ``limit`` characters; a cut (here or earlier) ends with the marker."""
    if len(text) > limit:
        text, cut = text[:limit].rstrip(), True
    return f"{text}\n\n{TRUNCATED}" if cut else text


def _tidy(text: str) -> str:
    return _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text.replace("\r\n", "\n"))).strip()


def html_to_text(html_text: str) -> str:
    """Readable plain text from an HTML mail body, in bounded time and size.

    Converted with inscriptis (tables and lists keep their layout; links show their
    target, so the agent sees where they really go). Input beyond
    :data:`MAX_HTML_CHARS` is dropped and output beyond :data:`MAX_TEXT_CHARS` is cut;
    either way the text ends with :data:`TRUNCATED`. When the converter finds nothing
    (libxml2 gives up on HTML nested ~256 deep) the tags are stripped plainly instead.
    """
    return _html_to_text(html_text, cut=False)


def _html_to_text(html_text: str, *, cut: bool) -> str:
    if len(html_text) > MAX_HTML_CHARS:
        html_text, cut = html_text[:MAX_HTML_CHARS], True
    try:
        text = str(get_text(html_text, _HTML_CONFIG))
    except Exception:  # lxml refuses some inputs outright; fall back below
        text = ""
    if not text.strip():
        text = html.unescape(_TAG.sub(" ", html_text))  # linear: [^<>] cannot backtrack
    return _cap(_tidy(text), cut=cut)


def _decode(part: Message, limit: int) -> tuple[str, bool]:
    """A leaf part's text (at most ``limit`` bytes of it) and whether it was cut."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload() or "").encode("utf-8", "replace")
    cut = len(payload) > limit
    data = payload[:limit]
    try:
        declared: str | None = part.get_content_charset()
    except Exception:
        declared = None
    for charset in (declared, "utf-8"):
        if charset:
            try:
                return data.decode(charset), cut
            except (LookupError, UnicodeError, ValueError):
                continue
    try:
        return data.decode(declared or "utf-8", "replace"), cut
    except (LookupError, UnicodeError, ValueError):
        return data.decode("utf-8", "replace"), cut


def _is_attachment(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
        return disposition == "attachment" or (
            disposition is None and part.get_filename() is not None
        )
    except Exception:
        return False


def _attachment_name(part: Message, content_type: str) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if not name and content_type == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        name = f"message: {_header(inner, 'subject')}" if isinstance(inner, Message) else ""
    return _one_line(name, 100) or content_type


class _Body:
    """A bounded walk over the MIME tree, collecting the text and the attachments' names."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.attachments: list[str] = []
        self.parts = 0
        self.cut = False
        self.stopped = False

    def visit(self, part: Message, depth: int = 0) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS or depth > MAX_DEPTH:
            self.stopped = True
            return
        if any(isinstance(d, CloseBoundaryNotFoundDefect) for d in part.defects):
            raise MailError("message is truncated: its MIME parts are never closed")
        content_type = part.get_content_type()
        if _is_attachment(part) or content_type == "message/rfc822":
            self.attachments.append(_attachment_name(part, content_type))
        elif part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            if content_type == "multipart/alternative":
                children = _preferred(children)
            for child in children:
                self.visit(child, depth + 1)
        elif content_type == "text/html":
            text, cut = _decode(part, MAX_HTML_CHARS * 4)
            self.texts.append(_html_to_text(text, cut=cut))
        elif content_type == "text/plain" or part.get_content_maintype() == "multipart":
            # (a multipart whose boundary never appears is left as its raw text)
            text, cut = _decode(part, MAX_TEXT_CHARS * 4)
            self.texts.append(text)
            self.cut = self.cut or cut
        else:
            self.attachments.append(_attachment_name(part, content_type))

    def text(self) -> str:
        body = _cap(_tidy("\n\n".join(t.strip() for t in self.texts if t.strip())), cut=self.cut)
        notes = []
        if self.stopped:
            notes.append(
                f"[deskside read only the first {MAX_PARTS} parts, {MAX_DEPTH} levels deep, "
                "of this message]"
            )
        if self.attachments:
            shown = ", ".join(self.attachments[:20])
            more = len(self.attachments) - 20
            notes.append(f"[attachments: {shown}{f', and {more} more' if more > 0 else ''}]")
        return "\n\n".join(t for t in (body, *notes) if t)


def _preferred(alternatives: list[Message]) -> list[Message]:
    """The one alternative to read: plain text if there is one, else the richest (the last)."""
    for child in alternatives:
        if child.get_content_type() == "text/plain" and not _is_attachment(child):
            return [child]
    return alternatives[-1:]


# -- whole messages ---------------------------------------------------------------------


def _synthetic_id(*fields: str | bytes) -> str:
    """A stable id for a message without Message-ID, so ingesting it twice stores it once."""
    digest = hashlib.sha256()
    for field in fields:
        digest.update(field.encode("utf-8", "replace") if isinstance(field, str) else field)
        digest.update(b"\0")
    return f"{digest.hexdigest()[:40]}@ingest.deskside.invalid"


def mail_from_bytes(raw: bytes) -> IncomingMail:
    """Parse one RFC 5322 message (an .eml file, a maildir file, one mbox entry).

    Raises :class:`MailError` for anything that is not a readable customer message:
    empty or binary data, a message cut off inside its headers or its MIME parts, no
    usable From address, structure the parser cannot follow.
    """
    if len(raw) > MAX_MESSAGE_BYTES:
        raise MailError(f"message is larger than {MAX_MESSAGE_BYTES // (1024 * 1024)} MB")
    if raw.startswith(b"From "):  # an mbox envelope line left on a saved message
        raw = raw.partition(b"\n")[2]
    if not raw.strip():
        raise MailError("empty message")
    if b"\0" in raw[:8192]:
        raise MailError("binary data, not an email message")
    if not _FIRST_HEADER.match(raw):
        raise MailError("not an email message: it does not start with a header")
    separator = _SEPARATOR.search(raw)
    if separator is None:
        raise MailError("message is truncated: it ends inside its headers")
    try:
        msg = BytesParser(policy=_POLICY).parsebytes(raw)
        return _incoming(msg, raw[separator.end() :])
    except MailError:
        raise
    except RecursionError:
        raise MailError("message is nested too deeply to read") from None
    except Exception as error:  # the email package has many ways to fail on bad input
        raise MailError(f"unreadable message ({type(error).__name__}: {error})") from None


def _incoming(msg: Message, raw_body: bytes) -> IncomingMail:
    address, name = _sender(msg)
    raw_subject = _header(msg, "subject")
    raw_date = _header(msg, "date")
    body = _Body()
    body.visit(msg)
    text = body.text() or "(no text)"
    ids = _ids(_header(msg, "message-id"))
    references = [*_ids(_header(msg, "in-reply-to")), *reversed(_ids(_header(msg, "references")))]
    return IncomingMail(
        channel=Channel.EMAIL,
        handle=address,
        name=_one_line(name, MAX_NAME_CHARS),
        subject=_one_line(raw_subject, MAX_SUBJECT_CHARS),
        body=text,
        sent_at=_sent_at(raw_date),
        mail_id=ids[0] if ids else _synthetic_id(address, raw_date, raw_subject, raw_body),
        references=tuple(dict.fromkeys(references))[:MAX_REFERENCES],
    )


# -- JSON lines ----------------------------------------------------------------------------


class _JsonMail(msgspec.Struct, kw_only=True):
    sender: str = msgspec.field(name="from")
    subject: str
    date: str
    name: str | None = None
    body: str | None = None
    html: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] | str | None = None
    channel: Channel = Channel.EMAIL
    language: str | None = None


_JSON_DECODER = msgspec.json.Decoder(_JsonMail)


def _json_ids(text: str) -> list[str]:
    """Message ids written with or without angle brackets, space-separated."""
    if "<" in text:
        return _ids(text)
    return [sanitize(token) for token in text.split() if len(token) <= 900]


def mail_from_json(line: bytes) -> IncomingMail:
    """One JSON-lines record: ``from``, ``subject``, ``date`` (ISO 8601), ``body`` or ``html``,
    and optionally ``name``, ``message_id``, ``in_reply_to``, ``references`` (a list or a
    space-separated string), ``channel`` (default ``email``) and ``language``."""
    try:
        record = _JSON_DECODER.decode(line)
    except msgspec.ValidationError as error:
        raise MailError(f"invalid record: {error}") from None
    except msgspec.DecodeError as error:
        raise MailError(f"not valid JSON: {error}") from None
    try:
        sent_at = datetime.fromisoformat(record.date.strip())
    except ValueError:
        raise MailError(
            f"date must be ISO 8601 (like 2024-05-01T09:30:00+02:00), not {record.date[:40]!r}"
        ) from None
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    if record.body is not None:
        text = _cap(_tidy(record.body))
    elif record.html is not None:
        text = html_to_text(record.html)
    else:
        raise MailError("invalid record: it has neither `body` nor `html`")
    if not text.strip():
        raise MailError("invalid record: the message text is empty")
    if record.language is not None and not _LANGUAGE.fullmatch(record.language):
        raise MailError(f"language must be a tag like 'it' or 'pt-BR', not {record.language!r}")
    handle = _one_line(record.sender, 254)
    if not handle:
        raise MailError("invalid record: `from` is empty")
    if record.channel is Channel.EMAIL:
        if not _ADDRESS.fullmatch(handle):
            raise MailError(f"invalid record: `from` is not an email address: {handle[:80]!r}")
        handle = _address(handle)
    ids = _json_ids(record.message_id or "")
    refs = record.references or []
    ref_list = _json_ids(refs) if isinstance(refs, str) else [i for r in refs for i in _json_ids(r)]
    references = [*_json_ids(record.in_reply_to or ""), *reversed(ref_list)]
    return IncomingMail(
        channel=record.channel,
        handle=handle,
        name=_one_line(record.name or "", MAX_NAME_CHARS),
        subject=_one_line(record.subject, MAX_SUBJECT_CHARS),
        body=text,
        sent_at=sent_at,
        mail_id=ids[0]
        if ids
        else _synthetic_id(handle, record.date, record.subject, record.body or record.html or ""),
        references=tuple(dict.fromkeys(references))[:MAX_REFERENCES],
        language=record.language,
    )


# -- threading helpers -----------------------------------------------------------------


def normalise_subject(subject: str) -> str:
    """A subject with reply/forward prefixes and leading [tags] gone, for comparing threads.

    Strips any run of ``Re:``, ``RE:``, ``Fwd:``, ``Fw:``, ``TR:``, ``R:``, ``Rif:``, ``I:``,
    ``AW:``, ``WG:``, ``RV:``, ``Réf:``, ``Antw:``, ``SV:`` … (also ``Re[2]:`` and a full-width
    colon) and ``[tags]``, then folds whitespace and case: ``"RE: Fwd: [Shop] Pedido  1234"``
    and ``"pedido 1234"`` are the same thread.
    """
    text = unicodedata.normalize("NFKC", subject)
    text = _REPLY_PREFIX.sub("", text)
    return " ".join(text.split()).casefold()
