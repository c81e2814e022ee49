"""`deskside outbox [list|retry|discard|deliver]`: the writes waiting to reach the helpdesk.

Every reply, note and field change goes through the outbox (see
:mod:`console.core.outbox`), whether it was made in the console or with
``deskside ticket reply``. This command makes the outbox visible and workable
without the UI: list what is pending (``--json`` for scripts), re-queue a failed
or conflicting entry (``retry``; ``--force`` sends a conflict anyway), drop one
(``discard``, confirmed unless ``--yes``) and deliver what is due now
(``deliver``).

The module also holds what the other scripting commands share: opening the
profile as one clear error, the console that prints tables (customer text only
as :class:`rich.text.Text`), JSON output, and "deliver this entry now and tell
me how it ended" with its exit code (0 sent, 1 failed, 4 conflict, 5 queued for
a retry), used by ``ticket reply`` as well.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AsyncExitStack, contextmanager
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from api_client.errors import BackendError
from api_client.models import native_id
from api_client.sanitize import sanitize
from console.core.accounts import open_deliverer
from console.core.config import Config, load_config
from console.core.delivery import Deliverer, MirrorSink
from console.core.errors import UserError
from console.core.mirror import MirrorWriter
from console.core.outbox import Outbox, OutboxEntry, OutboxState
from console.core.profiles import is_local, open_workspace
from console.core.ticket_json import PENDING_STATES, outbox_entry_json
from console.core.timefmt import age
from console.core.workspace import Workspace

__all__ = [
    "EXIT_CONFLICT",
    "EXIT_FAILED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_UNAVAILABLE",
    "EXIT_USAGE",
    "PIPED_WIDTH",
    "WAIT_FOR_OTHER_SECONDS",
    "deliver_command",
    "deliver_entry",
    "discard_command",
    "exit_code_for",
    "list_command",
    "make_console",
    "opened",
    "print_json",
    "profile_option",
    "register",
    "report_outcome",
    "retry_command",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_CONFLICT = 4
EXIT_UNAVAILABLE = 5

PIPED_WIDTH = 200
"""Table width when stdout is not a terminal and ``COLUMNS`` does not say otherwise."""

WAIT_FOR_OTHER_SECONDS = 30.0
"""How long ``deliver_entry`` waits while another console is sending the entry."""

_STATE_NAMES = [state.value for state in OutboxState]


# -- shared by the scripting commands --------------------------------------------------------


def make_console(*, piped_width: int = PIPED_WIDTH) -> Console:
    """The console tables print to: stdout, no markup, no highlighting, no emoji codes.

    When stdout is not a terminal (and ``COLUMNS`` is not set), lines are up to
    ``piped_width`` wide instead of rich's 80, so piped tables are not cut.
    """
    console = Console(markup=False, highlight=False, emoji=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = piped_width
    return console


def print_json(value: Any) -> None:
    """Write ``value`` as indented UTF-8 JSON and a newline to stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def profile_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--profile`` after the command too (``deskside tickets --profile acme``).

    The default is suppressed, so the global ``deskside --profile`` still applies when
    the command does not repeat it.
    """
    parser.add_argument(
        "--profile",
        default=argparse.SUPPRESS,
        help="the profile to work on (default: the global --profile, else the default one)",
    )


@contextmanager
def opened(profile: str | None) -> Iterator[tuple[Config, Workspace]]:
    """The configuration and the profile's open workspace, closed on exit.

    A store that cannot be opened or read becomes one :class:`UserError` line.
    """
    config = load_config()
    name, _ = config.profile(profile)
    try:
        workspace = open_workspace(config, name)
    except BackendError as error:
        raise UserError(f"{name}: cannot open the store: {error}") from None
    except (sqlite3.Error, OSError) as error:
        raise UserError(f"{name}: cannot open the store: {error}") from None
    try:
        yield config, workspace
    except sqlite3.Error as error:
        raise UserError(f"{name}: the store failed: {error}") from None
    finally:
        workspace.close()


def exit_code_for(entry: OutboxEntry) -> int:
    """What an outbox entry's state means to a script."""
    if entry.state is OutboxState.SENT:
        return EXIT_OK
    if entry.state is OutboxState.CONFLICT:
        return EXIT_CONFLICT
    if entry.state is OutboxState.FAILED:
        return EXIT_FAILED
    return EXIT_UNAVAILABLE  # queued for a retry, or still being sent by another console


def report_outcome(entry: OutboxEntry) -> int:
    """Print how a delivery ended (stdout: ``<state> <id>``; a hint on stderr) and its code."""
    line = f"{entry.state.value} {entry.id}"
    if entry.error and entry.state is not OutboxState.SENT:
        line += f": {sanitize(entry.error)}"
    print(line)
    hint = {
        OutboxState.CONFLICT: (
            f"the ticket changed since the reply was written; read it (deskside ticket show "
            f"{native_id(entry.ticket_ref)}), then `deskside outbox retry {entry.id} --force` "
            f"to send anyway or `deskside outbox discard {entry.id}`"
        ),
        OutboxState.FAILED: (
            f"the helpdesk refused it; `deskside outbox retry {entry.id}` to try again"
        ),
        OutboxState.QUEUED: (
            "not delivered yet; it stays queued and is retried by the console or "
            "`deskside outbox deliver`"
        ),
        OutboxState.SENDING: "another console is sending it; see `deskside outbox`",
    }.get(entry.state)
    if hint:
        print(f"deskside: outbox entry {entry.id}: {hint}", file=sys.stderr)
    return exit_code_for(entry)


