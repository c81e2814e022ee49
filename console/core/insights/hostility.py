"""How hostile each customer message is, from 0 to 1, and why: explainable signals.

An agent must know how angry a customer is before answering: while hostility is
rising, reasoning fails and the reply must listen, empathise and apologise before
it solves. The score combines signals an agent can see and argue with:

- lexicons per language (``data/hostility.toml``, extended by the user's
  ``<config dir>/hostility.toml``): insults, legal, payment and public-review
  threats, "never again", outrage, frustration, demands; thanks and apologies
  (``calming``) lower the score;
- shouting: a message mostly in capitals, or words in capitals;
- punctuation: ``!!``, ``???``, ``?!``;
- waiting: time since the customer's previous message, judged per channel (three
  minutes is long in a chat, not for an e-mail);
- repeated contacts: the third follow-up in two weeks.

Signals combine as ``1 - Π(1 - w)``: each adds, none alone makes 1, and the result
stays in 0..1. Every signal that fired is returned with its weight and a detail,
so the console can show "insult "truffatori" +0.60, shouting +0.35".
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from console.core.config import parse_duration
from console.core.insights.curve import Curve, CurveSettings, curve
from console.core.insights.datafile import (
    DataFile,
    builtin_file,
    entries_from_table,
    is_language_key,
    read_user_file,
)
from console.core.insights.language import detect_language
from console.core.insights.matching import Entry, Matcher, fold, tokens

__all__ = [
    "CALMING",
    "CustomerMessage",
    "HostilityModel",
    "HostilityScore",
    "Signal",
]

CALMING = "calming"
STRONG = frozenset({"insult", "threat_legal", "threat_payment", "threat_public", "never_again"})
"""Categories strong enough that thanks or an apology barely lower the score."""
_STRONG_DAMPING = 0.3
_PUNCTUATION_RUN = re.compile(r"[!?¡¿]{2,}")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class CustomerMessage:
    """One message a customer wrote, as the hostility model needs it."""

    text: str
    created_at: datetime | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason the score moved: its name, its weight (negative lowers it) and what fired."""

    name: str
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class HostilityScore:
    """A message's hostility in 0..1 and the signals behind it."""

    value: float
    signals: tuple[Signal, ...] = ()
    level: str = "calm"
    """``calm``, ``annoyed`` or ``hostile`` by the thresholds in ``[levels]``."""


@dataclass
class _Category:
    weight: float
    label: str
    entries: dict[str, list[Entry]] = field(default_factory=dict)


@dataclass
class _Settings:
    levels: dict[str, float]
    curve: dict[str, float]
    shouting: dict[str, float]
    ignore: set[str]
    punctuation: dict[str, float]
    waiting: dict[str, timedelta]
    waiting_weights: dict[str, float]
    repeats: dict[str, float]
    repeat_window: timedelta


_NUMBER_SECTIONS: dict[str, tuple[str, ...]] = {
    "levels": ("annoyed", "hostile"),
    "curve": ("rising_min", "delta", "calm_below"),
    "shouting": ("min_letters", "ratio", "weight", "word_weight", "word_cap"),
    "punctuation": ("double", "triple", "cap"),
    "repeats": ("min_contacts", "weight", "cap"),
}
_TOP_KEYS = (*_NUMBER_SECTIONS, "waiting", "lexicon")


