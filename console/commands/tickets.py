"""`deskside tickets` and `deskside ticket show|reply`: the queue and a ticket, for scripts.

The command line is a second front end over the same core as the console: the
list is the queue query language over the local store (:mod:`console.core.queue`),
``show`` is the ticket screen's data (:func:`console.core.ticket_json.load_ticket_view`)
and ``reply`` goes through the outbox and the deliverer exactly as the composer
does, so a reply from a script is never lost, never sent twice, and refused when
the ticket changed since it was read.

Output is a table for people and ``--json`` for scripts (the shapes in
:mod:`console.core.ticket_json`, documented in docs/cli.md). Customer text reaches
the terminal only as :class:`rich.text.Text`, never as markup. Exit codes: 0 ok,
1 failed, 2 bad input, 3 not found, 4 conflict, 5 queued for a retry.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from api_client.errors import NotFoundError
from api_client.models import Status, TicketUpdate, native_id
from api_client.sanitize import sanitize
from console.commands.outbox import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    deliver_entry,
    make_console,
    opened,
    print_json,
    profile_option,
    report_outcome,
)
from console.core.config import load_config
from console.core.errors import UserError
from console.core.outbox import Outbox
from console.core.query import QueryError
from console.core.queue import QueueRow
from console.core.ticket_json import (
    ThreadItem,
    TicketView,
    find_ticket,
    load_ticket_view,
    ticket_detail_json,
    ticket_summary_json,
)
from console.core.timefmt import age
from console.core.workspace import Workspace

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_QUERY",
    "MAX_LIMIT",
    "SHOW_WIDTH",
    "TicketRef",
    "parse_ticket_ref",
    "read_body",
    "register",
    "reply_command",
    "show_command",
    "tickets_command",
]

DEFAULT_QUERY = "status:active sort:-updated"
DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000
SHOW_WIDTH = 100
"""``ticket show``'s width when stdout is not a terminal (tables use the wider default)."""

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_STATUSES = [status.value for status in Status]


# -- arguments ------------------------------------------------------------------------------


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return value


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``tickets`` and ``ticket show|reply`` to the ``deskside`` parser."""
    tickets = subparsers.add_parser(
        "tickets",
        help="list tickets matching a query",
        description="List tickets from the profile's store, as the queue shows them.",
    )
    tickets.add_argument(
        "-q",
        "--query",
        default=DEFAULT_QUERY,
        help=f'a queue query, as typed after "/" in the console (default: "{DEFAULT_QUERY}")',
    )
    tickets.add_argument(
        "-n",
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N tickets (default {DEFAULT_LIMIT}, at most {MAX_LIMIT})",
    )
    tickets.add_argument(
        "--json", action="store_true", help="print a JSON array (a stable interface: docs/cli.md)"
    )
    profile_option(tickets)
    tickets.set_defaults(handler=tickets_command)

    ticket = subparsers.add_parser("ticket", help="show one ticket, or reply to it")
    actions = ticket.add_subparsers(dest="ticket_action", metavar="ACTION", required=True)

    show = actions.add_parser(
        "show", help="the ticket, its thread, the customer, their orders and other tickets"
    )
    show.add_argument("ticket", metavar="ID", help='the ticket number ("123", "#123", "acme:123")')
    show.add_argument(
        "--json", action="store_true", help="print a JSON object (a stable interface: docs/cli.md)"
    )
    profile_option(show)
    show.set_defaults(handler=show_command)

    reply = actions.add_parser(
        "reply",
        help="reply to a ticket (or add an internal note) through the outbox",
        description=(
            "Queue a reply in the outbox and deliver it now. The body comes from --body, "
            "--body-file, or standard input ('-'). Exit codes: 0 sent, 1 failed, 2 bad input, "
            "3 no such ticket, 4 the ticket changed meanwhile, 5 queued for a retry."
        ),
    )
    reply.add_argument("ticket", metavar="ID", help='the ticket number ("123", "#123", "acme:123")')
    # "-" is declared as a flag, not an optional positional: argparse cannot match an
    # optional positional that comes after an option (`reply 12 --note -`).
    reply.add_argument(
        "-", dest="stdin", action="store_true", help="read the body from standard input"
    )
    reply.add_argument("--body", metavar="TEXT", help="the body (use --body=-text for a leading -)")
    reply.add_argument("--body-file", metavar="F", type=Path, help="read the body from file F")
    reply.add_argument(
        "--note", action="store_true", help="an internal note instead of a public reply"
    )
    reply.add_argument(
        "--status",
        choices=_STATUSES,
        metavar="S",
        help=f"also set the status ({', '.join(_STATUSES)})",
    )
    reply.add_argument(
        "--no-wait",
        action="store_true",
        help="only queue it; the console (or `deskside outbox deliver`) sends it",
    )
    profile_option(reply)
    reply.set_defaults(handler=reply_command)


# -- ticket references ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TicketRef:
    """A ticket as typed: ``123``, ``#123`` or ``profile:123``."""

    number: str
    """The ticket number as shown (the helpdesk's native id)."""
    profile: str | None = None


