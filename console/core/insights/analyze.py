"""One entry point for every insight of a conversation: language, reasons, hostility, phase.

The store indexer, the console and ``deskside insights analyze`` all call this
module, so a script sees exactly what an agent sees. :class:`Insights` holds the
loaded rules and lexicons (load once per process; :func:`default_insights` caches
the ones from the config directory), :meth:`Insights.analyze_thread` works on
typed messages, and :func:`analyze_record` on the JSON-lines records of the
command line.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.core import paths
from console.core.insights.curve import Curve
from console.core.insights.hostility import CustomerMessage, HostilityModel, HostilityScore
from console.core.insights.language import (
    LanguageGuess,
    detect_language,
    normalize_language,
    ticket_language,
)
from console.core.insights.reasons import ReasonMatch, ReasonRules

__all__ = [
    "HOSTILITY_FILE",
    "REASONS_FILE",
    "Insights",
    "RecordError",
    "ThreadInsights",
    "analyze_record",
    "default_insights",
    "parse_time",
]

REASONS_FILE = "reasons.toml"
HOSTILITY_FILE = "hostility.toml"


class RecordError(ValueError):
    """A JSON-lines record that cannot be analysed (missing text, wrong types)."""


@dataclass(frozen=True)
class ThreadInsights:
    """Everything deskside knows about a conversation after its latest customer message."""

    language: str | None
    """The ticket's language (profile, else detected); ``None`` when undetermined."""
    guesses: tuple[LanguageGuess, ...]
    reasons: tuple[ReasonMatch, ...]
    scores: tuple[HostilityScore, ...]
    curve: Curve

    @property
    def latest(self) -> HostilityScore:
        return self.scores[-1] if self.scores else HostilityScore(0.0)


@dataclass(frozen=True)
class Insights:
    """Loaded reason rules and hostility model."""

    rules: ReasonRules
    hostility: HostilityModel

    @classmethod
    def load(cls, config_dir: Path | None = None) -> Insights:
        """Built-in data merged with ``reasons.toml`` and ``hostility.toml`` in ``config_dir``.

        ``config_dir`` defaults to the user's config directory; pass a directory
        without those files (or use :meth:`builtin`) for the built-in data only.
        """
        directory = config_dir if config_dir is not None else paths.config_dir()
        return cls(
            ReasonRules.load(directory / REASONS_FILE),
            HostilityModel.load(directory / HOSTILITY_FILE),
        )

    @classmethod
    def builtin(cls) -> Insights:
        """The shipped rules and lexicons only (for evaluation and tests)."""
        return cls(ReasonRules.load(None), HostilityModel.load(None))

    def analyze_thread(
        self,
        messages: Sequence[CustomerMessage],
        *,
        tags: Sequence[str] = (),
        profile_language: str | None = None,
    ) -> ThreadInsights:
        """Language, reasons, each message's hostility and the curve of a thread (oldest first)."""
        guesses = tuple(detect_language(m.text) for m in messages)
        language = ticket_language(profile_language, guesses)
        texts = [m.text for m in messages]
        reasons = self.rules.classify(texts, language=language, tags=tags)
        scores = tuple(
            self.hostility.score(
                message,
                messages[:index],
                language=guess.code if guess.determined else language,
            )
            for index, (message, guess) in enumerate(zip(messages, guesses, strict=True))
        )
        return ThreadInsights(
            language,
            guesses,
            tuple(reasons),
            scores,
            self.hostility.curve([s.value for s in scores]),
        )


_default: Insights | None = None
_default_lock = threading.Lock()


def default_insights() -> Insights:
    """The insights from the user's config directory, loaded once per process."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Insights.load()
    return _default


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 string or epoch seconds as an aware datetime (UTC when no zone is given)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise RecordError(f"not a time: {value!r}")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise RecordError(f"not an ISO 8601 time: {value!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise RecordError(f"not a time: {value!r}")


def _message(item: object, channel: str | None, where: str) -> CustomerMessage:
    if isinstance(item, str):
        return CustomerMessage(item, None, channel)
    if isinstance(item, Mapping):
        text = item.get("text")
        if not isinstance(text, str):
            raise RecordError(f"{where}: `text` must be a string")
        own = item.get("channel", channel)
        when = item.get("created_at", item.get("at"))
        return CustomerMessage(text, parse_time(when), own if isinstance(own, str) else channel)
    raise RecordError(f"{where}: a message is a string or an object with `text`")


def _strings(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"`{key}` must be a list of strings")
    return list(value)


def _signal_json(score: HostilityScore) -> list[dict[str, Any]]:
    return [{"name": s.name, "weight": s.weight, "detail": s.detail} for s in score.signals]


def analyze_record(record: Mapping[str, Any], insights: Insights | None = None) -> dict[str, Any]:
    """One ``insights analyze`` result for one JSON-lines record.

    The record is ``{"id", "text"}`` with optional ``channel``, ``created_at``,
    ``previous`` (earlier customer messages of the thread, strings or objects with
    ``text``/``created_at``/``channel``), ``tags`` and ``profile_language``. Raises
    :class:`RecordError` for a record that cannot be read.
    """
    if not isinstance(record, Mapping):
        raise RecordError("a record is a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise RecordError("`text` must be a string")
    channel = record.get("channel")
    if channel is not None and not isinstance(channel, str):
        raise RecordError("`channel` must be a string")
    previous_raw = record.get("previous", [])
    if not isinstance(previous_raw, list):
        raise RecordError("`previous` must be a list of messages")
    profile = record.get("profile_language")
    if profile is not None and not isinstance(profile, str):
        raise RecordError("`profile_language` must be a string")
    messages = [
        _message(item, channel, f"previous[{index}]") for index, item in enumerate(previous_raw)
    ]
    messages.append(CustomerMessage(text, parse_time(record.get("created_at")), channel))
    found = (insights or default_insights()).analyze_thread(
        messages, tags=_strings(record, "tags"), profile_language=profile
    )
    latest, guess = found.latest, found.guesses[-1]
    return {
        "id": record.get("id"),
        "language": found.language or normalize_language(guess.code) or "und",
        "message_language": guess.code,
        "language_confidence": guess.confidence,
        "reasons": [m.reason for m in found.reasons],
        "reason_rules": [
            {"reason": m.reason, "rule": m.rule, "matched": m.matched, "origin": m.origin}
            for m in found.reasons
        ],
        "hostility": latest.value,
        "level": latest.level,
        "phase": found.curve.phase,
        "curve": list(found.curve.points),
        "signals": _signal_json(latest),
    }
