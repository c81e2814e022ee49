"""Applying a macro to one ticket or many: render each, then queue each through the outbox.

Applying is two steps so the console and ``deskside macro apply --dry-run`` can
show exactly what would be sent before anything is: :func:`plan_apply` renders
the reply for every ticket (in that ticket's language and channel form) and works
out its field changes; :func:`queue_plans` turns each good plan into outbox rows
(a public reply carrying the changes, guarded by the version the store holds,
then the internal note if the macro has one). Nothing here writes to a ticket
directly: the deliverer sends the rows, so a bulk apply is never lost and a
ticket someone changed meanwhile becomes a visible conflict.

One ticket's problem (a missing variable, a deleted ticket) never stops the
others; each plan and result says how its ticket fared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from msgspec import UNSET, UnsetType

from api_client.models import TicketUpdate, qualify
from console.core.config import Config
from console.core.errors import UserError
from console.core.macros.context import macro_context
from console.core.macros.model import MacroSpec
from console.core.macros.render import Rendered, render_for
from console.core.outbox import Outbox, OutboxEntry
from console.core.workspace import Workspace

__all__ = ["TicketPlan", "TicketResult", "changes_for", "plan_apply", "queue_plans"]

EXIT_USAGE = 2

_NONE_WORDS = frozenset({"none", "nobody", "unassigned"})


@dataclass(frozen=True)
class TicketPlan:
    """What applying a macro to one ticket would do (or why it cannot)."""

    ticket_id: int
    number: str
    """The ticket number the agent sees."""
    rendered: Rendered | None
    changes: TicketUpdate
    expected_version: str | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.rendered is not None


@dataclass(frozen=True)
class TicketResult:
    """How queuing one plan went: its outbox rows, or the error."""

    plan: TicketPlan
    reply: OutboxEntry | None = None
    note: OutboxEntry | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.reply is not None


class _Directory:
    """Agents and groups by login and name, read once per apply.

    In a combined profile each account has its own agents and groups: ``account``
    picks them, with ids qualified by it (``shop_de:7``) so delivery can check them.
    """

    def __init__(self, workspace: Workspace, account: str = "") -> None:
        self.workspace = workspace
        self.account = account
        self._groups: dict[str, str] | None = None

    def _in_account(self, sql: str, value: object) -> str | None:
        row = self.workspace.conn.execute(
            f"SELECT remote_id FROM {sql} AND account = ? AND remote_id IS NOT NULL LIMIT 1",
            (value, self.account),
        ).fetchone()
        return None if row is None else qualify(self.account, str(row[0]))

    def assignee(self, value: str) -> str | None:
        if value.lower() in _NONE_WORDS:
            return None
        if self.account:
            found = None
            if value.lower() == "me":
                me = self.workspace.me_in(self.account)
                found = None if me is None else self._in_account("agents WHERE id = ?", me)
            else:
                found = self._in_account("agents WHERE login = ? COLLATE NOCASE", value)
            if found is None:
                raise UserError(
                    f"no agent {value!r} in account {self.account!r} (actions.assignee)"
                )
            return found
        desk = self.workspace.desk
        if value.lower() == "me":
            return desk.agent(self.workspace.me_id).id
        agent = desk.agent_by_login(value)
        if agent is None:
            raise UserError(f"no agent with login {value!r} (actions.assignee)")
        return agent.id

    def group(self, value: str) -> str | None:
        if value.lower() in _NONE_WORDS:
            return None
        if self.account:
            found_group = self._in_account("groups WHERE name = ? COLLATE NOCASE", value)
            if found_group is None:
                raise UserError(f"no group {value!r} in account {self.account!r} (actions.group)")
            return found_group
        if self._groups is None:
            self._groups = {g.name.casefold(): g.id for g in self.workspace.desk.groups()}
        found = self._groups.get(value.casefold())
        if found is None:
            raise UserError(f"no group named {value!r} (actions.group)")
        return found


def changes_for(
    workspace: Workspace,
    rendered: Rendered,
    *,
    directory: _Directory | None = None,
    ticket_id: int | None = None,
) -> TicketUpdate:
    """The field changes of a rendered macro, with assignee and group resolved to ids.

    ``ticket_id``: in a combined profile, whose account's agents and groups to use.
    """
    if directory is None or (workspace.accounts and ticket_id is not None):
        account = workspace.account_of(ticket_id) if ticket_id is not None else ""
        directory = _Directory(workspace, account if workspace.accounts else "")
    actions = rendered.actions
    assignee: str | UnsetType | None = UNSET
    group: str | UnsetType | None = UNSET
    if actions.assignee is not None:
        assignee = directory.assignee(actions.assignee)
    if actions.group is not None:
        group = directory.group(actions.group)
    promised = rendered.promised_by
    return TicketUpdate(
        status=UNSET if actions.status is None else actions.status,
        priority=UNSET if actions.priority is None else actions.priority,
        assignee_id=assignee,
        group_id=group,
        tags_add=tuple(t.lower() for t in actions.tags_add),
        tags_remove=tuple(t.lower() for t in actions.tags_remove),
        stage=UNSET if actions.stage is None else actions.stage,
        promised_by=UNSET if promised is None else promised.astimezone(UTC),
    )


def _number(workspace: Workspace, ticket_id: int) -> str | None:
    row = workspace.conn.execute(
        "SELECT coalesce(remote_id, CAST(id AS TEXT)) FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def plan_apply(
    workspace: Workspace,
    macro: MacroSpec,
    ticket_ids: Iterable[int],
    *,
    config: Config,
    now: datetime | None = None,
    lang: str | None = None,
    short: bool | None = None,
) -> list[TicketPlan]:
    """Render ``macro`` for each ticket and work out its changes; nothing is written.

    ``lang`` forces a language (else each ticket's own, see
    :func:`~console.core.macros.render.choose_language`); ``short`` forces the short
    or long form (else by each ticket's channel).
    """
    moment = now or workspace.clock()
    directory = _Directory(workspace)
    plans: list[TicketPlan] = []
    for ticket_id in ticket_ids:
        number = _number(workspace, ticket_id)
        if number is None:
            plans.append(
                TicketPlan(ticket_id, str(ticket_id), None, TicketUpdate(), None, "no such ticket")
            )
            continue
        try:
            context = macro_context(workspace, ticket_id, now=moment, config=config)
            rendered = render_for(macro, context, lang=lang, short=short)
            changes = changes_for(workspace, rendered, directory=directory, ticket_id=ticket_id)
        except UserError as error:  # MacroError is one: it names file, line and language
            plans.append(TicketPlan(ticket_id, number, None, TicketUpdate(), None, str(error)))
            continue
        plans.append(
            TicketPlan(
                ticket_id=ticket_id,
                number=number,
                rendered=rendered,
                changes=changes,
                expected_version=context.ticket.version or None,
            )
        )
    return plans


def queue_plans(workspace: Workspace, plans: Iterable[TicketPlan]) -> list[TicketResult]:
    """Queue each good plan: the reply with its changes, then the internal note.

    Plans that failed are passed through as failed results. Raises :class:`UserError`
    (exit 2) when the profile is read-only, before queuing anything.
    """
    if workspace.read_only:
        raise UserError(
            f"profile {workspace.profile!r} is read-only (read_only = true in the config)",
            exit_code=EXIT_USAGE,
        )
    outbox = Outbox(workspace.conn, workspace.profile)
    results: list[TicketResult] = []
    for plan in plans:
        if not plan.ok or plan.rendered is None:
            results.append(TicketResult(plan, error=plan.error or "not rendered"))
            continue
        try:
            reply = outbox.enqueue_message(
                plan.ticket_id,
                body=plan.rendered.text,
                public=True,
                changes=plan.changes,
                expected_version=plan.expected_version,
                agent_id=workspace.me_id,
            )
        except UserError as error:
            results.append(TicketResult(plan, error=str(error)))
            continue
        note = None
        if plan.rendered.note:
            try:
                note = outbox.enqueue_message(
                    plan.ticket_id,
                    body=plan.rendered.note,
                    public=False,
                    agent_id=workspace.me_id,
                )
            except UserError as error:
                results.append(TicketResult(plan, reply=reply, error=f"note: {error}"))
                continue
        results.append(TicketResult(plan, reply=reply, note=note))
    return results
