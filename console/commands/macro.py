"""`deskside macro list|show|render|apply|lint|new`: macros from the command line.

Power users keep macros in files and script them: list what exists (filtered by
stage and language), read one, render it for a real ticket to see exactly what
the customer would get, apply it to one ticket or to every ticket a queue query
finds (``--dry-run`` first), check every macro (``lint``, also run by
``make test`` over the shipped library) and start a new one from a commented
scaffold (``new``).

Everything goes through :mod:`console.core.macros`, the same core the console's
macro picker uses, and every write goes through the outbox. The starter library
is installed into the config directory on first use (never over a file the user
changed). Customer text reaches the terminal only as :class:`rich.text.Text` or
plain ``write``, never as markup. Exit codes: 0 ok, 1 a macro failed (lint
errors, a ticket that could not be queued), 2 bad input, 3 not found, 4 conflict
(``new`` over an existing file or id).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec
from rich.table import Table
from rich.text import Text

from api_client.models import Channel, Stage, TicketUpdate
from console.commands.outbox import (
    EXIT_FAILED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    make_console,
    opened,
    print_json,
    profile_option,
)
from console.commands.tickets import parse_ticket_ref
from console.core.errors import UserError
from console.core.query import QueryError
from console.core.ticket_json import find_ticket
from console.core.workspace import Workspace

if TYPE_CHECKING:  # the macro core (Jinja2, Babel) is imported only when a command runs
    from console.core.macros import LintReport, MacroSet, MacroSpec, Rendered, TicketPlan

__all__ = [
    "DEFAULT_APPLY_LIMIT",
    "apply_command",
    "lint_command",
    "list_command",
    "macro_json",
    "new_command",
    "register",
    "render_command",
    "show_command",
]

DEFAULT_APPLY_LIMIT = 200
"""``apply --query`` refuses a query matching more tickets than this (``--limit`` raises it)."""

_LANG = re.compile(r"[a-z]{2,3}")
_STAGES = [stage.value for stage in Stage]
_CHANNELS = [channel.value for channel in Channel]


def _language(text: str) -> str:
    if not _LANG.fullmatch(text.strip().lower()):
        raise argparse.ArgumentTypeError(
            f"not a language code such as it, en, fr, de, es: {text!r}"
        )
    return text.strip().lower()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _form_options(parser: argparse.ArgumentParser) -> None:
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--short",
        dest="short",
        action="store_const",
        const=True,
        default=None,
        help="the chat-length variant (default: by the ticket's channel)",
    )
    form.add_argument(
        "--long", dest="short", action="store_const", const=False, help="the full body"
    )


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``macro`` and its actions to the ``deskside`` parser."""
    parser = subparsers.add_parser(
        "macro",
        help="list, show, render, apply, lint or create macros",
        description=(
            "Macros are TOML files in <config dir>/macros (docs/macros.md). The starter "
            "library is installed there on first use; files you edit are never overwritten."
        ),
    )
    actions = parser.add_subparsers(dest="macro_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list macros, filtered by stage, language ...")
    listing.add_argument("--stage", choices=_STAGES, metavar="S", help="only macros for stage S")
    listing.add_argument(
        "--lang", type=_language, metavar="L", help="only macros with a text in language L"
    )
    listing.add_argument("--reason", metavar="R", help="only macros for contact reason R")
    listing.add_argument(
        "--channel", choices=_CHANNELS, metavar="C", help="only macros suited to channel C"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=list_command)

    show = actions.add_parser("show", help="a macro's texts in every language and its actions")
    show.add_argument("macro", metavar="ID")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(handler=show_command)

    render = actions.add_parser(
        "render", help="render a macro for a ticket, exactly as the customer would get it"
    )
    render.add_argument("macro", metavar="ID")
    render.add_argument("--ticket", required=True, metavar="T", help='the ticket ("123", "#123")')
    render.add_argument(
        "--lang", type=_language, metavar="L", help="this language (default: the ticket's)"
    )
    _form_options(render)
    render.add_argument("--json", action="store_true", help="print a JSON object")
    profile_option(render)
    render.set_defaults(handler=render_command)

    apply = actions.add_parser(
        "apply",
        help="apply a macro to tickets through the outbox (reply, note and field changes)",
        description=(
            "Render the macro for each ticket and queue the reply (with the macro's field "
            "changes) and its internal note in the outbox; the console or `deskside outbox "
            "deliver` sends them. One ticket's error never stops the others. Exit codes: "
            "0 every ticket queued, 1 some failed, 2 bad input, 3 no such macro or ticket."
        ),
    )
    apply.add_argument("macro", metavar="ID")
    targets = apply.add_mutually_exclusive_group(required=True)
    targets.add_argument(
        "--ticket",
        dest="tickets",
        nargs="+",
        action="extend",
        metavar="T",
        help="one or more tickets",
    )
    targets.add_argument("--query", "-q", metavar="Q", help="every ticket a queue query finds")
    apply.add_argument(
        "--limit",
        type=_positive,
        default=DEFAULT_APPLY_LIMIT,
        metavar="N",
        help=f"refuse a query matching more than N tickets (default {DEFAULT_APPLY_LIMIT})",
    )
    apply.add_argument(
        "--lang", type=_language, metavar="L", help="this language (default: each ticket's)"
    )
    _form_options(apply)
    apply.add_argument(
        "--dry-run", action="store_true", help="show what would be queued; write nothing"
    )
    apply.add_argument(
        "-y", "--yes", action="store_true", help="do not ask before applying to several tickets"
    )
    apply.add_argument("--json", action="store_true", help="print a JSON object")
    profile_option(apply)
    apply.set_defaults(handler=apply_command)

    lint = actions.add_parser(
        "lint",
        help="render every macro in every language against sample contexts",
        description=(
            "Load every macro file and render each text (body, short variant, note) in "
            "each language it has against a sample context; print file:line errors. "
            "Exit 1 on any error."
        ),
    )
    lint.add_argument(
        "--library",
        action="store_true",
        help="only the library shipped with deskside (what `make test` checks)",
    )
    lint.set_defaults(handler=lint_command)

    new = actions.add_parser("new", help="write a commented scaffold for a new macro")
    new.add_argument("macro", metavar="ID", help="the new macro's id (also the file name)")
    new.add_argument("--title", metavar="TEXT")
    new.add_argument("--stage", choices=_STAGES, metavar="S")
    new.set_defaults(handler=new_command)


