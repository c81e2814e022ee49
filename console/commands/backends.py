"""`deskside backends`: which helpdesk backends are installed and what each can do.

Backends (built-in and plugins alike) register in the ``deskside.backends``
entry-point group; this lists them with their label, capability flags and the
options a profile gives them, so a user can tell what to put in a profile and
what the console will hide for that helpdesk. Each backend is imported to read
those class attributes; one that fails to import is listed with its error
instead of stopping the listing (a broken plugin must not hide the others).
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table
from rich.text import Text

from api_client import registry
from api_client.backend import Backend
from console.commands.outbox import EXIT_OK, make_console, print_json
from console.core.ticket_json import JsonObject

__all__ = ["backend_json", "describe_backends", "handle", "register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``backends`` to the ``deskside`` parser."""
    parser = subparsers.add_parser(
        "backends",
        help="list installed helpdesk backends with their capabilities",
        description="List the helpdesk backends installed (built-in and plugins).",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON array (a stable interface: docs/cli.md)"
    )
    parser.set_defaults(handler=handle)


def backend_json(name: str, entry_point: str, backend: type[Backend]) -> JsonObject:
    """One loaded backend as ``deskside backends --json`` prints it."""
    return {
        "name": name,
        "entry_point": entry_point,
        "label": str(backend.label),
        "capabilities": sorted(str(capability) for capability in backend.capabilities),
        "options": [
            {
                "name": option.name,
                "label": option.label,
                "description": option.description,
                "required": option.required,
                "secret": option.secret,
                "default": option.default,
            }
            for option in backend.options
        ],
        "error": None,
    }


def _broken(name: str, entry_point: str, error: str) -> JsonObject:
    return {
        "name": name,
        "entry_point": entry_point,
        "label": None,
        "capabilities": [],
        "options": [],
        "error": error,
    }


def describe_backends() -> list[JsonObject]:
    """Every installed backend, sorted by name; the ones that fail to load carry ``error``."""
    described: list[JsonObject] = []
    for name, entry_point in registry.available().items():
        try:
            described.append(backend_json(name, entry_point, registry.load(name)))
        except Exception as error:  # a plugin may fail in any way, even reading attributes
            described.append(_broken(name, entry_point, f"{type(error).__name__}: {error}"))
    return described


def handle(args: argparse.Namespace) -> int:
    """Print the installed backends (a table, or JSON with ``--json``)."""
    described = describe_backends()
    if args.json:
        print_json(described)
        return EXIT_OK
    console = make_console()
    if not described:
        console.print(Text("no backends installed (is deskside installed properly?)"))
        return EXIT_OK
    table = Table(box=None, header_style="bold", pad_edge=False, show_lines=False)
    table.add_column("Name", no_wrap=True)
    table.add_column("Label")
    table.add_column("Capabilities", ratio=1, overflow="fold")
    table.add_column("Options", ratio=1, overflow="fold")
    for entry in described:
        if entry["error"] is not None:
            table.add_row(
                Text(entry["name"], style="bold"),
                Text("failed to load", style="bold red"),
                Text(entry["error"], style="red"),
                Text(entry["entry_point"], style="dim"),
            )
            continue
        options = Text()
        for option in entry["options"]:
            if options:
                options.append(", ")
            options.append(option["name"])
            marks = [
                mark
                for mark, flag in (
                    ("secret", option["secret"]),
                    ("optional", not option["required"]),
                )
                if flag
            ]
            if marks:
                options.append(f" ({', '.join(marks)})", style="dim")
        table.add_row(
            Text(entry["name"], style="bold"),
            Text(entry["label"]),
            Text(", ".join(entry["capabilities"])),
            options,
        )
    console.print(table)
    return EXIT_OK
