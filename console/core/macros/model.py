"""What a macro is once read from its file, and the one error every macro problem becomes.

A macro is a prepared answer an agent sends in two keystrokes: a reply per
language, an optional chat-length variant, and the field changes that go with it
(status, stage, tags, a promise date ...). Macros live in TOML files the user owns
(:mod:`console.core.macros.loader`), so every problem with one (bad TOML, an
unknown stage, a template that names a missing variable) must point at the file
and line to fix: :class:`MacroError` carries them and prints as
``file:line: macro ID (lang): message``, the shape compilers use and editors jump to.

The promise rules (``promised_by = "24h"``) are here too, since a macro's
actions and its text must agree on the same moment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from api_client.models import Channel, Priority, Stage, Status
from console.core.config import parse_duration
from console.core.errors import UserError

__all__ = [
    "FALLBACK_LANGUAGE",
    "LANGUAGES",
    "MACRO_ID",
    "PROMISE_WORDS",
    "MacroActionsSpec",
    "MacroError",
    "MacroSpec",
    "is_promise_rule",
    "resolve_promise",
]

LANGUAGES = ("it", "en", "fr", "de", "es")
"""The languages the desk answers in, in the order they are listed."""

FALLBACK_LANGUAGE = "en"
"""Used when a macro has no body in the ticket's language."""

MACRO_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
"""What a macro id looks like: ``listen.apology_delay``, ``wismo-carrier-claim``."""

END_OF_DAY = time(18, 0)
"""When "end of day" is, in the customer's time zone."""

PROMISE_WORDS = ("end_of_day", "next_business_day")
"""Named promise rules besides spans like ``30m``, ``4h``, ``2d``."""

_QUARTER = 15 * 60


class MacroError(UserError):
    """A problem with a macro, said as ``file:line: macro ID (lang): message``.

    ``detail`` is the message alone; ``path``, ``line``, ``macro_id`` and ``lang``
    say where, when known.
    """

    def __init__(
        self,
        detail: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        macro_id: str | None = None,
        lang: str | None = None,
        exit_code: int = 1,
    ) -> None:
        self.detail = detail
        self.path = Path(path) if path is not None else None
        self.line = line
        self.macro_id = macro_id
        self.lang = lang
        super().__init__(_located(detail, self.path, line, macro_id, lang), exit_code=exit_code)


def _located(
    detail: str, path: Path | None, line: int | None, macro_id: str | None, lang: str | None
) -> str:
    parts: list[str] = []
    if path is not None:
        parts.append(f"{path}:{line}" if line else str(path))
    if macro_id:
        parts.append(f"macro {macro_id}" + (f" ({lang})" if lang else ""))
    parts.append(detail)
    return ": ".join(parts)


@dataclass(frozen=True, slots=True)
class MacroActionsSpec:
    """The field changes a macro makes, as written in its file (names, not ids)."""

    status: Status | None = None
    priority: Priority | None = None
    assignee: str | None = None
    """``"me"``, an agent's login, or ``"none"`` to unassign."""
    group: str | None = None
    """A group's name, or ``"none"`` to clear it."""
    tags_add: tuple[str, ...] = ()
    tags_remove: tuple[str, ...] = ()
    stage: Stage | None = None
    note: str | None = None
    """An internal note (a template, like the bodies) added after the reply."""
    promised_by: str | None = None
    """When the customer is promised the next step: a span (``"24h"``, ``"2d"``),
    ``"end_of_day"`` or ``"next_business_day"``; see :func:`resolve_promise`."""

    def is_empty(self) -> bool:
        return self == MacroActionsSpec()