def parse_ticket_ref(text: str) -> TicketRef:
    """Read a ticket reference; raises :class:`UserError` (exit 2) when it is not one."""
    value = text.strip()
    profile: str | None = None
    prefix, colon, rest = value.partition(":")
    if colon:
        if not _PROFILE_NAME.fullmatch(prefix):
            raise UserError(f"not a ticket id: {text!r}", exit_code=EXIT_USAGE)
        profile, value = prefix, rest.strip()
    value = value.removeprefix("#").strip()
    if not value or any(c.isspace() for c in value):
        raise UserError(f"not a ticket id: {text!r}", exit_code=EXIT_USAGE)
    return TicketRef(value, profile)


def _profile_for(ref: TicketRef, asked: str | None) -> str | None:
    """The profile to open; ``shop_de:42`` names an account of a combined one too."""
    if ref.profile:
        config = load_config()
        try:
            name, profile = config.profile(asked)
        except UserError:
            name, profile = "", None
        if profile is not None and ref.profile in profile.accounts:
            return name
    if ref.profile and asked and ref.profile != asked:
        raise UserError(
            f"ticket {ref.profile}:{ref.number} belongs to profile {ref.profile!r}, not {asked!r}",
            exit_code=EXIT_USAGE,
        )
    return asked or ref.profile


def _resolve(workspace: Workspace, ref: TicketRef) -> int:
    account = ref.profile if ref.profile in workspace.accounts else None
    found = find_ticket(workspace.conn, ref.number, account)
    if found is None:
        raise UserError(
            f"no ticket {ref.number} in profile {workspace.profile!r}", exit_code=EXIT_NOT_FOUND
        )
    return found


# -- deskside tickets -----------------------------------------------------------------------


def tickets_command(args: argparse.Namespace) -> int:
    """List the tickets matching ``--query``, at most ``--limit`` of them."""
    with opened(args.profile) as (_, workspace):
        try:
            source = workspace.queue(args.query)
        except QueryError as error:
            raise UserError(f"query: {error}", exit_code=EXIT_USAGE) from None
        rows = source.page(0, args.limit)
        total = source.count() if len(rows) == args.limit else len(rows)
    if args.json:
        print_json([ticket_summary_json(row, workspace.profile) for row in rows])
        return EXIT_OK
    console = make_console()
    if rows:
        console.print(_tickets_table(rows, datetime.now(UTC)))
    more = f" (--limit {min(total, MAX_LIMIT)} to see more)" if total > len(rows) else ""
    console.print(Text(f"{len(rows)} of {total} tickets{more}", style="dim"))
    return EXIT_OK


_STATUS_STYLES = {
    "new": "bold cyan",
    "open": "bold",
    "pending": "yellow",
    "on_hold": "magenta",
    "solved": "green",
    "closed": "dim",
}
_PRIORITY_STYLES = {"urgent": "bold red", "high": "red", "normal": "", "low": "dim"}


