"""Handlers of the `deskside` sub-commands, one module per group.

Each module exposes ``register(subparsers)``: it adds its parser(s) and sets
``handler`` (a function from the parsed arguments to an exit code).
"""

from __future__ import annotations

import importlib
from types import ModuleType

_NAMES = [
    "run",
    "config",
    "desk",
    "sync",
    "tickets",
    "outbox",
    "backends",
    "insights",
    "demo",
    "login",
    "report",
    "macro",
]


def _load() -> list[ModuleType]:
    return [importlib.import_module(f"console.commands.{name}") for name in _NAMES]


COMMAND_MODULES = _load()