# -- shared ----------------------------------------------------------------------------------------


def _macros() -> MacroSet:
    """The user's macros (the library installed first), problems reported on stderr."""
    from console.core.macros import install_library, load_macros

    install_library()
    macros = load_macros(strict=False)
    if macros.problems:
        count = len(macros.problems)
        print(
            f"deskside: {count} macro problem{'s' * (count != 1)} ({macros.problems[0]}); "
            "see `deskside macro lint`",
            file=sys.stderr,
        )
    return macros


def _actions_json(macro: MacroSpec) -> dict[str, Any]:
    actions = macro.actions
    return {
        "status": actions.status.value if actions.status else None,
        "priority": actions.priority.value if actions.priority else None,
        "assignee": actions.assignee,
        "group": actions.group,
        "tags_add": list(actions.tags_add),
        "tags_remove": list(actions.tags_remove),
        "stage": actions.stage.value if actions.stage else None,
        "note": actions.note,
        "promised_by": actions.promised_by,
    }


def macro_json(macro: MacroSpec, *, texts: bool = False) -> dict[str, Any]:
    """A macro as JSON-ready data (``texts``: with its bodies and short variants)."""
    data: dict[str, Any] = {
        "id": macro.id,
        "title": macro.title,
        "description": macro.description,
        "stages": [stage.value for stage in macro.stages],
        "reasons": list(macro.reasons),
        "channels": [channel.value for channel in macro.channels],
        "languages": list(macro.languages),
        "short_languages": list(macro.short_languages),
        "favourite": macro.favourite,
        "actions": _actions_json(macro),
        "file": str(macro.path),
        "line": macro.line,
    }
    if texts:
        data["bodies"] = {lang: macro.bodies[lang] for lang in macro.languages}
        data["short"] = {lang: macro.short[lang] for lang in macro.short_languages}
    return data


