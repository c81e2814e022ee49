"""Reading the insight data files (built-in and the user's), with errors that name file and line.

Reason rules and hostility lexicons are TOML files: one ships inside the package
(``console/core/insights/data``), and a user may put a file of the same name in
the config directory to extend or override it. Anything wrong in the user's file
(bad TOML, a wrong type, a regular expression that does not compile) becomes a
:class:`~console.core.errors.UserError` naming the file and, when it can be found,
the line, as the main config file does.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from console.core.errors import UserError
from console.core.insights.matching import Entry, validate_entry

__all__ = ["DataFile", "builtin_file", "entries_from_table", "is_language_key", "read_user_file"]

BUILTIN = "builtin"
_LANGUAGE_KEY = re.compile(r"[a-z]{2,3}|any")
_ENTRY_LISTS = {"keywords": "phrase", "phrases": "phrase", "patterns": "pattern"}


@dataclass(frozen=True)
class DataFile:
    """A parsed TOML data file and what is needed to point at its lines."""

    data: dict[str, Any]
    text: str
    origin: str
    """``builtin`` or the file's path as a string."""

    def where(self, *needles: str) -> str:
        """``file, line N`` for the first line holding one of ``needles`` (else just the file)."""
        name = f"{self.origin} data file" if self.origin == BUILTIN else self.origin
        for number, line in enumerate(self.text.splitlines(), 1):
            for needle in needles:
                if needle and needle in line:
                    return f"{name}, line {number}"
        return name

    def error(self, message: str, *needles: str) -> UserError:
        return UserError(f"{self.where(*needles)}: {message}")


def _parse(text: str, origin: str) -> DataFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        place = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at .*\)$", "", message)
        where = f"{origin}, line {place.group(1)}, column {place.group(2)}" if place else origin
        raise UserError(f"{where}: not valid TOML: {reason}") from None
    return DataFile(data, text, origin)


def builtin_file(name: str) -> DataFile:
    """A data file shipped in the package (``reasons.toml``, ``hostility.toml``)."""
    text = resources.files("console.core.insights").joinpath("data", name).read_text("utf-8")
    return _parse(text, BUILTIN)


def read_user_file(path: Path | None) -> DataFile | None:
    """The user's data file, or ``None`` when there is no such file."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read: {error}") from None
    return _parse(text, str(path))


def is_language_key(key: str) -> bool:
    """Whether a table key names a language (``it``, ``en``, ``any``...)."""
    return _LANGUAGE_KEY.fullmatch(key) is not None


def _string_list(source: DataFile, value: object, dotted: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise source.error(f"`{dotted}` must be a list of strings", f"{key} =", key)
    return list(value)


def entries_from_table(
    source: DataFile, table: Mapping[str, Any], dotted: str, owner: str
) -> dict[str, list[Entry]]:
    """Entries by language from a table like ``{it = {keywords = [...]}, any = {...}}``.

    Unknown keys that are not language tables are left to the caller; each entry
    is compiled here so that a bad one is reported with its file and line.
    """
    found: dict[str, list[Entry]] = {}
    for language, block in table.items():
        if not isinstance(block, Mapping) or not _LANGUAGE_KEY.fullmatch(language):
            continue
        here = f"{dotted}.{language}"
        for key, value in block.items():
            kind = _ENTRY_LISTS.get(key)
            if kind is None:
                known = ", ".join(_ENTRY_LISTS)
                raise source.error(f"`{here}.{key}`: unknown key (known here: {known})", key)
            for item in _string_list(source, value, f"{here}.{key}", key):
                entry = Entry(kind, item, source.origin, language, owner)
                try:
                    validate_entry(entry)
                except (re.error, ValueError) as error:
                    what = "regular expression" if kind == "pattern" else "phrase"
                    raise source.error(
                        f"`{here}.{key}`: bad {what} {item!r}: {error}",
                        item,
                        item.replace("\\", "\\\\"),
                    ) from None
                found.setdefault(language, []).append(entry)
    return found
