"""Reading macro files: TOML in ``<config dir>/macros/*.toml``, checked key by key.

Macros are files people edit by hand (and share), so reading one must never end
in a traceback, and every complaint must say where: the file, the line, the
macro. ``tomllib`` gives no line numbers, so :func:`scan_lines` walks the raw
text beside it (table headers, ``key =`` lines, multi-line strings skipped) to
find where each key and each text starts; a template error at line 3 of a body
then points at the file line an editor can jump to.

A file holds any number of macros::

    [[macro]]
    id = "listen.apology_delay"
    title = "Sorry for the wait"
    stages = ["listen"]

    [macro.body]
    en = \"\"\"
    Hi {{ customer.first_name }}, ...
    \"\"\"

Ids are unique across all files (a duplicate names both places). Problems can
be collected instead of raised (``strict=False``), so the console still offers
every good macro when one file is broken, and ``deskside macro lint`` lists them all.
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api_client.models import Channel, Priority, Stage, Status
from console.core import paths
from console.core.insights.reasons import resolve_reason
from console.core.macros.model import (
    MACRO_ID,
    PROMISE_WORDS,
    MacroActionsSpec,
    MacroError,
    MacroSpec,
    is_promise_rule,
)

__all__ = [
    "MACRO_DIR",
    "MacroSet",
    "favourites",
    "load_files",
    "load_macros",
    "macro_dir",
    "parse_macro_file",
    "scan_lines",
    "select_macros",
]

MACRO_DIR = "macros"
"""The folder of the config directory that holds the macro files."""

EXIT_NOT_FOUND = 3

_LANGUAGE = re.compile(r"[a-z]{2,3}")
_REASON = re.compile(r"[a-z][a-z0-9_]{0,39}")
_MACRO_KEYS = (
    "id", "title", "description", "stages", "reasons", "channels", "favourite", "body",
    "short", "actions",
)  # fmt: skip
_ACTION_KEYS = (
    "status", "priority", "assignee", "group", "tags_add", "tags_remove", "stage", "note",
    "promised_by",
)  # fmt: skip


def macro_dir(config_dir: Path | None = None) -> Path:
    """``<config dir>/macros``: where the user's macro files live."""
    return (config_dir if config_dir is not None else paths.config_dir()) / MACRO_DIR