def _changes_json(changes: TicketUpdate) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple | list) else value
        for name, value in msgspec.to_builtins(changes).items()
        if value not in ((), [])
    }


def _resolve_ticket(workspace: Workspace, text: str) -> int:
    ref = parse_ticket_ref(text)
    if ref.profile and ref.profile != workspace.profile:
        raise UserError(
            f"ticket {ref.profile}:{ref.number} belongs to profile {ref.profile!r}, "
            f"not {workspace.profile!r}",
            exit_code=EXIT_USAGE,
        )
    found = find_ticket(workspace.conn, ref.number)
    if found is None:
        raise UserError(
            f"no ticket {ref.number} in profile {workspace.profile!r}", exit_code=EXIT_NOT_FOUND
        )
    return found


def _profile_of(args: argparse.Namespace, tickets: Sequence[str]) -> str | None:
    if args.profile:
        return str(args.profile)
    for text in tickets:
        prefix, colon, _ = text.partition(":")
        if colon and prefix:
            return prefix
    return None


def _form(rendered: Rendered) -> str:
    parts = [rendered.lang]
    if rendered.short:
        parts.append("short")
    if rendered.fell_back:
        parts.append(f"no {rendered.wanted_lang} text")
    return ", ".join(parts)


# -- list and show ---------------------------------------------------------------------------------


def list_command(args: argparse.Namespace) -> int:
    """List the macros, filtered by ``--stage``, ``--lang``, ``--reason``, ``--channel``."""
    macros = _macros()
    found = macros.select(
        stage=args.stage, reason=args.reason, lang=args.lang, channel=args.channel
    )
    if args.json:
        print_json([macro_json(macro) for macro in found])
        return EXIT_OK
    console = make_console()
    if found:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("ID", no_wrap=True)
        table.add_column("Stages", no_wrap=True)
        table.add_column("Reasons")
        table.add_column("Languages", no_wrap=True)
        table.add_column("Key", justify="right", no_wrap=True)
        table.add_column("Title", ratio=1)
        for macro in found:
            table.add_row(
                Text(macro.id),
                Text(" ".join(s.value for s in macro.stages) or "any"),
                Text(" ".join(macro.reasons) or "any"),
                Text(" ".join(macro.languages)),
                Text(f"ctrl+{macro.favourite}" if macro.favourite else ""),
                Text(macro.title),
            )
        console.print(table)
    console.print(Text(f"{len(found)} of {len(macros)} macros", style="dim"))
    return EXIT_OK


def show_command(args: argparse.Namespace) -> int:
    """Print one macro: where it is, what it is for, its actions and every text."""
    macro = _macros().get(args.macro)
    if args.json:
        print_json(macro_json(macro, texts=True))
        return EXIT_OK
    console = make_console()
    console.print(Text(f"{macro.id} — {macro.title}", style="bold"))
    console.print(Text(f"{macro.path}:{macro.line or '?'}", style="dim"))
    if macro.description:
        console.print(Text(macro.description))
    facts = [
        ("stages", " ".join(s.value for s in macro.stages) or "any"),
        ("reasons", " ".join(macro.reasons) or "any"),
        ("channels", " ".join(c.value for c in macro.channels) or "any"),
    ]
    if macro.favourite:
        facts.append(("key", f"ctrl+{macro.favourite}"))
    for name, value in _actions_json(macro).items():
        if value not in (None, []) and name != "note":
            facts.append((name, " ".join(value) if isinstance(value, list) else str(value)))
    for name, value in facts:
        line = Text(f"{name}: ", style="dim")
        line.append(value)
        console.print(line)
    if macro.actions.note:
        console.print(Text("note:", style="dim"))
        console.print(Text(macro.actions.note))
    for lang in macro.languages:
        console.print(Text(f"\n[{lang}]", style="bold cyan"))
        console.print(Text(macro.bodies[lang].strip("\n")))
        if lang in macro.short:
            console.print(Text(f"[{lang}, short]", style="bold cyan"))
            console.print(Text(macro.short[lang].strip("\n")))
    return EXIT_OK


# -- render ----------------------------------------------------------------------------------------


