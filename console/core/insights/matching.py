"""Text folding and phrase matching shared by the reason rules and the hostility lexicons.

Both read lists that users extend (keywords, phrases, regular expressions) and run
them over every customer message, possibly millions of times. So matching is done
here once, the same way for both, and cheaply: the message is *folded* (case-folded,
accents and curly apostrophes flattened, one ``str.translate``) and split into
word tokens once; keywords and phrases are then dictionary look-ups on those
tokens (cost grows with the message, not with the number of rules), and only the
``patterns`` entries run as regular expressions, one precompiled alternation per
reason or category.

Entry syntax (the data files document it too):

- a keyword or phrase matches whole words, case- and accent-insensitively, with
  any spaces or punctuation between its words (``dov'è`` is the words ``dov`` and
  ``e``); a trailing ``*`` on a word matches any ending (``rimbors*`` finds
  ``rimborso`` and ``rimborsate``);
- a pattern is a Python regular expression run on the folded text (lower case, no
  accents), so write ``perche`` not ``perché``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Entry", "Hit", "Matcher", "fold", "phrase_tokens", "tokens", "validate_entry"]


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base and base != char:
            table[code] = base.casefold()
    for char in "\u2019\u2018\u201b\u0060\u00b4\u02bc":
        table[ord(char)] = "'"
    for char in "\u201c\u201d\u201e\u00ab\u00bb":
        table[ord(char)] = '"'
    table[0x00DF] = "ss"
    table[0x0153] = "oe"
    table[0x00E6] = "ae"
    table[0x00A0] = " "
    return table


_FOLD_TABLE = _build_fold_table()
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """``text`` case-folded, with accents and curly apostrophes flattened."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return folded.translate(_FOLD_TABLE)


def tokens(folded: str) -> list[str]:
    """The word tokens of folded text (letters and digits; everything else separates)."""
    return _TOKEN.findall(folded)


Token = tuple[str, bool]
"""A phrase word: its folded stem and whether it ends in ``*`` (any ending)."""


def phrase_tokens(phrase: str) -> tuple[Token, ...]:
    """A keyword or phrase as tokens; raises ``ValueError`` when it has no words."""
    words: list[Token] = []
    for word in fold(phrase).split():
        star = word.endswith("*")
        parts = tokens(word.rstrip("*"))
        if not parts:
            if star:
                raise ValueError(f"{phrase!r}: a '*' needs letters before it")
            continue
        words += [(part, False) for part in parts[:-1]]
        words.append((parts[-1], star))
    if not words:
        raise ValueError(f"{phrase!r} has no letters or digits")
    return tuple(words)


@dataclass(frozen=True, slots=True)
class Entry:
    """One list item from a data file: what it says, and where it came from."""

    kind: str
    """``phrase`` (keywords and phrases) or ``pattern`` (a regular expression)."""
    value: str
    origin: str
    """``builtin`` or the user's file path."""
    language: str
    """``it``, ``en``... or ``any``."""
    key: str = ""
    """What the entry belongs to: a reason id or a lexicon category."""


def validate_entry(entry: Entry) -> None:
    """Raise ``ValueError`` or ``re.error`` for an entry that cannot be matched."""
    if entry.kind == "pattern":
        re.compile(f"(?P<e_0>{entry.value})")  # as it will be compiled, in a group
    else:
        phrase_tokens(entry.value)


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry that matched, and the text it matched."""

    entry: Entry
    text: str


_Candidate = tuple[int, tuple[Token, ...]]


class Matcher:
    """Entries of many keys (reasons or categories) indexed for one pass over a message."""

    __slots__ = ("_entries", "_exact", "_patterns", "_prefix_lengths", "_prefixes")

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = tuple(entries)
        self._exact: dict[str, list[_Candidate]] = {}
        self._prefixes: dict[str, list[_Candidate]] = {}
        by_key: dict[str, list[int]] = {}
        for index, entry in enumerate(self._entries):
            if entry.kind == "pattern":
                by_key.setdefault(entry.key, []).append(index)
                continue
            words = phrase_tokens(entry.value)
            (stem, star), rest = words[0], words[1:]
            table = self._prefixes if star else self._exact
            table.setdefault(stem, []).append((index, rest))
        self._prefix_lengths = tuple(sorted({len(stem) for stem in self._prefixes}))
        self._patterns: list[tuple[str, re.Pattern[str], tuple[int, ...]]] = []
        for key, indexes in by_key.items():
            alternatives = "|".join(f"(?P<e_{i}>{self._entries[i].value})" for i in indexes)
            self._patterns.append((key, re.compile(alternatives), tuple(indexes)))

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def scan(
        self, folded: str, words: Sequence[str], skip: frozenset[str] | set[str] = frozenset()
    ) -> Iterator[Hit]:
        """Every phrase hit in ``words``, then every pattern hit in ``folded``.

        Patterns of the keys in ``skip`` are not run (a reason already found
        needs no second proof).
        """
        exact, prefixes, lengths = self._exact, self._prefixes, self._prefix_lengths
        entries = self._entries
        count = len(words)
        for position, word in enumerate(words):
            found = exact.get(word)
            if found is not None:
                for index, rest in found:
                    if not rest or _follows(words, position + 1, rest, count):
                        span = words[position : position + 1 + len(rest)]
                        yield Hit(entries[index], " ".join(span))
            if lengths:
                size = len(word)
                for length in lengths:
                    if length > size:
                        break
                    found = prefixes.get(word[:length])
                    if found is None:
                        continue
                    for index, rest in found:
                        if not rest or _follows(words, position + 1, rest, count):
                            span = words[position : position + 1 + len(rest)]
                            yield Hit(entries[index], " ".join(span))
        for key, regex, _indexes in self._patterns:
            if key in skip:
                continue
            for match in regex.finditer(folded):
                name = match.lastgroup
                if name is None or not name.startswith("e_"):
                    name = next(n for n, v in match.groupdict().items() if v is not None)
                yield Hit(entries[int(name[2:])], match.group(0))


def _follows(words: Sequence[str], start: int, rest: tuple[Token, ...], count: int) -> bool:
    if start + len(rest) > count:
        return False
    for offset, (stem, star) in enumerate(rest):
        word = words[start + offset]
        if star:
            if not word.startswith(stem):
                return False
        elif word != stem:
            return False
    return True
