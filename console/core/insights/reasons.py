"""Why a customer writes: contact reasons from rules users can read and extend.

Most contacts repeat a few reasons, and each has prepared answers; knowing the
reason before reading lets the queue be filtered (``reason:return``) and the right
macros be offered. The reasons come from keyword, phrase and regular-expression
rules per language (``data/reasons.toml``, extended by ``<config dir>/reasons.toml``)
and from helpdesk tags that already say it. Rules, not a trained model: an agent
can see which rule fired, fix a wrong one in a text file, and the same rules give
the same answer offline on a million messages (each language's rules are one
precompiled regular expression per reason).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from console.core.insights.datafile import (
    DataFile,
    builtin_file,
    entries_from_table,
    is_language_key,
    read_user_file,
)
from console.core.insights.language import DESK_LANGUAGES
from console.core.insights.matching import Entry, Matcher, fold, tokens
from console.core.reason_names import OTHER, REASON_ALIASES, REASONS, resolve_reason

__all__ = [
    "OTHER",
    "REASONS",
    "REASON_ALIASES",
    "ReasonMatch",
    "ReasonRules",
    "resolve_reason",
]

_REASON_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True, slots=True)
class ReasonMatch:
    """One reason found for a ticket, and the rule that found it (for "why this reason?")."""

    reason: str
    rule: str
    """What fired: ``keyword "rimborso" (it)``, ``pattern ... (en)`` or ``tag "refund"``."""
    matched: str = ""
    """The text that matched (empty for tags and for ``other``)."""
    origin: str = "builtin"
    """``builtin``, the user's file, or ``tag``."""


@dataclass
class _Reason:
    id: str
    label: str
    tags: set[str] = field(default_factory=set)
    entries: dict[str, list[Entry]] = field(default_factory=dict)


def _describe(entry: Entry) -> str:
    kind = "pattern" if entry.kind == "pattern" else "phrase"
    return f'{kind} "{entry.value}" ({entry.language})'


class ReasonRules:
    """Compiled contact-reason rules; :meth:`load` once, then :meth:`classify` each ticket."""

    def __init__(self, reasons: Sequence[_Reason]) -> None:
        self._order = tuple(r.id for r in reasons)
        self._labels = {r.id: r.label for r in reasons}
        self._tags: dict[str, str] = {}
        for reason in reasons:
            for tag in reason.tags:
                self._tags.setdefault(tag, reason.id)
        languages = sorted({lang for r in reasons for lang in r.entries} - {"any"})
        self._languages = tuple(languages)
        # One matcher per language, over every reason; "any" rules join every language.
        self._matchers: dict[str, Matcher] = {}
        for language in (*languages, "any"):
            entries: list[Entry] = []
            for reason in reasons:
                entries += reason.entries.get(language, ())
                if language != "any":
                    entries += reason.entries.get("any", ())
            self._matchers[language] = Matcher(entries)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every reason id, built-in ones first, then the user's."""
        return self._order

    def label(self, reason: str) -> str:
        return self._labels.get(reason, reason.replace("_", " "))

    @classmethod
    def load(cls, user_file: Path | None = None) -> ReasonRules:
        """The built-in rules merged with the user's file (when it exists).

        Raises :class:`~console.core.errors.UserError` naming the file and line for
        bad TOML, a wrong type or a regular expression that does not compile.
        """
        reasons: dict[str, _Reason] = {}
        _merge(reasons, builtin_file("reasons.toml"))
        user = read_user_file(user_file)
        if user is not None:
            _merge(reasons, user)
        if OTHER not in reasons:
            reasons[OTHER] = _Reason(OTHER, "Other")
        ordered = [reasons[r] for r in REASONS if r in reasons]
        ordered += [r for key, r in reasons.items() if key not in REASONS]
        return cls(ordered)

    def classify(
        self,
        texts: Sequence[str],
        *,
        language: str | None = None,
        tags: Sequence[str] = (),
    ) -> list[ReasonMatch]:
        """The reasons of a ticket from its customer texts and helpdesk tags, in reason order.

        ``language`` picks that language's rules (plus the ``any`` ones); unknown,
        ``und`` or ``None`` runs every language's rules. A ticket may have several
        reasons; it is ``other`` only when nothing matched.
        """
        found: dict[str, ReasonMatch] = {}
        for tag in tags:
            reason = self._tags.get(fold(tag).strip())
            if reason is not None and reason not in found:
                found[reason] = ReasonMatch(reason, f'tag "{tag}"', "", "tag")
        if language in self._matchers:
            matchers = [self._matchers[language]]
        elif language in DESK_LANGUAGES:
            matchers = [self._matchers["any"]]
        else:
            matchers = [self._matchers[lang] for lang in self._languages] or [self._matchers["any"]]
        found_keys: set[str] = set(found)
        for text in texts:
            if not text:
                continue
            folded = fold(text)
            words = tokens(folded)
            for matcher in matchers:
                for hit in matcher.scan(folded, words, found_keys):
                    reason = hit.entry.key
                    if reason not in found_keys:
                        found_keys.add(reason)
                        found[reason] = ReasonMatch(
                            reason, _describe(hit.entry), hit.text, hit.entry.origin
                        )
        if not found:
            return [ReasonMatch(OTHER, "no rule matched")]
        if len(found) > 1:
            found.pop(OTHER, None)
        return [found[r] for r in self._order if r in found]


def _merge(reasons: dict[str, _Reason], source: DataFile) -> None:
    table = source.data.get("reasons", {})
    if not isinstance(table, Mapping):
        raise source.error("`reasons` must be a table of reasons", "reasons")
    unknown = set(source.data) - {"reasons"}
    if unknown:
        key = sorted(unknown)[0]
        raise source.error(f"`{key}`: unknown key (known here: reasons)", key)
    for reason_id, body in table.items():
        dotted = f"reasons.{reason_id}"
        if not _REASON_ID.fullmatch(reason_id):
            raise source.error(
                f"`{dotted}`: a reason id is lower-case letters, digits and '_'", reason_id
            )
        if not isinstance(body, Mapping):
            raise source.error(f"`{dotted}` must be a table", reason_id)
        _merge_reason(reasons, source, reason_id, body, dotted)


def _merge_reason(
    reasons: dict[str, _Reason],
    source: DataFile,
    reason_id: str,
    body: Mapping[str, Any],
    dotted: str,
) -> None:
    reason = reasons.get(reason_id)
    if reason is None or body.get("replace") is True:
        label = reason.label if reason else reason_id.replace("_", " ").capitalize()
        reason = reasons[reason_id] = _Reason(reason_id, label)
    for key, value in body.items():
        if key == "label":
            if not isinstance(value, str):
                raise source.error(f"`{dotted}.label` must be a string", "label")
            reason.label = value
        elif key == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                raise source.error(f"`{dotted}.tags` must be a list of strings", "tags")
            reason.tags.update(fold(t).strip() for t in value)
        elif key == "replace":
            if not isinstance(value, bool):
                raise source.error(f"`{dotted}.replace` must be true or false", "replace")
        elif not isinstance(value, Mapping) or not is_language_key(key):
            raise source.error(
                f"`{dotted}.{key}`: unknown key (known here: label, tags, replace, "
                "and language tables such as [it] or [any])",
                key,
            )
    for language, entries in entries_from_table(source, body, dotted, reason_id).items():
        reason.entries.setdefault(language, []).extend(entries)