# -- lines -----------------------------------------------------------------------------------

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]\s*(?:#.*)?")
_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=\s*")
_KEY_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')


def _key_parts(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for basic, literal, bare in _KEY_PART.findall(text):
        if basic:
            with contextlib.suppress(json.JSONDecodeError):
                basic = json.loads(f'"{basic}"')
        parts.append(basic or literal or bare)
    return tuple(parts)


def _closes(text: str, delimiter: str) -> bool:
    """Whether a multi-line string ends in ``text`` (an escaped ``\\\"\"\"`` does not)."""
    start = 0
    while (found := text.find(delimiter, start)) >= 0:
        if delimiter == "'''":
            return True
        backslashes = len(text[:found]) - len(text[:found].rstrip("\\"))
        if backslashes % 2 == 0:
            return True
        start = found + 1
    return False


def scan_lines(text: str, array: str = "macro") -> list[dict[str, int]]:
    """For each ``[[array]]`` table in TOML ``text``: dotted key to the line its value starts.

    The macro's own header is under ``""``. A multi-line string that opens with a
    line break (``body.it = \"\"\"`` then the text) starts on the next line, as TOML
    reads it. Lines inside multi-line strings are skipped, so a body line that
    looks like ``[header]`` or ``key = value`` is never taken for one.
    """
    tables: list[dict[str, int]] = []
    table: tuple[str, ...] | None = None
    open_string: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if open_string is not None:
            if _closes(line, open_string):
                open_string = None
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if header := _ARRAY_HEADER.fullmatch(line):
            parts = _key_parts(header.group(1))
            if parts == (array,):
                tables.append({"": number})
                table = ()
            else:
                table = parts[1:] if parts[:1] == (array,) and tables else None
            continue
        if header := _HEADER.fullmatch(line):
            parts = _key_parts(header.group(1))
            table = parts[1:] if parts[:1] == (array,) and tables else None
            if table is not None:
                tables[-1].setdefault(".".join(table), number)
            continue
        assign = _ASSIGN.match(line)
        if assign is None:
            continue
        rest = line[assign.end() :]
        offset = 0
        for delimiter in ('"""', "'''"):
            if rest.startswith(delimiter):
                if not _closes(rest[3:], delimiter):
                    open_string = delimiter
                    offset = 1 if not rest[3:].strip() else 0
                break
        if table is not None and tables:
            key = ".".join((*table, *_key_parts(assign.group(1))))
            tables[-1].setdefault(key, number + offset)
    return tables


# -- checking one macro ------------------------------------------------------------------------


class _Checker:
    """Turns one ``[[macro]]`` table into a :class:`MacroSpec`, or a located error."""

    def __init__(self, path: Path, table: Mapping[str, Any], lines: Mapping[str, int]) -> None:
        self.path = path
        self.table = table
        self.lines = lines
        self.macro_id: str | None = None

    def fail(self, key: str, message: str) -> MacroError:
        line = self.lines.get(key)
        while line is None and "." in key:
            key = key.rpartition(".")[0]
            line = self.lines.get(key)
        return MacroError(
            f"`{key}`: {message}" if key else message,
            path=self.path,
            line=line if line is not None else self.lines.get(""),
            macro_id=self.macro_id,
        )

    def string(self, key: str, value: object, *, empty: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"expected a string, got {_kind(value)}")
        if not empty and not value.strip():
            raise self.fail(key, "is empty")
        return value

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected an array of strings, got {_kind(value)}")
        return tuple(self.string(key, item) for item in value)

    def choices(self, key: str, value: object, allowed: Sequence[str]) -> tuple[str, ...]:
        found = self.strings(key, value)
        for item in found:
            if item not in allowed:
                raise self.fail(key, f"unknown value {item!r} (one of: {', '.join(allowed)})")
        return found

    def texts(self, key: str, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table of language = text, got {_kind(value)}")
        out: dict[str, str] = {}
        for lang, text in value.items():
            if not _LANGUAGE.fullmatch(lang):
                raise self.fail(f"{key}.{lang}", "not a language code such as it, en, fr, de, es")
            out[lang] = self.string(f"{key}.{lang}", text)
        return out

    def unknown(self, table: Mapping[str, Any], known: Sequence[str], prefix: str = "") -> None:
        for key in table:
            if key not in known:
                raise self.fail(f"{prefix}{key}", f"unknown key (known here: {', '.join(known)})")

    def check(self) -> MacroSpec:
        table = self.table
        if "id" not in table:
            raise self.fail("", "a macro needs an id")
        macro_id = self.string("id", table["id"])
        if not MACRO_ID.fullmatch(macro_id):
            raise self.fail(
                "id",
                f"{macro_id!r} is not a macro id: lower-case letters, digits, '.', '_' and '-', "
                "starting with a letter or digit (64 at most)",
            )
        self.macro_id = macro_id
        self.unknown(table, _MACRO_KEYS)
        if "title" not in table:
            raise self.fail("", "a macro needs a title")
        stages = self.choices("stages", table.get("stages", []), [s.value for s in Stage])
        channels = self.choices("channels", table.get("channels", []), [c.value for c in Channel])
        reasons = tuple(
            resolve_reason(r) for r in self.strings("reasons", table.get("reasons", []))
        )
        for reason in reasons:
            if not _REASON.fullmatch(reason):
                raise self.fail("reasons", f"{reason!r} is not a reason id")
        favourite = table.get("favourite")
        if favourite is not None and (
            not isinstance(favourite, int) or isinstance(favourite, bool) or not 1 <= favourite <= 9
        ):
            raise self.fail("favourite", "expected a number from 1 to 9 (ctrl+1 .. ctrl+9)")
        if "body" not in table:
            raise self.fail("", "a macro needs a [macro.body] with a text in at least one language")
        bodies = self.texts("body", table["body"])
        if not bodies:
            raise self.fail("body", "needs a text in at least one language")
        short = self.texts("short", table.get("short", {}))
        for lang in short:
            if lang not in bodies:
                raise self.fail(f"short.{lang}", f"a short text in {lang!r} needs a body in it too")
        return MacroSpec(
            id=macro_id,
            title=self.string("title", table["title"]),
            description=self.string("description", table.get("description", ""), empty=True),
            bodies=bodies,
            short=short,
            stages=tuple(Stage(s) for s in stages),
            reasons=tuple(dict.fromkeys(reasons)),
            channels=tuple(Channel(c) for c in channels),
            actions=self.actions(table.get("actions", {})),
            favourite=favourite,
            path=self.path,
            line=self.lines.get(""),
            lines=dict(self.lines),
        )

    def actions(self, value: object) -> MacroActionsSpec:
        if not isinstance(value, dict):
            raise self.fail("actions", f"expected a table, got {_kind(value)}")
        self.unknown(value, _ACTION_KEYS, "actions.")

        def one(key: str, allowed: Sequence[str]) -> str | None:
            if key not in value:
                return None
            return self.choices(f"actions.{key}", [value[key]], allowed)[0]

        status = one("status", [s.value for s in Status])
        priority = one("priority", [p.value for p in Priority])
        stage = one("stage", [s.value for s in Stage])
        assignee = value.get("assignee")
        group = value.get("group")
        note = value.get("note")
        promise = value.get("promised_by")
        if promise is not None:
            promise = self.string("actions.promised_by", promise).strip()
            if not is_promise_rule(promise):
                raise self.fail(
                    "actions.promised_by",
                    f"{promise!r} is not a promise: a span like 4h, 2d or 1d12h, "
                    f"or one of {', '.join(PROMISE_WORDS)}",
                )
        return MacroActionsSpec(
            status=Status(status) if status else None,
            priority=Priority(priority) if priority else None,
            assignee=self.string("actions.assignee", assignee).strip() if assignee else None,
            group=self.string("actions.group", group).strip() if group else None,
            tags_add=self.strings("actions.tags_add", value.get("tags_add", [])),
            tags_remove=self.strings("actions.tags_remove", value.get("tags_remove", [])),
            stage=Stage(stage) if stage else None,
            note=self.string("actions.note", note) if note is not None else None,
            promised_by=promise,
        )


def _kind(value: object) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


# -- files ---------------------------------------------------------------------------------------


def parse_macro_file(
    path: Path, text: str | None = None
) -> tuple[list[MacroSpec], list[MacroError]]:
    """The macros of one file and the problems found in it (a bad file: no macros, one problem)."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return [], [MacroError("not UTF-8 text", path=path)]
        except OSError as error:
            return [], [MacroError(f"cannot read: {error.strerror or error}", path=path)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        place = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at .*\)$", "", message)
        line = int(place.group(1)) if place else None
        return [], [MacroError(f"not valid TOML: {reason}", path=path, line=line)]
    for key in data:
        if key != "macro":
            found = scan_lines(text, key)
            line = found[0][""] if found else None
            return [], [
                MacroError(
                    f"unknown key `{key}`: macros go in [[macro]] tables", path=path, line=line
                )
            ]
    tables = data.get("macro", [])
    if not isinstance(tables, list):
        return [], [MacroError("`macro` must be [[macro]] tables", path=path)]
    lines = scan_lines(text)
    if len(lines) != len(tables):  # unusual layout: keep going without line numbers
        lines = [{} for _ in tables]
    macros: list[MacroSpec] = []
    problems: list[MacroError] = []
    for table, table_lines in zip(tables, lines, strict=True):
        try:
            macros.append(_Checker(path, table, table_lines).check())
        except MacroError as problem:
            problems.append(problem)
    return macros, problems


@dataclass(frozen=True)
class MacroSet:
    """Every macro that loaded, in file order, and what was wrong with the rest."""

    macros: tuple[MacroSpec, ...]
    problems: tuple[MacroError, ...] = ()
    directory: Path | None = None

    def __len__(self) -> int:
        return len(self.macros)

    def get(self, macro_id: str) -> MacroSpec:
        """The macro with this id; :class:`MacroError` (exit 3) when there is none."""
        for macro in self.macros:
            if macro.id == macro_id:
                return macro
        where = f" in {self.directory}" if self.directory else ""
        raise MacroError(
            f"no macro {macro_id!r}{where}; `deskside macro list` shows them",
            exit_code=EXIT_NOT_FOUND,
        )

    def select(
        self,
        *,
        stage: Stage | str | None = None,
        reason: str | None = None,
        lang: str | None = None,
        channel: Channel | str | None = None,
        text: str = "",
    ) -> list[MacroSpec]:
        """The macros offered for a stage, reason, language, channel: :func:`select_macros`."""
        return select_macros(
            self.macros, stage=stage, reason=reason, lang=lang, channel=channel, text=text
        )

    def favourites(self) -> dict[int, MacroSpec]:
        return favourites(self.macros)


def select_macros(
    macros: Iterable[MacroSpec],
    *,
    stage: Stage | str | None = None,
    reason: str | None = None,
    lang: str | None = None,
    channel: Channel | str | None = None,
    text: str = "",
) -> list[MacroSpec]:
    """Macros that match (see :meth:`MacroSpec.matches`) and contain every word of ``text``
    in their id, title or description (case-insensitive), in their order."""
    words = text.lower().split()
    if reason is not None:
        reason = resolve_reason(reason)
    found = []
    for macro in macros:
        if not macro.matches(stage=stage, reason=reason, lang=lang, channel=channel):
            continue
        haystack = f"{macro.id} {macro.title} {macro.description}".lower()
        if all(word in haystack for word in words):
            found.append(macro)
    return found


def favourites(macros: Iterable[MacroSpec]) -> dict[int, MacroSpec]:
    """Quick-key number (1..9, for ``ctrl+1`` .. ``ctrl+9``) to its macro; the first one wins."""
    out: dict[int, MacroSpec] = {}
    for macro in macros:
        if macro.favourite is not None:
            out.setdefault(macro.favourite, macro)
    return dict(sorted(out.items()))


def load_macros(directory: Path | None = None, *, strict: bool = True) -> MacroSet:
    """Every macro in ``directory`` (default ``<config dir>/macros``), files by name.

    ``strict`` raises the first problem as a :class:`MacroError`; otherwise problems
    are collected in :attr:`MacroSet.problems` and the good macros still load. A
    duplicate id, or a quick key used twice, names both places; the first one stays.
    A missing directory means no macros.
    """
    directory = directory if directory is not None else macro_dir()
    files = sorted(directory.glob("*.toml")) if directory.is_dir() else []
    return load_files(files, strict=strict, directory=directory)


def load_files(
    files: Iterable[Path], *, strict: bool = True, directory: Path | None = None
) -> MacroSet:
    """:func:`load_macros` over an explicit list of files (the shipped library, tests)."""
    macros: list[MacroSpec] = []
    problems: list[MacroError] = []
    seen: dict[str, MacroSpec] = {}
    keys: dict[int, MacroSpec] = {}
    for path in files:
        if path.name.startswith("."):
            continue
        found, errors = parse_macro_file(path)
        problems.extend(errors)
        for macro in found:
            first = seen.get(macro.id)
            if first is not None:
                problems.append(
                    macro.error(
                        f"duplicate id: also defined at {first.path}:{first.line or '?'}", part="id"
                    )
                )
                continue
            seen[macro.id] = macro
            if macro.favourite is not None:
                holder = keys.setdefault(macro.favourite, macro)
                if holder is not macro:
                    problems.append(
                        macro.error(
                            f"favourite = {macro.favourite} is already taken by macro "
                            f"{holder.id} ({holder.path}:{holder.line or '?'})",
                            part="favourite",
                        )
                    )
            macros.append(macro)
    if strict and problems:
        raise problems[0]
    return MacroSet(tuple(macros), tuple(problems), directory)