@dataclass(frozen=True, slots=True)
class MacroSpec:
    """One macro from a file: its texts per language and the changes it makes."""

    id: str
    title: str
    bodies: Mapping[str, str]
    """Language code to the reply's template."""
    short: Mapping[str, str] = field(default_factory=dict)
    """Language code to the chat-length template (chat, messaging and social channels)."""
    stages: tuple[Stage, ...] = ()
    """The stages it is offered at; empty: every stage."""
    reasons: tuple[str, ...] = ()
    """The contact reasons it answers; empty: any reason."""
    channels: tuple[Channel, ...] = ()
    """The channels it suits; empty: every channel."""
    actions: MacroActionsSpec = field(default_factory=MacroActionsSpec)
    favourite: int | None = None
    """1..9: bound to ``ctrl+1`` .. ``ctrl+9`` in the console."""
    description: str = ""
    path: Path = Path("<memory>")
    line: int | None = None
    """The line of the macro's ``[[macro]]`` header."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """First line of each text in the file: ``"body.it"``, ``"short.en"``, ``"actions.note"``
    (and of other keys: ``"stages"``, ``"actions.status"`` ...)."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it has a body in: the desk's five first, in their order."""
        return _ordered(self.bodies)

    @property
    def short_languages(self) -> tuple[str, ...]:
        return _ordered(self.short)

    def line_of(self, part: str) -> int | None:
        """The file line of ``part`` (``"body.it"``), else of the nearest table holding it
        (``actions = { note = ... }``), else of the macro's header."""
        while part:
            if part in self.lines:
                return self.lines[part]
            part = part.rpartition(".")[0]
        return self.line

    def error(self, detail: str, *, part: str | None = None, lang: str | None = None) -> MacroError:
        """A :class:`MacroError` at ``part`` of this macro."""
        line = self.line_of(part) if part else self.line
        return MacroError(detail, path=self.path, line=line, macro_id=self.id, lang=lang)

    def matches(
        self,
        *,
        stage: Stage | str | None = None,
        reason: str | None = None,
        lang: str | None = None,
        channel: Channel | str | None = None,
    ) -> bool:
        """Whether the macro is offered for this stage, reason, language and channel.

        An empty ``stages``, ``reasons`` or ``channels`` list matches anything; a
        language matches when the macro has a body in it.
        """
        if stage is not None and self.stages and Stage(stage) not in self.stages:
            return False
        if reason is not None and self.reasons and reason not in self.reasons:
            return False
        if lang is not None and lang not in self.bodies:
            return False
        return channel is None or not self.channels or Channel(channel) in self.channels


def _ordered(languages: Mapping[str, str]) -> tuple[str, ...]:
    known = [lang for lang in LANGUAGES if lang in languages]
    return (*known, *sorted(lang for lang in languages if lang not in LANGUAGES))


# -- promises -------------------------------------------------------------------------------


def is_promise_rule(text: str) -> bool:
    """Whether ``text`` is a promise rule: a span (``"4h"``, ``"1d12h"``) or a named one."""
    if text in PROMISE_WORDS:
        return True
    try:
        return parse_duration(text) > timedelta(0)
    except ValueError:
        return False


def resolve_promise(rule: str, now: datetime, zone: tzinfo) -> datetime:
    """The moment a promise rule means, as an aware time in ``zone``.

    * a span shorter than a day (``"30m"``, ``"4h"``): ``now`` plus the span, rounded
      up to the next quarter hour (a customer is promised "by 11:15", not "by 11:07");
    * a span of a day or more (``"24h"``, ``"2d"``): 18:00 on the day ``now`` plus the
      span falls on, in ``zone`` (people promise "by Friday 18:00", not "by Friday 03:45");
    * ``"end_of_day"``: 18:00 today in ``zone``, or on the next working day (Monday
      to Friday) when it is already past 17:00 or a weekend;
    * ``"next_business_day"``: 18:00 on the next working day after today.

    Raises :class:`ValueError` for anything else.
    """
    local = now.astimezone(zone)
    if rule == "end_of_day":
        day = local.date()
        if local.weekday() >= 5 or local.time() >= time(END_OF_DAY.hour - 1, 0):
            day = _next_working_day(day)
        return datetime.combine(day, END_OF_DAY, zone)
    if rule == "next_business_day":
        return datetime.combine(_next_working_day(local.date()), END_OF_DAY, zone)
    span = parse_duration(rule)
    if span <= timedelta(0):
        raise ValueError(f"not a promise: {rule!r}")
    if span >= timedelta(days=1):
        return datetime.combine((local + span).date(), END_OF_DAY, zone)
    target = (local + span).replace(second=0, microsecond=0)
    past = (target.minute * 60) % _QUARTER
    if past:
        target += timedelta(seconds=_QUARTER - past)
    return target


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