def _sink(config: Config, workspace: Workspace) -> MirrorSink | None:
    _, profile = config.profile(workspace.profile)
    if is_local(profile) or workspace.accounts:
        return None  # a combined profile's deliverer has a writer per account
    return MirrorWriter(workspace.conn, workspace.profile)


async def _open_deliverer(
    stack: AsyncExitStack, config: Config, workspace: Workspace, outbox: Outbox, what: str
) -> Deliverer:
    """The profile's deliverer (a combined profile's routes to each account), on ``stack``.

    A backend that cannot be built (plugin, options, secrets) is one error line that
    says the outbox is left as it is (``what``), with exit code 5.
    """
    opening = open_deliverer(config, workspace, outbox, sink=_sink(config, workspace))
    try:
        return await stack.enter_async_context(opening)
    except (BackendError, UserError) as error:
        raise UserError(
            f"cannot deliver now: {error}; {what}", exit_code=EXIT_UNAVAILABLE
        ) from None


def deliver_entry(config: Config, workspace: Workspace, entry_id: int) -> OutboxEntry:
    """Deliver outbox entry ``entry_id`` now (and the older due entries before it).

    Returns the entry as it ended: sent, conflict, failed, or queued for a retry.
    Entries are claimed in order, so a reply never overtakes an earlier one.
    """
    outbox = Outbox(workspace.conn, workspace.profile)

    async def run() -> OutboxEntry:
        async with AsyncExitStack() as stack:
            deliverer = await _open_deliverer(
                stack, config, workspace, outbox, f"outbox entry {entry_id} stays queued"
            )
            deadline = time.monotonic() + WAIT_FOR_OTHER_SECONDS
            while True:
                entry = outbox.get(entry_id)
                if entry.state not in (OutboxState.QUEUED, OutboxState.SENDING):
                    return entry
                if entry.state is OutboxState.QUEUED and entry.next_attempt_at > time.time():
                    return entry  # backing off: the retry is the deliverer's business
                if await deliverer.deliver_one() is None:
                    if entry.state is OutboxState.SENDING and time.monotonic() < deadline:
                        await asyncio.sleep(0.2)  # another console holds it: wait a little
                        continue
                    return outbox.get(entry_id)

    return asyncio.run(run())


# -- the command -------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``outbox`` and its actions to the ``deskside`` parser."""
    parser = subparsers.add_parser(
        "outbox",
        help="list, retry, discard or deliver the writes waiting for the helpdesk",
        description=(
            "Every reply, note and field change is queued in the outbox before it is sent. "
            "Without an action, list the entries that are not sent yet."
        ),
    )
    _list_options(parser, suppress=False)
    profile_option(parser)
    parser.set_defaults(handler=list_command)
    actions = parser.add_subparsers(dest="outbox_action", metavar="ACTION")

    listing = actions.add_parser("list", help="list entries (the default)")
    _list_options(listing, suppress=True)
    profile_option(listing)
    listing.set_defaults(handler=list_command)

    retry = actions.add_parser(
        "retry", help="re-queue a failed or conflicting entry and deliver it now"
    )
    retry.add_argument("entry", type=int, metavar="ID", help="the outbox entry")
    retry.add_argument(
        "--force",
        action="store_true",
        help="send a conflicting entry anyway, over the newer change on the ticket",
    )
    retry.add_argument(
        "--no-wait", action="store_true", help="only re-queue; the console delivers it later"
    )
    profile_option(retry)
    retry.set_defaults(handler=retry_command)

    discard = actions.add_parser("discard", help="drop an entry that was not delivered")
    discard.add_argument("entry", type=int, metavar="ID", help="the outbox entry")
    discard.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    profile_option(discard)
    discard.set_defaults(handler=discard_command)

    deliver = actions.add_parser("deliver", help="deliver every entry that is due now")
    profile_option(deliver)
    deliver.set_defaults(handler=deliver_command)


def _list_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print a JSON array (a stable interface: docs/cli.md)",
    )
    parser.add_argument(
        "--state",
        default=default,
        metavar="S[,S]",
        help=(
            f"only entries in these states ({', '.join(_STATE_NAMES)}, or all); "
            "default: all but sent"
        ),
    )


def _states(text: str | None) -> list[OutboxState]:
    if not text:
        return list(PENDING_STATES)
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    if "all" in wanted:
        return list(OutboxState)
    unknown = [part for part in wanted if part not in _STATE_NAMES]
    if unknown or not wanted:
        raise UserError(
            f"--state: unknown state {', '.join(unknown) or text!r}; "
            f"states are: {', '.join(_STATE_NAMES)}, all",
            exit_code=EXIT_USAGE,
        )
    return [OutboxState(part) for part in wanted]