def _noisy_or(weights: Sequence[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - min(max(weight, 0.0), 1.0)
    return 1.0 - remaining


class HostilityModel:
    """Compiled lexicons and thresholds; :meth:`load` once, then :meth:`score` each message."""

    def __init__(self, settings: _Settings, categories: Mapping[str, _Category]) -> None:
        self._settings = settings
        self._weights = {name: c.weight for name, c in categories.items()}
        self._labels = {name: c.label for name, c in categories.items()}
        languages = sorted({lang for c in categories.values() for lang in c.entries} - {"any"})
        self._languages = tuple(languages)
        self._matchers: dict[str, Matcher] = {}
        for language in (*languages, "any"):
            entries: list[Entry] = []
            for category in categories.values():
                entries += category.entries.get(language, ())
                if language != "any":
                    entries += category.entries.get("any", ())
            self._matchers[language] = Matcher(entries)
        self._ignore = frozenset(settings.ignore)
        self.curve_settings = CurveSettings(
            rising_min=settings.curve["rising_min"],
            delta=settings.curve["delta"],
            calm_below=settings.curve["calm_below"],
            hostile=settings.levels["hostile"],
        )

    @classmethod
    def load(cls, user_file: Path | None = None) -> HostilityModel:
        """The built-in lexicons and thresholds merged with the user's file (when it exists).

        Raises :class:`~console.core.errors.UserError` naming the file and line for
        bad TOML, a wrong type or a regular expression that does not compile.
        """
        settings: _Settings | None = None
        categories: dict[str, _Category] = {}
        for source in (builtin_file("hostility.toml"), read_user_file(user_file)):
            if source is not None:
                settings = _merge(source, settings, categories)
        assert settings is not None
        return cls(settings, categories)

    # -- scoring ---------------------------------------------------------------------------

    def level(self, value: float) -> str:
        levels = self._settings.levels
        if value >= levels["hostile"]:
            return "hostile"
        if value >= levels["annoyed"]:
            return "annoyed"
        return "calm"

    def score(
        self,
        message: CustomerMessage,
        previous: Sequence[CustomerMessage] = (),
        *,
        language: str | None = None,
    ) -> HostilityScore:
        """The hostility of ``message`` given the customer's earlier messages in the thread.

        ``language`` picks that language's lexicons; without it the message's own
        language is detected, and an undetermined one uses every lexicon.
        """
        signals: list[Signal] = []
        text = message.text or ""
        strong = False
        calming: Signal | None = None
        if text.strip():
            lexical, calming = self._lexicon(text, language)
            strong = any(s.name in STRONG for s in lexical)
            signals += lexical
            signals += self._shouting(text)
            signals += self._punctuation(text)
        signals += self._context(message, previous)
        value = _noisy_or([s.weight for s in signals])
        if calming is not None and value > 0:
            damping = abs(calming.weight) * (_STRONG_DAMPING if strong else 1.0)
            calming = replace(calming, weight=-round(damping, 3))
            value *= 1.0 - damping
            signals.append(calming)
        value = round(min(max(value, 0.0), 1.0), 3)
        return HostilityScore(value, tuple(signals), self.level(value))

    def thread(
        self, messages: Sequence[CustomerMessage], *, language: str | None = None
    ) -> tuple[list[HostilityScore], Curve]:
        """Every message's score, oldest first, and the conversation's curve."""
        scores = [
            self.score(message, messages[:index], language=language)
            for index, message in enumerate(messages)
        ]
        return scores, self.curve([s.value for s in scores])

    def curve(self, scores: Sequence[float]) -> Curve:
        """:func:`~console.core.insights.curve.curve` with this model's thresholds."""
        return curve(scores, self.curve_settings)

    def _lexicon(self, text: str, language: str | None) -> tuple[list[Signal], Signal | None]:
        if language is None:
            language = detect_language(text).code
        if language in self._matchers:
            matchers = [self._matchers[language]]
        else:
            matchers = [self._matchers[lang] for lang in self._languages] or [self._matchers["any"]]
        folded = fold(text)
        words = tokens(folded)
        hits: dict[str, list[str]] = {}
        for matcher in matchers:
            for hit in matcher.scan(folded, words):
                found = hits.setdefault(hit.entry.key, [])
                if hit.text not in found:
                    found.append(hit.text)
        signals: list[Signal] = []
        calming: Signal | None = None
        for name, texts in hits.items():
            weight = self._weights[name]
            detail = ", ".join(f'"{t}"' for t in texts[:3])
            if weight < 0:
                calming = Signal(name, weight, detail)
                continue
            repeats = min(len(texts), 3)
            weight = 1.0 - (1.0 - weight) ** (1.0 + 0.5 * (repeats - 1))
            signals.append(Signal(name, round(weight, 3), detail))
        return signals, calming

    def _shouting(self, text: str) -> list[Signal]:
        shout = self._settings.shouting
        letters = upper = 0
        for char in text:
            if char.isalpha():
                letters += 1
                if char.isupper():
                    upper += 1
        if not upper:
            return []
        words = [
            w
            for w in _WORD.findall(text)
            if len(w) >= 3 and w.isupper() and fold(w) not in self._ignore
        ]
        if not words:
            return []
        if letters >= shout["min_letters"] and upper / letters >= shout["ratio"]:
            return [
                Signal("shouting", shout["weight"], f"{round(100 * upper / letters)}% capitals")
            ]
        weight = min(shout["word_cap"], shout["word_weight"] * len(words))
        return [Signal("capitals", round(weight, 3), ", ".join(words[:3]))]

    def _punctuation(self, text: str) -> list[Signal]:
        runs = _PUNCTUATION_RUN.findall(text)
        if not runs:
            return []
        punct = self._settings.punctuation
        weights = [punct["triple"] if len(run) >= 3 else punct["double"] for run in runs]
        weight = min(punct["cap"], _noisy_or(weights))
        return [Signal("punctuation", round(weight, 3), " ".join(runs[:3]))]

    def _threshold(self, channel: str | None) -> timedelta:
        waiting = self._settings.waiting
        return waiting.get((channel or "").lower(), waiting["default"])

    def _context(
        self, message: CustomerMessage, previous: Sequence[CustomerMessage]
    ) -> list[Signal]:
        if not previous:
            return []
        signals: list[Signal] = []
        threshold = self._threshold(message.channel or previous[-1].channel)
        weights = self._settings.waiting_weights
        now, before = message.created_at, previous[-1].created_at
        if now is not None and before is not None:
            waited = now - before
            if waited >= threshold:
                long = waited >= 4 * threshold
                weight = weights["long_weight"] if long else weights["weight"]
                signals.append(Signal("waited", weight, f"waited {_span(waited)}"))
        contacts = self._contacts(message, previous, threshold)
        repeats = self._settings.repeats
        if contacts >= repeats["min_contacts"]:
            weight = min(repeats["cap"], repeats["weight"] * (contacts - 1))
            signals.append(Signal("repeated", round(weight, 3), f"contact {contacts}"))
        return signals

    def _contacts(
        self, message: CustomerMessage, previous: Sequence[CustomerMessage], threshold: timedelta
    ) -> int:
        """How many separate contacts (messages after a wait) lead up to this one."""
        chain = [*previous, message]
        if message.created_at is None or any(m.created_at is None for m in chain):
            return len(chain) if threshold >= timedelta(hours=12) else 1
        start = message.created_at - self._settings.repeat_window
        contacts = 1
        for older, newer in itertools.pairwise(chain):
            assert older.created_at is not None and newer.created_at is not None
            if newer.created_at >= start and newer.created_at - older.created_at >= threshold:
                contacts += 1
        return contacts


def _span(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    if seconds >= 86400:
        days = seconds / 86400
        return f"{math.floor(days)} day{'s' if days >= 2 else ''}"
    if seconds >= 3600:
        return f"{math.floor(seconds / 3600)} h"
    return f"{max(1, math.floor(seconds / 60))} min"


# -- reading the data files -----------------------------------------------------------------


def _number(source: DataFile, value: object, dotted: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise source.error(f"`{dotted}` must be a number", f"{key} =", key)
    return float(value)


def _duration(source: DataFile, value: object, dotted: str, key: str) -> timedelta:
    if not isinstance(value, str):
        raise source.error(f"`{dotted}` must be a duration like 5m, 4h or 1d", f"{key} =", key)
    try:
        return parse_duration(value)
    except ValueError as error:
        raise source.error(f"`{dotted}`: {error}", f"{key} =", key) from None


def _table(source: DataFile, name: str) -> Mapping[str, Any]:
    value = source.data.get(name, {})
    if not isinstance(value, Mapping):
        raise source.error(f"`{name}` must be a table", f"[{name}]", name)
    return value


def _merge(
    source: DataFile, settings: _Settings | None, categories: dict[str, _Category]
) -> _Settings:
    unknown = sorted(set(source.data) - set(_TOP_KEYS))
    if unknown:
        known = ", ".join(_TOP_KEYS)
        raise source.error(f"`{unknown[0]}`: unknown section (known: {known})", unknown[0])
    if settings is None:
        settings = _Settings({}, {}, {}, set(), {}, {}, {}, {}, timedelta(days=14))
    numbers = {
        "levels": settings.levels,
        "curve": settings.curve,
        "shouting": settings.shouting,
        "punctuation": settings.punctuation,
        "repeats": settings.repeats,
    }
    for section, keys in _NUMBER_SECTIONS.items():
        for key, value in _table(source, section).items():
            dotted = f"{section}.{key}"
            if section == "shouting" and key == "ignore":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise source.error(f"`{dotted}` must be a list of strings", "ignore")
                settings.ignore.update(fold(v) for v in value)
            elif section == "repeats" and key == "window":
                settings.repeat_window = _duration(source, value, dotted, key)
            elif key in keys:
                numbers[section][key] = _number(source, value, dotted, key)
            else:
                known = ", ".join(keys)
                raise source.error(f"`{dotted}`: unknown key (known here: {known})", key)
    for key, value in _table(source, "waiting").items():
        dotted = f"waiting.{key}"
        if key in ("weight", "long_weight"):
            settings.waiting_weights[key] = _number(source, value, dotted, key)
        else:
            settings.waiting[key.lower()] = _duration(source, value, dotted, key)
    for name, body in _table(source, "lexicon").items():
        _merge_category(source, categories, name, body)
    return settings


def _merge_category(
    source: DataFile, categories: dict[str, _Category], name: str, body: object
) -> None:
    dotted = f"lexicon.{name}"
    if not isinstance(body, Mapping):
        raise source.error(f"`{dotted}` must be a table", name)
    category = categories.get(name)
    if category is None or body.get("replace") is True:
        weight = category.weight if category else 0.3
        label = category.label if category else name.replace("_", " ")
        category = categories[name] = _Category(weight, label)
    for key, value in body.items():
        if key == "weight":
            category.weight = _number(source, value, f"{dotted}.weight", key)
            if not -1.0 <= category.weight <= 1.0:
                raise source.error(f"`{dotted}.weight` must be between -1 and 1", "weight")
        elif key == "label":
            if not isinstance(value, str):
                raise source.error(f"`{dotted}.label` must be a string", "label")
            category.label = value
        elif key == "replace":
            if not isinstance(value, bool):
                raise source.error(f"`{dotted}.replace` must be true or false", "replace")
        elif not isinstance(value, Mapping) or not is_language_key(key):
            raise source.error(
                f"`{dotted}.{key}`: unknown key (known here: weight, label, replace, "
                "and language tables such as [it] or [any])",
                key,
            )
    for language, entries in entries_from_table(source, body, dotted, name).items():
        category.entries.setdefault(language, []).extend(entries)
