"""TicketScreen: one ticket's header, thread and composer, read from the store.

Replies go through the outbox. What the agent types is saved as a draft a second
after typing stops, when leaving the ticket, before sending, and when the terminal
hangs up. All customer text is shown as ``Text`` objects: never parsed as markup.

Opening a ticket must feel instant, so the app keeps one TicketScreen per mode and
turns it to the next ticket (:func:`open_ticket_screen`) instead of composing a new
screen each time; the first frame has the header, stage bar, the newest messages
and the composer, and the customer pane is filled right after it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message as TextualMessage
from textual.timer import Timer
from textual.widgets import Static

from api_client.models import (
    Customer,
    Stage,
    Status,
    Ticket,
    TicketUpdate,
)
from console.core.actions import merge_updates
from console.core.customer import CustomerSummary, customer_summary
from console.core.drafts import DraftStore
from console.core.errors import UserError
from console.core.outbox import Outbox, OutboxState
from console.core.spark import sparkline
from console.core.timefmt import countdown, parse_when
from console.core.workflow import StageChange, WorkflowError, stage_focus
from console.core.workspace import Workspace
from screens.field_actions import FIELD_BINDINGS, FieldActions
from screens.modals import TextModal
from screens.widgets.composer import Composer
from screens.widgets.customer_pane import CustomerPane
from screens.widgets.message_view import ThreadItem
from screens.widgets.stage_bar import StageBar
from screens.widgets.steady_footer import SteadyFooter
from screens.widgets.thread import Thread

if TYPE_CHECKING:
    from screens.macro_picker import Picked

__all__ = ["TicketScreen", "open_ticket_screen"]

DRAFT_DELAY = 1.0
"""Seconds after the last keystroke before the draft is saved."""


class TicketScreen(FieldActions):
    """The ticket the agent is working on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="ticket.back"),
        Binding("R", "compose(True)", "Reply", id="ticket.reply"),
        Binding("N", "compose(False)", "Note", id="ticket.note"),
        Binding("E", "expand_all", "Expand all", id="ticket.expand_all", show=False),
        Binding("c,f2", "toggle_customer", "Customer", id="ticket.toggle_customer"),
        Binding("m", "macro", "Macro", id="ticket.macro", tooltip="Pick a prepared answer"),
        *(
            Binding(
                f"ctrl+{n}",
                f"favourite({n})",
                f"Macro {n}",
                id=f"ticket.favourite_{n}",
                show=False,
                tooltip=f"Insert favourite macro {n} (favourite = {n} in its file)",
            )
            for n in range(1, 10)
        ),
        Binding("right_square_bracket", "stage_next", "Next stage", id="ticket.stage_next"),
        Binding(
            "left_square_bracket", "stage_back", "Prev stage", id="ticket.stage_back", show=False
        ),
        Binding("x", "checklist", "Checklist", id="ticket.checklist", show=False),
        Binding(
            "C",
            "mark_confirmed",
            "Confirmed",
            id="ticket.confirmed",
            show=False,
            tooltip="The customer confirmed they are satisfied",
        ),
        *FIELD_BINDINGS["ticket"],
        Binding("ctrl+right", "customer_wider", "Wider", id="ticket.customer_wider", show=False),
        Binding(
            "ctrl+left", "customer_narrower", "Narrower", id="ticket.customer_narrower", show=False
        ),
    ]

    DEFAULT_CSS = """
    TicketScreen #header { height: auto; background: $panel; padding: 0 1; }
    TicketScreen #body { height: 1fr; }
    TicketScreen #thread { padding: 0 1; width: 1fr; }
    TicketScreen Composer { display: none; }
    TicketScreen Composer.-open { display: block; }
    """

    class Next(TextualMessage):
        """The agent is done here: open the next ticket of the current view."""

        def __init__(self, ticket_id: int) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    class CustomerOpened(TextualMessage):
        """A ticket opened beside this customer (the app may read their orders again)."""

        def __init__(self, customer_id: int) -> None:
            super().__init__()
            self.customer_id = customer_id
            """The customer's row id in the store."""

    def __init__(self, workspace: Workspace, ticket_id: int) -> None:
        super().__init__()
        self.workspace = workspace
        self.ticket_id = ticket_id
        self.drafts = DraftStore(workspace.conn, workspace.me_login)
        self.outbox = Outbox(workspace.conn, workspace.profile)
        self._draft_timer: Timer | None = None
        self._dirty = False
        self._picked: list[Picked] = []
        """Macros inserted into the reply being written (their stages move the ticket)."""
        self._composer = Composer()
        self._customer_due: CustomerSummary | None = None
        """The customer to draw after the next frame (the pane is the costliest part)."""
        self._opened_hidden = False
        """Turned to a ticket while not shown: scroll its thread once shown and laid out."""

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield StageBar(id="stage")
        with Horizontal(id="body"):
            yield Thread(id="thread")
            yield CustomerPane(id="customer", clock=self.workspace.clock)
        yield self._composer
        yield SteadyFooter()

    @property
    def composer(self) -> Composer:
        return self._composer

    @property
    def thread(self) -> Thread:
        return self.query_one(Thread)

    async def on_mount(self) -> None:
        self._load_draft()
        await self.refresh_ticket()
        self._first_focus()
        self._customer_opened()

    async def show_ticket(self, workspace: Workspace, ticket_id: int) -> None:
        """Turn this (reused) screen to ``ticket_id``: nothing of the last ticket stays."""
        self.flush_drafts()
        if workspace is not self.workspace:
            self.workspace = workspace
            self.drafts = DraftStore(workspace.conn, workspace.me_login)
            self.outbox = Outbox(workspace.conn, workspace.profile)
        self.ticket_id = ticket_id
        self._picked.clear()
        self._load_draft()
        self.thread.forget()
        self._opened_hidden = not self.is_current
        await self.refresh_ticket()
        self._first_focus()
        self._customer_opened()

    def _customer_opened(self) -> None:
        self.post_message(self.CustomerOpened(self.workspace.customer_of(self.ticket_id)))

    def orders_note(self, customer_id: int, text: str) -> None:
        """Say beside the orders why they may be out of date (if that customer is shown)."""
        self.query_one(CustomerPane).note_orders(customer_id, text)

    def _load_draft(self) -> None:
        draft = self.drafts.load(self.ticket_id)
        if draft is None:
            self.composer.load("", public=True, status=None)
        else:
            self.composer.load(draft.body, public=draft.public, status=draft.status)
        self._dirty = False

    def _first_focus(self) -> None:
        composer = self.composer
        if composer.text:
            composer.add_class("-open")
            composer.focus_editor()
            self.notify("Draft restored.", timeout=2)
        else:
            composer.remove_class("-open")
            self.thread.focus()

    async def refresh_ticket(self) -> None:
        """Re-read the ticket and its thread (on opening, after a change event or a send)."""
        if not (self.query("#header") and self.query(CustomerPane)):
            return  # not composed yet, or being torn down
        desk = self.workspace.desk
        ticket = desk.ticket(self.ticket_id)
        now = self.workspace.clock()
        summary = customer_summary(
            self.workspace.conn,
            self.workspace.profile,
            self.workspace.customer_of(self.ticket_id),
            current_ticket_id=self.ticket_id,
            now=now,
        )
        self.query_one("#header", Static).update(self._header(ticket, summary.customer, now))
        self._show_stage(now)
        states = {e.key: e for e in self.outbox.entries(ticket_id=self.ticket_id)}
        items: list[ThreadItem] = []
        for message in desk.thread(self.ticket_id):
            entry = states.pop(message.external_id, None) if message.external_id else None
            items.append(ThreadItem.of(message, now, entry.state.value if entry else None))
        for entry in states.values():
            if entry.state is not OutboxState.SENT and entry.body:
                items.append(ThreadItem.pending(entry, self.workspace.me_name))
        pane = self.query_one(CustomerPane)
        if pane.summary is not None and pane.summary.customer_id != summary.customer_id:
            pane.clear()  # not a moment with the last ticket's customer beside this one
        await self.thread.show(items, ticket=(self.workspace.profile, self.ticket_id))
        # The pane (orders, other tickets) is drawn after the first frame: right after the
        # next refresh if the screen is shown, else after the one that shows it (resume).
        self._customer_due = summary
        if self.is_current:
            self.call_after_refresh(self._show_customer)

    def on_screen_resume(self) -> None:
        if self._opened_hidden:
            self._opened_hidden = False
            self.thread.to_newest()
        if self._customer_due is not None:
            self.call_after_refresh(self._show_customer)

    def _show_customer(self) -> None:
        summary, self._customer_due = self._customer_due, None
        if summary is not None and self.query(CustomerPane):
            self.query_one(CustomerPane).show(summary)

    def _header(self, ticket: Ticket, customer: Customer, now: datetime) -> Text:
        due = countdown(ticket.due_at, now) if ticket.status.is_active else ""
        account = self.workspace.account_of(self.ticket_id)
        header = Text.assemble(
            (f"#{self.ticket_id} ", "bold"),
            (ticket.subject, "bold"),
            "\n",
            (f"{account} · ", "bold") if account else "",
            f"{customer.name}",
            f" <{customer.email}>" if customer.email else "",
            f" · {ticket.status.value} · {ticket.priority.value} · {ticket.channel.value}",
            f" · {ticket.language or '??'} · stage {ticket.stage.value}",
            f" · SLA {due}" if due else "",
        )
        if ticket.tags:
            header.append("\ntags: " + " ".join(ticket.tags), style="dim")
        mood = self.workspace.conn.execute(
            "SELECT phase, hostility, curve, signals FROM ticket_insights WHERE ticket_id = ?",
            (self.ticket_id,),
        ).fetchone()
        reasons = [
            row[0]
            for row in self.workspace.conn.execute(
                "SELECT reason FROM ticket_reasons WHERE ticket_id = ? ORDER BY reason",
                (self.ticket_id,),
            )
        ]
        if reasons:
            header.append("\nreason: " + ", ".join(reasons))
        if mood is not None:
            phase, hostility, curve, signals = mood
            angry = phase in ("rising", "peak")
            header.append("\nmood: " if not reasons else " · mood: ")
            header.append(sparkline(json.loads(curve), high=1.0), style="bold red" if angry else "")
            header.append(f" {phase} ({hostility:.2f})", style="bold red" if angry else "")
            fired = [name for name, _, _ in json.loads(signals)]
            if fired:
                header.append(" · " + ", ".join(fired[:4]), style="dim")
            if angry:
                header.append(" · listen and apologise before solving", style="italic")
        return header

    def field_targets(self) -> list[int]:
        return [self.ticket_id]

    # -- the workflow -------------------------------------------------------------------

    def _show_stage(self, now: datetime) -> None:
        workflow = self.workflow()
        stage = workflow.stage_of(self.ticket_id)
        phase = self.workspace.conn.execute(
            "SELECT phase FROM ticket_insights WHERE ticket_id = ?", (self.ticket_id,)
        ).fetchone()
        focus = stage_focus(phase[0] if phase else None, stage)
        self.query_one(StageBar).show(
            stage,
            now=now,
            since=workflow.stage_since(self.ticket_id),
            promised_by=workflow.promised_by(self.ticket_id),
            deadline=workflow.deadline(self.ticket_id),
            checklist=workflow.checklist(self.ticket_id),
            focus_hint=focus.hint,
        )

    def _stage_moved(self, change: StageChange) -> None:
        self.post_message(self.Changed())
        self.notify(f"Stage: {change.before.value} → {change.after.value} (queued).", timeout=2)
        self._show_stage(self.workspace.clock())

    def _writable(self) -> bool:
        if self.workspace.read_only:
            self.notify("Read-only: this ticket was opened to look, not to change.")
            return False
        if self.workspace.read_only_for([self.ticket_id]):
            account = self.workspace.account_of(self.ticket_id)
            self.notify(f"Read-only: account {account} is read-only (read_only = true).")
            return False
        return True

    def action_stage_next(self, promised_by: datetime | None = None) -> None:
        if not self._writable():
            return
        try:
            change = self.workflow().advance(self.ticket_id, promised_by=promised_by)
        except WorkflowError as problem:
            if problem.needs_promise:
                self._ask_promise()
                return
            self.notify(str(problem), severity="warning", markup=False)
            return
        self._stage_moved(change)

    def _ask_promise(self) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return
            try:
                when = parse_when(text, self.workspace.clock())
            except ValueError as problem:
                self.notify(str(problem), severity="error", markup=False)
                return
            self.action_stage_next(promised_by=when)

        self.app.push_screen(
            TextModal(
                "Fix: by when will it be solved? Promise as soon as you truly can.",
                placeholder="2h · today 18:00 · tomorrow 12 · 2026-11-27 10:00",
            ),
            typed,
        )

    def action_stage_back(self) -> None:
        if not self._writable():
            return
        try:
            change = self.workflow().back(self.ticket_id)
        except WorkflowError as problem:
            self.notify(str(problem), severity="warning", markup=False)
            return
        self._stage_moved(change)

    def action_checklist(self) -> None:
        workflow = self.workflow()
        items = [i for i in workflow.checklist(self.ticket_id) if not i.derived]
        if not items:
            self.notify("Nothing to tick by hand at this stage.")
            return
        options = [(i.key, f"{'☑' if i.checked else '☐'} {i.label}") for i in items]

        def toggle(key: str) -> None:
            item = next(i for i in items if i.key == key)
            workflow.check(self.ticket_id, item.stage, key, not item.checked)
            self._show_stage(self.workspace.clock())

        self._choose("Tick a checklist item", options, toggle)

    # -- macros -----------------------------------------------------------------------

    def action_macro(self) -> None:
        # Jinja and Babel load with the first macro, not with the console.
        from console.core.macros import load_macros, macro_context, render_for
        from console.core.macros.helpdesk import helpdesk_macros
        from console.core.macros.picker import rank_macros
        from screens.macro_picker import MacroPicker

        workspace = self.workspace
        macros = load_macros(strict=False)
        if macros.problems:
            self.notify(
                f"{len(macros.problems)} macro file problem(s): run `deskside macro lint`.",
                severity="warning",
                markup=False,
            )
        now = workspace.clock()
        context = macro_context(workspace, self.ticket_id, now=now, config=workspace.config)
        ticket = workspace.desk.ticket(self.ticket_id)
        facts = workspace.conn.execute(
            "SELECT (SELECT phase FROM ticket_insights WHERE ticket_id = :t), "
            "(SELECT group_concat(reason, ' ') FROM ticket_reasons WHERE ticket_id = :t)",
            {"t": self.ticket_id},
        ).fetchone()
        stage = self.workflow().stage_of(self.ticket_id)
        focus = stage_focus(facts[0], stage)
        ranked = rank_macros(
            [*macros.macros, *helpdesk_macros(workspace.conn)],
            focus=focus,
            reasons=(facts[1] or "").split(),
            lang=ticket.language,
            channel=ticket.channel.value,
        )
        hint = focus.hint if focus.hold_solutions else ""

        def picked(choice: Any) -> None:
            if choice is not None:
                self._insert_macro(choice)

        self.app.push_screen(
            MacroPicker(ranked, lambda macro: render_for(macro, context), hint=hint), picked
        )

    def action_favourite(self, number: int) -> None:
        """Insert the macro whose file says ``favourite = number``, rendered for this ticket."""
        from console.core.macros import load_macros, macro_context, render_for
        from screens.macro_picker import Picked

        macro = load_macros(strict=False).favourites().get(number)
        if macro is None:
            self.notify(f"No macro has favourite = {number}.", severity="warning")
            return
        workspace = self.workspace
        context = macro_context(
            workspace, self.ticket_id, now=workspace.clock(), config=workspace.config
        )
        try:
            rendered = render_for(macro, context)
        except UserError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        self._insert_macro(Picked(macro, rendered, apply_actions=False))

    def _insert_macro(self, choice: Picked) -> None:
        composer = self.composer
        if not composer.has_class("-open"):
            composer.public = True
            composer.add_class("-open")
        composer.insert(choice.rendered.text)
        composer.focus_editor()
        self._picked.append(choice)
        extra = " (its actions go with the reply)" if choice.apply_actions else ""
        self.notify(f"Inserted: {choice.macro.title}{extra}", timeout=2, markup=False)

    def _macro_changes(self) -> tuple[TicketUpdate, StageChange | None, list[str]]:
        """What the inserted macros add to the reply: field changes, a stage move, notes."""
        from console.core.macros import changes_for

        changes = TicketUpdate()
        notes: list[str] = []
        stages: list[Stage] = []
        explicit: Stage | None = None
        promised: datetime | None = None
        for choice in self._picked:
            stages.extend(choice.macro.stages)
            # The promise a macro's text states is recorded even without its other actions.
            promised = choice.rendered.promised_by or promised
            if not choice.apply_actions:
                continue
            changes = merge_updates(
                changes, changes_for(self.workspace, choice.rendered, ticket_id=self.ticket_id)
            )
            explicit = choice.rendered.actions.stage or explicit
            if choice.rendered.note:
                notes.append(choice.rendered.note)
        move = self.workflow().plan_macro(
            self.ticket_id, stages, explicit=explicit, promised_by=promised
        )
        return changes, move, notes

    def action_mark_confirmed(self) -> None:
        if not self._writable():
            return
        self.workflow().mark_confirmed(self.ticket_id)
        self.notify("Marked: the customer confirmed they are satisfied.")
        self._show_stage(self.workspace.clock())

    def action_toggle_customer(self) -> None:
        pane = self.query_one(CustomerPane)
        if pane.has_focus_within:
            self.query_one("#thread").focus()
        pane.display = not pane.display

    def action_customer_wider(self) -> None:
        self.query_one(CustomerPane).widen()

    def action_customer_narrower(self) -> None:
        self.query_one(CustomerPane).narrow()

    def on_customer_pane_ticket_chosen(self, event: CustomerPane.TicketChosen) -> None:
        self.flush_drafts()
        self.app.push_screen(TicketScreen(self.workspace, event.ticket_id))

    def action_expand_all(self) -> None:
        thread = self.thread
        thread.expand_all(any(not view.expanded for view in thread.views()))

    # -- composing --------------------------------------------------------------------

    def action_compose(self, public: bool) -> None:
        composer = self.composer
        if not composer.text:
            composer.public = public
        composer.add_class("-open")
        composer.focus_editor()

    def action_back(self) -> None:
        composer = self.composer
        if composer.has_class("-open") and composer.has_focus_within:
            self.flush_drafts()
            composer.remove_class("-open")
            self.query_one("#thread").focus()
            return
        self.app.pop_screen()

    def on_composer_edited(self, event: Composer.Edited) -> None:
        self._dirty = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.flush_drafts)

    def flush_drafts(self) -> None:
        """Save what is in the composer now (also called on hang-up and on leaving)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self._dirty:
            return
        composer = self.composer
        self.drafts.save(
            self.ticket_id, composer.text, public=composer.public, status=composer.status
        )
        self._dirty = False

    def on_screen_suspend(self) -> None:
        self.flush_drafts()

    def on_unmount(self) -> None:
        self.flush_drafts()

    async def on_composer_send(self, event: Composer.Send) -> None:
        if not self._writable():
            return
        self._dirty = True
        self.flush_drafts()
        ticket = self.workspace.desk.ticket(self.ticket_id)
        changes = TicketUpdate(status=Status(event.status)) if event.status else TicketUpdate()
        try:
            extra, move, notes = (
                self._macro_changes() if event.public else (TicketUpdate(), None, [])
            )
        except WorkflowError as problem:
            if problem.needs_promise:
                self.notify(
                    "This macro moves the ticket to fix: set a promised-by time first (])",
                    severity="warning",
                )
                return
            raise
        changes = merge_updates(extra, changes)
        if move is not None:
            changes = move.merged_into(changes)
        entry = self.outbox.enqueue_message(
            self.ticket_id,
            body=event.body,
            public=event.public,
            changes=changes,
            expected_version=ticket.version,
            agent_id=self.workspace.me_id,
        )
        if move is not None:
            self.workflow().record(move)
        for note in notes:
            self.outbox.enqueue_message(
                self.ticket_id, body=note, public=False, agent_id=self.workspace.me_id
            )
        self._picked.clear()
        self.drafts.delete(self.ticket_id)
        self.composer.text = ""
        self._dirty = False
        self.composer.remove_class("-open")
        self.post_message(self.Changed())
        self.notify(f"Queued in the outbox (#{entry.id}).", timeout=2)
        if event.next:
            self.post_message(self.Next(self.ticket_id))
            return
        await self.refresh_ticket()


def _mode_screen_name(app: App[Any]) -> str:
    return f"ticket-{app.current_mode}"


async def open_ticket_screen(app: App[Any], workspace: Workspace, ticket_id: int) -> None:
    """Show ``ticket_id`` on the mode's reused TicketScreen (a new one if that one is in use).

    The reused screen is installed, so popping it keeps it alive for the next open.
    """
    name = _mode_screen_name(app)
    if not app.is_screen_installed(name):
        screen = TicketScreen(workspace, ticket_id)
        app.install_screen(screen, name)
        app.push_screen(screen)
        return
    reused = app.get_screen(name)
    if not isinstance(reused, TicketScreen) or reused in app.screen_stack:
        app.push_screen(TicketScreen(workspace, ticket_id))
        return
    await reused.show_ticket(workspace, ticket_id)
    app.push_screen(reused)