def render_command(args: argparse.Namespace) -> int:
    """Render a macro for one ticket and print the text (stdout) and how it was chosen (stderr)."""
    from console.core.macros import changes_for, macro_context, render_for

    macro = _macros().get(args.macro)
    with opened(_profile_of(args, [args.ticket])) as (config, workspace):
        ticket_id = _resolve_ticket(workspace, args.ticket)
        context = macro_context(workspace, ticket_id, now=datetime.now(UTC), config=config)
        rendered = render_for(macro, context, lang=args.lang, short=args.short)
        changes = changes_for(workspace, rendered, ticket_id=ticket_id)
    if args.json:
        print_json(
            {
                "macro": macro.id,
                "ticket": parse_ticket_ref(args.ticket).number,
                "lang": rendered.lang,
                "wanted_lang": rendered.wanted_lang,
                "short": rendered.short,
                "text": rendered.text,
                "note": rendered.note,
                "changes": _changes_json(changes),
            }
        )
        return EXIT_OK
    if rendered.fell_back:
        print(
            f"deskside: macro {macro.id} has no {rendered.wanted_lang!r} text; "
            f"rendered in {rendered.lang!r}",
            file=sys.stderr,
        )
    sys.stdout.write(rendered.text + "\n")
    if rendered.note:
        sys.stdout.write(f"\n--- internal note ---\n{rendered.note}\n")
    sys.stdout.flush()
    return EXIT_OK


# -- apply -----------------------------------------------------------------------------------------


def _targets(args: argparse.Namespace, workspace: Workspace) -> list[int]:
    if args.tickets:
        return list(dict.fromkeys(_resolve_ticket(workspace, text) for text in args.tickets))
    try:
        source = workspace.queue(args.query)
    except QueryError as error:
        raise UserError(f"query: {error}", exit_code=EXIT_USAGE) from None
    total = source.count()
    if total > args.limit:
        raise UserError(
            f"the query matches {total} tickets, more than --limit {args.limit}; "
            "narrow it or raise --limit",
            exit_code=EXIT_USAGE,
        )
    return [row.id for row in source.page(0, total)]


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _confirmed(question: str) -> bool:
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except (EOFError, OSError):
        return False
    return answer.strip().lower() in ("y", "yes")


def _plan_json(plan: TicketPlan) -> dict[str, Any]:
    rendered = plan.rendered
    return {
        "ticket": plan.number,
        "ok": plan.ok,
        "lang": rendered.lang if rendered else None,
        "short": rendered.short if rendered else None,
        "text": rendered.text if rendered else None,
        "note": rendered.note if rendered else None,
        "changes": _changes_json(plan.changes) if plan.ok else None,
        "reply_outbox_id": None,
        "note_outbox_id": None,
        "error": plan.error,
    }


def _describe_changes(changes: TicketUpdate) -> str:
    shown = []
    for name, value in _changes_json(changes).items():
        shown.append(f"{name}={','.join(value) if isinstance(value, list) else value}")
    return ", ".join(shown) or "no field changes"


