"""Handlers of the `deskside` sub-commands, one module per group.

Each module exposes ``register(subparsers)``: it adds its parser(s) and sets
``handler`` (a function from the parsed arguments to an exit code). Only the
module of the command being run is imported (``--help`` imports them all):
opening the console must not pay for mail parsing, the demo texts or HTTP.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

__all__ = ["COMMANDS", "modules_for"]

COMMANDS: dict[str, str] = {
    "run": "run",
    "config": "config",
    "desk": "desk",
    "sync": "sync",
    "tickets": "tickets",
    "ticket": "tickets",
    "outbox": "outbox",
    "backends": "backends",
    "insights": "insights",
    "demo": "demo",
    "login": "login",
    "profiles": "login",
    "report": "report",
    "macro": "macro",
}
"""Each command word and the module that registers it."""

_OPTIONS_WITH_VALUES = frozenset({"--profile"})


def _command_word(argv: Sequence[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in _OPTIONS_WITH_VALUES:
            skip = True
            continue
        if token.startswith("-"):
            if token in ("-h", "--help"):
                return None
            continue
        return token
    return "run"


def modules_for(argv: Sequence[str]) -> list[ModuleType]:
    """The command modules needed to parse ``argv`` (all of them for help or a typo)."""
    word = _command_word(argv)
    names = [COMMANDS[word]] if word in COMMANDS else sorted(set(COMMANDS.values()))
    return [importlib.import_module(f"console.commands.{name}") for name in names]