def _tickets_table(rows: list[QueueRow], now: datetime) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Priority", no_wrap=True)
    table.add_column("Channel", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    table.add_column("Stage", no_wrap=True)
    table.add_column("Reasons")
    table.add_column("Customer", max_width=30)
    table.add_column("Subject", ratio=1, overflow="fold")
    table.add_column("Assignee", max_width=20)
    table.add_column("Updated", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            Text(sanitize(row.number)),
            Text(row.status, style=_STATUS_STYLES.get(row.status, "")),
            Text(row.priority, style=_PRIORITY_STYLES.get(row.priority, "")),
            Text(row.channel),
            Text(sanitize(row.language or "")),
            Text(row.stage),
            Text(sanitize(" ".join(row.reasons))),
            Text(sanitize(row.customer)),
            Text(sanitize(row.subject)),
            Text(sanitize(row.assignee or "")),
            Text(age(row.updated_at, now)),
        )
    return table


# -- deskside ticket show -------------------------------------------------------------------


def show_command(args: argparse.Namespace) -> int:
    """Print one ticket with its thread, customer, orders and other tickets."""
    ref = parse_ticket_ref(args.ticket)
    with opened(_profile_for(ref, args.profile)) as (_, workspace):
        ticket_id = _resolve(workspace, ref)
        try:
            view = load_ticket_view(workspace.conn, workspace.profile, ticket_id)
        except NotFoundError as error:  # deleted between the lookup and the read
            raise UserError(str(error), exit_code=EXIT_NOT_FOUND) from None
    if args.json:
        print_json(ticket_detail_json(view))
        return EXIT_OK
    _print_view(make_console(piped_width=SHOW_WIDTH), view, datetime.now(UTC))
    return EXIT_OK


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _ago(moment: datetime, now: datetime) -> str:
    shown = age(moment, now)
    return "just now" if shown == "now" else f"{shown} ago"


def _fields(*pairs: tuple[str, str | None]) -> Text:
    """``label value · label value`` with the values as plain text."""
    line = Text()
    for label, value in pairs:
        if not value:
            continue
        if line:
            line.append(" · ", style="dim")
        line.append(f"{label} ", style="dim")
        line.append(value)
    return line


_KIND_STYLES = {"customer": "bold cyan", "reply": "bold green", "note": "bold yellow"}
_DELIVERY_STYLES = {
    "sent": "green",
    "queued": "yellow",
    "sending": "cyan",
    "failed": "bold red",
    "conflict": "bold magenta",
}


def _message(item: ThreadItem) -> Group:
    head = Text()
    head.append(f"[{item.kind.value}]", style=_KIND_STYLES.get(item.kind.value, "bold"))
    head.append(" ")
    head.append(item.author_name or item.author.value, style="bold")
    head.append(f" · {item.channel.value} · {_when(item.created_at)}", style="dim")
    if item.delivery is not None:
        head.append(" · ", style="dim")
        head.append(item.delivery, style=_DELIVERY_STYLES.get(item.delivery, ""))
        if item.pending and item.outbox_id is not None:
            head.append(f" (outbox {item.outbox_id})", style="dim")
    parts: list[Any] = [head]
    if item.error and item.pending:
        parts.append(Padding(Text(item.error, style="red"), (0, 0, 0, 2), expand=False))
    parts.append(Padding(Text(item.body), (0, 0, 1, 2), expand=False))
    return Group(*parts)


def _print_view(console: Console, view: TicketView, now: datetime) -> None:
    row, history = view.row, view.history
    title = Text()
    title.append(f"#{sanitize(row.number)} ", style="bold")
    title.append(sanitize(row.subject), style="bold")
    console.print(title)
    console.print(
        _fields(
            ("status", row.status),
            ("priority", row.priority),
            ("channel", row.channel),
            ("language", row.language),
            ("stage", row.stage),
            ("assignee", sanitize(row.assignee or "unassigned")),
        )
    )
    console.print(
        _fields(
            ("reasons", ", ".join(row.reasons)),
            ("tags", ", ".join(row.tags)),
            ("due", _when(row.due_at)),
            ("promised by", _when(row.promised_by)),
        )
    )
    console.print(
        _fields(
            ("created", _when(row.created_at)),
            ("updated", f"{_when(row.updated_at)} ({_ago(row.updated_at, now)})"),
            ("profile", view.profile),
            *((("account", view.row.account),) if view.row.account else ()),
        )
    )

    console.print(Rule("Thread", align="left"))
    if not view.thread:
        console.print(Text("no messages", style="dim"))
    for item in view.thread:
        console.print(_message(item))

    customer = history.customer
    console.print(Rule("Customer", align="left"))
    name = Text(customer.name, style="bold")
    if customer.email:
        name.append(f" <{customer.email}>")
    console.print(name)
    contacts = [*customer.emails, *customer.phones]
    contacts += [f"{handle.channel.value} {handle.value}" for handle in customer.handles]
    console.print(
        _fields(
            ("contacts", ", ".join(contacts)),
            ("language", customer.language),
            ("timezone", customer.timezone),
            ("tags", ", ".join(customer.tags)),
            ("customer since", _when(customer.created_at)),
        )
    )
    if customer.notes:
        console.print(Padding(Text(customer.notes, style="italic"), (0, 0, 0, 2), expand=False))

    console.print(Rule("Orders", align="left"))
    if not history.orders:
        console.print(Text("no orders", style="dim"))
    for order in history.orders:
        head = Text()
        head.append(f"Order {order.number}", style="bold")
        head.append(f" · {order.status} · {order.total} {order.currency}")
        head.append(f" · placed {_when(order.placed_at)}", style="dim")
        console.print(head)
        for product in order.items:
            line = Text("  ")
            line.append(f"{product.quantity} × ")
            line.append(product.name)
            line.append(f" ({product.sku}) {product.unit_price} {order.currency}", style="dim")
            console.print(line)
        if order.shipments:
            table = Table(box=None, header_style="dim", pad_edge=False, padding=(0, 2, 0, 0))
            table.add_column("  Carrier", no_wrap=True)
            table.add_column("Tracking", overflow="fold")
            table.add_column("Status", no_wrap=True)
            table.add_column("Shipped", no_wrap=True)
            table.add_column("ETA", no_wrap=True)
            for shipment in order.shipments:
                table.add_row(
                    Text("  " + shipment.carrier),
                    Text(shipment.tracking_number),
                    Text(shipment.status),
                    Text(_when(shipment.shipped_at)),
                    Text(_when(shipment.eta)),
                )
            console.print(table)

    console.print(Rule("Other tickets", align="left"))
    others = view.other_tickets
    if not others:
        console.print(Text("none", style="dim"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Channel", no_wrap=True)
    table.add_column("Subject", ratio=1, overflow="fold")
    table.add_column("Created", no_wrap=True)
    for other in others:
        table.add_row(
            Text(native_id(other.id)),
            Text(other.status.value, style=_STATUS_STYLES.get(other.status.value, "")),
            Text(other.channel.value),
            Text(other.subject),
            Text(_when(other.created_at)),
        )
    console.print(table)


# -- deskside ticket reply ------------------------------------------------------------------


def read_body(args: argparse.Namespace) -> str:
    """The reply body from ``--body``, ``--body-file`` or stdin (``-``), exactly as written.

    Only whitespace at the very end is dropped (the newline an editor or ``echo`` adds).
    Raises :class:`UserError` (exit 2) for no source, several sources, an unreadable
    file or an empty body.
    """
    sources = [
        name
        for name, given in (
            ("--body", args.body is not None),
            ("--body-file", args.body_file is not None),
            ("-", bool(args.stdin)),
        )
        if given
    ]
    if not sources:
        raise UserError(
            "no body: give --body TEXT, --body-file F, or '-' to read standard input",
            exit_code=EXIT_USAGE,
        )
    if len(sources) > 1:
        raise UserError(
            f"give the body once, not with {' and '.join(sources)}", exit_code=EXIT_USAGE
        )
    source = sources[0]
    if source == "--body":
        body = str(args.body)
        where = "--body"
    elif source == "--body-file" and str(args.body_file) != "-":
        path: Path = args.body_file
        where = f"body file {str(path)!r}"
        try:
            body = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UserError(f"cannot read {where}: not UTF-8 text", exit_code=EXIT_USAGE) from None
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise UserError(f"cannot read {where}: {reason}", exit_code=EXIT_USAGE) from None
    else:
        where = "standard input"
        if sys.stdin is None:
            raise UserError("there is no standard input to read", exit_code=EXIT_USAGE)
        if sys.stdin.isatty():
            print("deskside: reading the body from the terminal; end with Ctrl-D", file=sys.stderr)
        try:
            body = sys.stdin.read()
        except UnicodeDecodeError:
            raise UserError(f"cannot read {where}: not UTF-8 text", exit_code=EXIT_USAGE) from None
    body = body.rstrip()
    if not body:
        raise UserError(f"the body is empty ({where}): nothing to send", exit_code=EXIT_USAGE)
    return body


def reply_command(args: argparse.Namespace) -> int:
    """Queue a reply or note in the outbox, then deliver it now (unless ``--no-wait``)."""
    ref = parse_ticket_ref(args.ticket)
    body = read_body(args)
    changes = TicketUpdate(status=Status(args.status)) if args.status else TicketUpdate()
    with opened(_profile_for(ref, args.profile)) as (config, workspace):
        _, profile = config.profile(workspace.profile)
        if profile.read_only:
            raise UserError(
                f"profile {workspace.profile!r} is read-only (read_only = true in the config)",
                exit_code=EXIT_USAGE,
            )
        ticket_id = _resolve(workspace, ref)
        if workspace.read_only_for([ticket_id]):
            raise UserError(
                f"account {workspace.account_of(ticket_id)!r} is read-only "
                "(read_only = true in the config)",
                exit_code=EXIT_USAGE,
            )
        try:
            version = workspace.desk.ticket(ticket_id).version
        except NotFoundError as error:
            raise UserError(str(error), exit_code=EXIT_NOT_FOUND) from None
        entry = Outbox(workspace.conn, workspace.profile).enqueue_message(
            ticket_id,
            body=body,
            public=not args.note,
            changes=changes,
            expected_version=version or None,
            agent_id=workspace.me_id,
        )
        print(f"queued {entry.id}", flush=True)
        if args.no_wait:
            return EXIT_OK
        return report_outcome(deliver_entry(config, workspace, entry.id))
