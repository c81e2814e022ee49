"""Macros: prepared replies per language with the field changes that go with them.

The package reads macro files (:mod:`.loader`), gathers what a reply can say
about a ticket (:mod:`.context`), renders it in a strict sandbox (:mod:`.render`),
applies it to tickets through the outbox (:mod:`.apply`), checks every macro
(:mod:`.lint`), and ships a starter library installed into the config directory
(:mod:`.library`). What the console's macro picker and the command line call is
re-exported here; see docs/macros.md for the file format and the variables.
"""

from __future__ import annotations

from console.core.macros.apply import (
    TicketPlan,
    TicketResult,
    changes_for,
    plan_apply,
    queue_plans,
)
from console.core.macros.context import (
    LOCALES,
    MacroContext,
    locale_for,
    macro_context,
    sample_context,
)
from console.core.macros.library import install_library, library_files, new_macro
from console.core.macros.lint import LintReport, lint_library, lint_set, lint_user_macros
from console.core.macros.loader import (
    MacroSet,
    favourites,
    load_files,
    load_macros,
    macro_dir,
    select_macros,
)
from console.core.macros.model import (
    FALLBACK_LANGUAGE,
    LANGUAGES,
    MacroActionsSpec,
    MacroError,
    MacroSpec,
    resolve_promise,
)
from console.core.macros.render import Rendered, choose_language, render, render_for

__all__ = [
    "FALLBACK_LANGUAGE",
    "LANGUAGES",
    "LOCALES",
    "LintReport",
    "MacroActionsSpec",
    "MacroContext",
    "MacroError",
    "MacroSet",
    "MacroSpec",
    "Rendered",
    "TicketPlan",
    "TicketResult",
    "changes_for",
    "choose_language",
    "favourites",
    "install_library",
    "library_files",
    "lint_library",
    "lint_set",
    "lint_user_macros",
    "load_files",
    "load_macros",
    "locale_for",
    "macro_context",
    "macro_dir",
    "new_macro",
    "plan_apply",
    "queue_plans",
    "render",
    "render_for",
    "resolve_promise",
    "sample_context",
    "select_macros",
]
