"""Checking macros before a customer sees one: load every file, render every text.

A typo in a variable name shows up only when a macro is rendered, and a macro is
rendered in front of a customer waiting on chat. So ``deskside macro lint`` (and
the test suite, for the shipped library) renders every macro in every language it
declares, its short variant and its internal note included, against a realistic
sample context in that language (:func:`~console.core.macros.context.sample_context`),
and reports each problem as ``file:line: macro ID (lang): message``.

The sample ticket has no promise date, so a macro that prints ``promised_by``
must set one (``actions.promised_by``) or guard it with ``{% if promised_by %}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.core.macros.context import sample_context
from console.core.macros.library import library_files
from console.core.macros.loader import MacroSet, load_files, load_macros, macro_dir
from console.core.macros.model import MacroError
from console.core.macros.render import render

__all__ = ["LintReport", "lint_library", "lint_set", "lint_user_macros"]


@dataclass(frozen=True)
class LintReport:
    """What linting one set of macro files found."""

    label: str
    """``library`` (shipped with deskside) or the user's folder."""
    files: int
    macros: int
    renders: int
    errors: tuple[MacroError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def lint_set(macros: MacroSet, *, label: str, files: int) -> LintReport:
    """Render every text of every macro in ``macros``; collect the load problems too."""
    errors = list(macros.problems)
    renders = 0
    for macro in macros.macros:
        for lang in macro.languages:
            context = sample_context(lang)
            for short in (False, True) if lang in macro.short else (False,):
                renders += 1
                try:
                    render(macro, lang, context, short=short)
                except MacroError as error:
                    errors.append(error)
    return LintReport(label, files, len(macros.macros), renders, tuple(errors))


def lint_library() -> LintReport:
    """Lint the macro files shipped inside deskside."""
    files = library_files()
    return lint_set(load_files(files, strict=False), label="library", files=len(files))


def lint_user_macros(directory: Path | None = None) -> LintReport:
    """Lint the user's macro files (default ``<config dir>/macros``)."""
    folder = directory if directory is not None else macro_dir()
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return lint_set(load_macros(folder, strict=False), label=str(folder), files=len(files))