def apply_command(args: argparse.Namespace) -> int:
    """Apply a macro to tickets: plan (render) every one, then queue them, or just show them."""
    from console.core.macros import plan_apply, queue_plans

    macro = _macros().get(args.macro)
    with opened(_profile_of(args, args.tickets or [])) as (config, workspace):
        targets = _targets(args, workspace)
        if not targets:
            print("deskside: no tickets to apply the macro to", file=sys.stderr)
            return EXIT_OK
        if workspace.read_only and not args.dry_run:
            raise UserError(
                f"profile {workspace.profile!r} is read-only (read_only = true in the config)",
                exit_code=EXIT_USAGE,
            )
        plans = plan_apply(
            workspace, macro, targets, config=config, lang=args.lang, short=args.short
        )
        failed = sum(not plan.ok for plan in plans)
        if args.dry_run:
            return _report_dry_run(args, macro, plans, failed)
        needs_asking = args.query is not None or len(targets) > 1
        if needs_asking and not args.yes:
            question = f"Apply macro {macro.id} to {len(targets)} tickets?"
            if not _stdin_is_tty():
                raise UserError(f"pass --yes to apply without asking ({question})", exit_code=2)
            if not _confirmed(question):
                print("deskside: nothing applied", file=sys.stderr)
                return EXIT_FAILED
        results = queue_plans(workspace, plans)
    queued = sum(result.ok for result in results)
    if args.json:
        items = []
        for result in results:
            item = _plan_json(result.plan)
            item["ok"] = result.ok
            item["error"] = result.error
            item["reply_outbox_id"] = result.reply.id if result.reply else None
            item["note_outbox_id"] = result.note.id if result.note else None
            items.append(item)
        print_json(
            {
                "macro": macro.id,
                "dry_run": False,
                "queued": queued,
                "failed": len(results) - queued,
                "tickets": items,
            }
        )
    else:
        for result in results:
            number = result.plan.number
            if result.ok and result.reply is not None and result.plan.rendered is not None:
                note = f" + note {result.note.id}" if result.note else ""
                print(
                    f"#{number} queued reply {result.reply.id}{note} "
                    f"({_form(result.plan.rendered)}): {_describe_changes(result.plan.changes)}"
                )
            else:
                print(f"#{number} failed: {result.error}")
        print(
            f"macro {macro.id}: {queued} queued, {len(results) - queued} failed "
            f"(of {len(results)}); the console or `deskside outbox deliver` sends them"
        )
    return EXIT_OK if queued == len(results) else EXIT_FAILED


def _report_dry_run(
    args: argparse.Namespace, macro: MacroSpec, plans: list[TicketPlan], failed: int
) -> int:
    if args.json:
        print_json(
            {
                "macro": macro.id,
                "dry_run": True,
                "queued": 0,
                "failed": failed,
                "tickets": [_plan_json(plan) for plan in plans],
            }
        )
        return EXIT_OK if not failed else EXIT_FAILED
    console = make_console()
    for plan in plans:
        rendered = plan.rendered
        if not plan.ok or rendered is None:
            console.print(
                Text(f"#{plan.number} would fail: {plan.error}", style="red"), soft_wrap=True
            )
            continue
        head = Text(f"#{plan.number} would queue a reply ({_form(rendered)})", style="bold")
        if rendered.note:
            head.append(" and an internal note")
        console.print(head, soft_wrap=True)
        console.print(
            Text(f"  changes: {_describe_changes(plan.changes)}", style="dim"), soft_wrap=True
        )
        for line in rendered.text.splitlines():
            console.print(Text(f"  | {line}"), soft_wrap=True)
        if rendered.note:
            console.print(Text(f"  note: {rendered.note}", style="dim"), soft_wrap=True)
    console.print(
        Text(
            f"dry run: macro {macro.id} on {len(plans)} tickets: "
            f"{len(plans) - failed} would be queued, {failed} would fail; nothing was written",
            style="dim",
        ),
        soft_wrap=True,
    )
    return EXIT_OK if not failed else EXIT_FAILED


# -- lint and new ----------------------------------------------------------------------------------


def _print_report(report: LintReport) -> None:
    for error in report.errors:
        print(error)
    print(
        f"{report.label}: {report.files} files, {report.macros} macros, "
        f"{report.renders} texts rendered, {len(report.errors)} "
        f"error{'s' * (len(report.errors) != 1)}"
    )


def lint_command(args: argparse.Namespace) -> int:
    """Lint the shipped library and (unless ``--library``) the user's macro files."""
    from console.core.macros import lint_library, lint_user_macros

    reports = [lint_library()]
    if not args.library:
        reports.append(lint_user_macros())
    for report in reports:
        _print_report(report)
    return EXIT_OK if all(report.ok for report in reports) else EXIT_FAILED


def new_command(args: argparse.Namespace) -> int:
    """Write a scaffold for a new macro and say where."""
    from console.core.macros import install_library, new_macro

    install_library()
    path = new_macro(args.macro, title=args.title, stage=args.stage)
    print(str(path))
    print(
        f"deskside: wrote a scaffold for macro {args.macro}; edit it, then run "
        "`deskside macro lint`",
        file=sys.stderr,
    )
    return EXIT_OK