_STATE_STYLES = {
    OutboxState.QUEUED: "yellow",
    OutboxState.SENDING: "cyan",
    OutboxState.SENT: "green",
    OutboxState.FAILED: "bold red",
    OutboxState.CONFLICT: "bold magenta",
}


def list_command(args: argparse.Namespace) -> int:
    """List outbox entries, oldest first."""
    states = _states(getattr(args, "state", None))
    with opened(args.profile) as (_, workspace):
        outbox = Outbox(workspace.conn, workspace.profile, owner="reader")
        entries = outbox.entries(states=states)
        counts = outbox.counts()
    if getattr(args, "json", False):
        print_json([outbox_entry_json(entry, workspace.profile) for entry in entries])
        return EXIT_OK
    console = make_console()
    if entries:
        console.print(_table(entries, datetime.now(UTC)))
    else:
        console.print(Text("no outbox entries in this view", style="dim"))
    shown = ", ".join(f"{counts[state]} {state.value}" for state in OutboxState)
    console.print(Text(f"{workspace.profile}: {shown}", style="dim"))
    return EXIT_OK


def _table(entries: Sequence[OutboxEntry], now: datetime) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Ticket", no_wrap=True)
    table.add_column("What", overflow="fold")
    table.add_column("Tries", justify="right", no_wrap=True)
    table.add_column("Error", overflow="fold")
    table.add_column("Age", justify="right", no_wrap=True)
    for entry in entries:
        table.add_row(
            Text(str(entry.id)),
            Text(entry.state.value, style=_STATE_STYLES[entry.state]),
            Text(native_id(entry.ticket_ref)),
            Text(sanitize(entry.summary)),
            Text(str(entry.attempts)),
            Text(sanitize(entry.error or "")),
            Text(age(datetime.fromtimestamp(entry.created_at, UTC), now)),
        )
    return table


def retry_command(args: argparse.Namespace) -> int:
    """Re-queue a failed or conflicting entry, then deliver it (unless ``--no-wait``)."""
    with opened(args.profile) as (config, workspace):
        entry = Outbox(workspace.conn, workspace.profile).retry(args.entry, force=args.force)
        print(f"queued {entry.id}")
        if args.no_wait:
            return EXIT_OK
        return report_outcome(deliver_entry(config, workspace, entry.id))


def _confirm(question: str) -> bool:
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except (EOFError, OSError):
        return False
    return answer.strip().lower() in ("y", "yes")


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def discard_command(args: argparse.Namespace) -> int:
    """Drop an entry that was not delivered, after confirming (or with ``--yes``)."""
    with opened(args.profile) as (_, workspace):
        outbox = Outbox(workspace.conn, workspace.profile)
        entry = outbox.get(args.entry)
        if entry.state in (OutboxState.SENDING, OutboxState.SENT):
            outbox.discard(entry.id)  # raises the core's explanation
        if not args.yes:
            if not _stdin_is_tty():
                raise UserError(
                    f"pass --yes to discard without asking (outbox entry {entry.id}: "
                    f"{sanitize(entry.summary)})",
                    exit_code=EXIT_USAGE,
                )
            question = f"Discard outbox entry {entry.id} ({sanitize(entry.summary)})?"
            if not _confirm(question):
                print(f"deskside: kept outbox entry {entry.id}", file=sys.stderr)
                return EXIT_FAILED
        outbox.discard(entry.id)
    print(f"discarded {entry.id}")
    return EXIT_OK


def deliver_command(args: argparse.Namespace) -> int:
    """Deliver every due entry now and report how each ended."""
    with opened(args.profile) as (config, workspace):
        outbox = Outbox(workspace.conn, workspace.profile)

        async def run() -> list[OutboxEntry]:
            async with AsyncExitStack() as stack:
                deliverer = await _open_deliverer(
                    stack, config, workspace, outbox, "the outbox is unchanged"
                )
                return await deliverer.drain()

        done = asyncio.run(run())
        waiting = outbox.counts()
    tally = {state: 0 for state in OutboxState}
    for entry in done:
        tally[entry.state] += 1
        if entry.state is not OutboxState.SENT:
            line = f"{entry.state.value} {entry.id}"
            print(line + (f": {sanitize(entry.error)}" if entry.error else ""))
    print(
        f"delivered {len(done)}: {tally[OutboxState.SENT]} sent, "
        f"{tally[OutboxState.CONFLICT]} conflict, {tally[OutboxState.FAILED]} failed, "
        f"{tally[OutboxState.QUEUED]} queued for retry; "
        f"{waiting[OutboxState.QUEUED]} still queued"
    )
    for state in (OutboxState.FAILED, OutboxState.CONFLICT, OutboxState.QUEUED):
        if tally[state]:
            print(
                "deskside: some entries were not delivered; see `deskside outbox`",
                file=sys.stderr,
            )
            return exit_code_for(next(e for e in done if e.state is state))
    return EXIT_OK
