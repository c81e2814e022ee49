"""Assign, status, priority, tags and links: the same keys on the queue and on a ticket.

The queue applies them to the marked tickets (or the one under the cursor), the
ticket screen to its ticket; both queue one outbox row per ticket, guarded by the
version the agent saw. A screen mixes this in and says which tickets and what to
do once the writes are queued.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from api_client.models import Priority, Status, TicketUpdate
from console.core.actions import parse_tag_edit, queue_update
from console.core.errors import UserError
from console.core.outbox import Outbox
from console.core.workspace import Workspace

if TYPE_CHECKING:
    from console.core.workflow import Workflow

__all__ = ["FIELD_BINDINGS", "FieldActions"]


def _bindings(scope: str) -> list[BindingType]:
    return [
        Binding("a", "assign", "Assign", id=f"{scope}.assign", tooltip="Assign to an agent"),
        Binding("s", "status", "Status", id=f"{scope}.status", tooltip="Set the status"),
        Binding("p", "priority", "Priority", id=f"{scope}.priority", show=False),
        Binding("t", "tags", "Tags", id=f"{scope}.tags", tooltip="Add or remove tags"),
        Binding(
            "o",
            "open_web",
            "Web",
            id=f"{scope}.open_web",
            show=False,
            tooltip="Open in the helpdesk's web UI",
        ),
        Binding(
            "y",
            "copy_ref",
            "Copy",
            id=f"{scope}.copy",
            show=False,
            tooltip="Copy the ticket number or URL",
        ),
    ]


FIELD_BINDINGS: dict[str, list[BindingType]] = {
    "queue": _bindings("queue"),
    "ticket": _bindings("ticket"),
}


class FieldActions(Screen[None]):
    """Mixed into a screen with a ``workspace``; it supplies ``field_targets``."""

    workspace: Workspace
    BINDINGS: ClassVar[list[BindingType]] = []

    class Changed(Message):
        """Writes were queued in the outbox (the deliverer should wake up)."""

    def field_targets(self) -> list[int]:
        raise NotImplementedError

    def fields_queued(self) -> None:
        """Called after writes were queued (clear marks, refresh the status...)."""

    # -- queuing ------------------------------------------------------------------------

    def _queue(self, changes: TicketUpdate, what: str) -> None:
        targets = self.field_targets()
        if not targets:
            self.notify("No ticket to change.", severity="warning")
            return
        if self.workspace.read_only_for(targets):
            self.notify("This profile or account is read-only.", severity="warning")
            return
        outbox = Outbox(self.workspace.conn, self.workspace.profile)
        entries = queue_update(outbox, targets, changes, agent_id=self.workspace.me_id)
        self.post_message(self.Changed())
        self.notify(f"{what} queued for {len(entries)} ticket{'s' * (len(entries) != 1)}.")
        self.fields_queued()

    def _choose(
        self, title: str, options: list[tuple[str, str]], apply: Callable[[str], None]
    ) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                apply(value)

        from screens.modals import ChoiceModal

        self.app.push_screen(ChoiceModal(title, options), chosen)

    def _count_label(self) -> str:
        count = len(self.field_targets())
        return f"{count} ticket{'s' * (count != 1)}"

    # -- the actions ----------------------------------------------------------------------

    def action_assign(self) -> None:
        if self.workspace.accounts:
            self._assign_in_account()
            return
        desk = self.workspace.desk
        me = desk.agent(self.workspace.me_id)
        agents = [(me.id, f"Me ({me.name})"), ("none", "Nobody (unassign)")]
        agents += [(a.id, a.name) for a in desk.agents() if a.active and a.id != me.id]

        def apply(value: str) -> None:
            assignee = None if value == "none" else value
            self._queue(TicketUpdate(assignee_id=assignee), "Assignment")

        self._choose(f"Assign {self._count_label()} to", agents, apply)

    def _assign_in_account(self) -> None:
        """A combined profile: only agents of the tickets' own account (one at a time)."""
        from console.core.accounts import assignable_agents  # remote profiles only

        try:
            account, agents = assignable_agents(self.workspace, self.field_targets())
        except UserError as problem:
            self.notify(str(problem), severity="warning", markup=False)
            return

        def apply(value: str) -> None:
            self._queue(TicketUpdate(assignee_id=None if value == "none" else value), "Assignment")

        choices = [*agents[:1], ("none", "Nobody (unassign)"), *agents[1:]]
        self._choose(f"Assign {self._count_label()} ({account}) to", choices, apply)

    def workflow(self) -> Workflow:
        """The six-stage workflow over this screen's store (writes go through the outbox)."""
        from console.core.workflow import Workflow  # loaded on first use, not at start

        return Workflow(
            self.workspace.conn,
            Outbox(self.workspace.conn, self.workspace.profile),
            agent_id=self.workspace.me_id,
            clock=self.workspace.clock,
            mirror_tags=self.workspace.mirror_stage_tags,
        )

    def action_status(self) -> None:
        options = [(s.value, s.value.replace("_", " ")) for s in Status]
        self._choose(
            f"Status for {self._count_label()}", options, lambda v: self.set_status(Status(v))
        )

    def set_status(self, status: Status) -> None:
        """Change the status; solving before the customer confirmed needs a reason."""
        targets = self.field_targets()
        if self.workspace.read_only_for(targets):
            self.notify("This profile or account is read-only.", severity="warning")
            return
        workflow = self.workflow()
        guarded = [t for t in targets if workflow.guard_close(t, status).needs_override]
        free = [t for t in targets if t not in guarded]
        if free:
            outbox = Outbox(self.workspace.conn, self.workspace.profile)
            queue_update(outbox, free, TicketUpdate(status=status), agent_id=self.workspace.me_id)
            for ticket_id in free:
                workflow.closed(ticket_id, status)
        if not guarded:
            self._queued(f"Status change queued for {len(free)} ticket{'s' * (len(free) != 1)}.")
            return

        def reason_given(reason: str | None) -> None:
            if not reason or not reason.strip():
                self.notify("Not closed: an override needs a reason.", severity="warning")
                self._queued("")
                return
            for ticket_id in guarded:
                workflow.close_with_override(ticket_id, status, reason.strip())
            self._queued(
                f"{status.value.capitalize()} with an override note: {len(guarded)} ticket"
                f"{'s' * (len(guarded) != 1)}."
            )

        from screens.modals import TextModal

        count = len(guarded)
        self.app.push_screen(
            TextModal(
                f"{count} ticket{'s' * (count != 1)} not confirmed by the customer yet. "
                f"Why {status.value} now? (saved as an internal note)",
                placeholder="customer confirmed by phone · duplicate · spam",
            ),
            reason_given,
        )

    def _queued(self, message: str) -> None:
        self.post_message(self.Changed())
        if message:
            self.notify(message)
        self.fields_queued()

    def action_priority(self) -> None:
        options = [(p.value, p.value) for p in Priority]
        self._choose(
            f"Priority for {self._count_label()}",
            options,
            lambda v: self._queue(TicketUpdate(priority=Priority(v)), "Priority change"),
        )

    def action_tags(self) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return
            try:
                changes = parse_tag_edit(text)
            except UserError as problem:
                self.notify(str(problem), severity="error", markup=False)
                return
            self._queue(changes, "Tag change")

        from screens.modals import TextModal

        self.app.push_screen(
            TextModal(f"Tags for {self._count_label()}", placeholder="vip urgent -spam"), typed
        )

    def _first_target(self) -> tuple[str, str | None] | None:
        targets = self.field_targets()
        if not targets:
            return None
        ticket = self.workspace.desk.ticket(targets[0])
        return ticket.id.partition(":")[2], ticket.url

    def action_copy_ref(self) -> None:
        found = self._first_target()
        if found is None:
            return
        number, url = found
        self.app.copy_to_clipboard(url or f"#{number}")
        self.notify(f"Copied {url or '#' + number}", timeout=2, markup=False)

    def action_open_web(self) -> None:
        found = self._first_target()
        if found is None:
            return
        _, url = found
        if not url:
            self.notify("This helpdesk has no web page for the ticket.", severity="warning")
            return
        if not url.startswith(("https://", "http://")):
            self.notify(f"Not opening {url!r}: only http(s) links.", severity="error", markup=False)
            return

        import webbrowser

        from screens.modals import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                webbrowser.open(url)

        # Links open only after the whole address was shown and confirmed.
        self.app.push_screen(ConfirmModal(f"Open this address in your browser?\n\n{url}"), answered)
