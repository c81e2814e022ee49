"""`deskside insights analyze`: language, reasons and hostility of messages, for scripts.

Reads JSON lines (``{"id": ..., "text": ...}`` with optional ``channel``,
``created_at``, ``previous`` for the earlier customer messages of the same thread,
``tags`` and ``profile_language``) from a file or standard input and prints one
result per line: id, language, reasons, hostility (0..1), phase (rising, peak,
calming, calm) and the signals that fired. It runs the very code the console
uses (:mod:`console.core.insights`), with the user's ``reasons.toml`` and
``hostility.toml`` from the config directory.

A line that is not a usable record is reported on stderr with its line number
and skipped; the exit code is then 2. Everything runs offline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from console.commands.outbox import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from console.core.config import load_config
from console.core.errors import UserError
from console.core.insights import RecordError, analyze_record, default_insights
from console.core.insights.indexer import index_pending
from console.core.profiles import open_workspace

__all__ = ["handle", "register", "text_line"]

_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)], "?")


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``insights analyze`` to the ``deskside`` parser."""
    parser = subparsers.add_parser(
        "insights",
        help="language, contact reasons and hostility of messages (offline)",
        description="What deskside computes for every customer message, for scripts.",
    )
    commands = parser.add_subparsers(dest="insights_command", metavar="COMMAND", required=True)
    analyze = commands.add_parser(
        "analyze",
        help="analyse JSON-lines messages",
        description=(
            'Read JSON lines like {"id": 1, "text": "...", "channel": "email", '
            '"previous": ["earlier message", ...]} and print one result per line.'
        ),
    )
    analyze.add_argument(
        "file", nargs="?", default="-", help="a JSON-lines file, or - for standard input (default)"
    )
    analyze.add_argument("--json", action="store_true", help="print JSON lines (for scripts)")
    analyze.set_defaults(handler=handle)
    index = commands.add_parser(
        "index",
        help="analyse the profile's tickets now (language, reasons, hostility)",
        description=(
            "The console analyses new and changed tickets by itself; this analyses every "
            "ticket that needs it at once (after importing a large desk)."
        ),
    )
    index.add_argument("--profile", default=argparse.SUPPRESS, help="the profile (default: ...)")
    index.set_defaults(handler=handle_index)


def handle_index(args: argparse.Namespace) -> int:
    config = load_config()
    workspace = open_workspace(config, getattr(args, "profile", None))
    started = time.monotonic()
    try:
        result = index_pending(workspace.conn, default_insights())
    finally:
        workspace.close()
    print(
        f"analysed {result.tickets} tickets in {time.monotonic() - started:.1f}s "
        f"({result.rising} with a rising hostility curve)"
    )
    return 0


@contextmanager
def _opened(name: str) -> Iterator[IO[str]]:
    if name == "-":
        yield sys.stdin
        return
    path = Path(name)
    try:
        handle_ = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file", exit_code=EXIT_NOT_FOUND) from None
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None
    with handle_:
        yield handle_


def _printable(text: str) -> str:
    return text.translate(_CONTROL)


def text_line(result: dict[str, Any]) -> str:
    """One result as a line for people: id, language, reasons, score, level, phase, signals."""
    signals = ", ".join(
        f"{s['name']} {s['weight']:+.2f} ({s['detail']})" if s["detail"] else s["name"]
        for s in result["signals"]
    )
    parts = [
        str(result["id"]),
        result["language"],
        ",".join(result["reasons"]),
        f"{result['hostility']:.2f}",
        result["level"],
        result["phase"],
        signals or "-",
    ]
    return _printable("\t".join(parts))


def handle(args: argparse.Namespace) -> int:
    """Analyse every record of the input and print the results."""
    insights = default_insights()
    failed = 0
    with _opened(args.file) as source:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                result = analyze_record(record, insights)
            except json.JSONDecodeError as error:
                failed += 1
                print(
                    f"deskside: {args.file}, line {number}: not JSON: {error.msg}", file=sys.stderr
                )
                continue
            except RecordError as error:
                failed += 1
                print(f"deskside: {args.file}, line {number}: {error}", file=sys.stderr)
                continue
            if args.json:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(text_line(result) + "\n")
    sys.stdout.flush()
    return EXIT_USAGE if failed else EXIT_OK
