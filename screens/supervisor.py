"""SupervisorScreen: the live dashboard of a profile's queue, and the wallboard.

Queue depth (with the change over the last hour), SLA deadlines at risk or past,
promised-by times, the oldest waiting and the angriest customers, each agent's
load, and arrivals against solved tickets: every number from
:mod:`console.core.supervisor`, every row a way into its ticket(s).

Live: a thread worker owns its own store connection and a
:class:`~console.core.supervisor.LiveDashboard`; it polls the change feed (every
0.5–1 s, slower when the helpdesk's rate budget is low), recounts in SQL when
tickets changed or time moved the numbers, and posts the result. The UI thread
only compares rows and redraws the lines that changed; countdowns tick every
second from the last numbers without a query. Refreshing pauses while a modal or
another screen is on top, or while the user paused it (``space``); the header says
when the numbers were counted and flags them when stale.

Drill-down posts :class:`SupervisorScreen.OpenTicket` (the app opens the ticket,
read-only unless actions are allowed). Reassign, priority and escalate exist only
when the profile allows supervisor actions and is not read-only, and each is
confirmed before it is queued in the outbox. With ``wallboard=True`` the same view
runs without a footer and without keys (but quit), for a shared screen.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.events import Resize
from textual.message import Message
from textual.widgets import Footer, Static
from textual.worker import Worker, get_current_worker

from api_client.models import Priority, TicketUpdate
from console.core.actions import queue_update
from console.core.outbox import Outbox
from console.core.supervisor import (
    STALE_AFTER,
    Dashboard,
    DashboardSettings,
    LiveDashboard,
    TicketItem,
    as_of,
    poll_interval,
    sla_targets,
    slice_tickets,
)
from console.core.timefmt import age, span
from console.core.workspace import Workspace
from screens.field_actions import FieldActions
from screens.modals import ChoiceModal, ConfirmModal
from screens.startup_frame import StartupFrame
from screens.widgets.supervisor_panel import PanelRow, SupervisorPanel
from screens.widgets.supervisor_rows import COLUMNS, panel_rows

if TYPE_CHECKING:
    from api_client.http import BudgetSnapshot

__all__ = ["NARROW_BELOW", "SupervisorScreen"]

NARROW_BELOW = 100
"""Terminal widths below this get the compact layout."""
TICK_SECONDS = 1.0
SHOW_AGE_AFTER = 20.0
"""The header says how old the numbers are once they are older than this (seconds)."""
RETRY_SECONDS = 5.0
"""After a failed refresh (the store locked or gone), wait this long before trying again."""

_EMPTY = {
    "depth": "No tickets in the queue.",
    "deadlines": "No SLA deadline at risk.",
    "promises": "No promised-by time.",
    "oldest": "Nobody is waiting.",
    "angry": "No angry customer.",
    "agents": "No agents.",
    "flow": "No traffic.",
}
_SLICE_TITLES = {
    "total": "Tickets in the queue",
    "arrivals": "Latest arrivals",
    "solved": "Latest solved",
    "assignee": "Open tickets of",
}


class SupervisorScreen(StartupFrame):
    """The live dashboard of one workspace (``wallboard``: no keys, no footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause", id="supervisor.pause", tooltip="Pause live updates"),
        Binding("r", "refresh", "Refresh", id="supervisor.refresh", show=False),
        Binding("a", "assign", "Reassign", id="supervisor.assign", tooltip="Reassign the ticket"),
        Binding("p", "priority", "Priority", id="supervisor.priority"),
        Binding(
            "e", "escalate", "Escalate", id="supervisor.escalate", tooltip="Urgent + escalated"
        ),
        Binding("q", "quit", "Quit", id="supervisor.quit"),
    ]

    DEFAULT_CSS = """
    SupervisorScreen #header { height: 1; background: $panel; color: $text; padding: 0 1; }
    SupervisorScreen #main { height: 1fr; layout: horizontal; }
    SupervisorScreen #depth { width: 38; margin-right: 1; }
    SupervisorScreen #right { width: 1fr; layout: vertical; }
    SupervisorScreen #deadlines { height: 1fr; min-height: 4; }
    SupervisorScreen .pair { height: 9; layout: horizontal; }
    SupervisorScreen .pair > SupervisorPanel { width: 1fr; }
    SupervisorScreen #angry, SupervisorScreen #promises { margin-left: 1; }
    SupervisorScreen .pair > #agents { width: 3fr; }
    SupervisorScreen .pair > #promises { width: 2fr; }
    SupervisorScreen #flow { height: 3; }
    SupervisorScreen.-narrow #depth { width: 30; }
    SupervisorScreen.-narrow .pair { height: 6; }
    SupervisorScreen.-wallboard .pair { height: 1fr; }
    SupervisorScreen.-wallboard #deadlines { height: 2fr; }
    """

    class OpenTicket(Message):
        """Open a ticket from the dashboard (``read_only``: the supervisor only watches)."""

        def __init__(self, ticket_id: int, *, read_only: bool = True) -> None:
            super().__init__()
            self.ticket_id = ticket_id
            self.read_only = read_only

    class QuitRequested(Message):
        """The supervisor asked to quit (the app checks for unsent writes first)."""

    class Refreshed(Message):
        """New numbers arrived from the worker (``error``: the refresh failed)."""

        bubble = False

        def __init__(self, dashboard: Dashboard | None, error: str | None = None) -> None:
            super().__init__()
            self.dashboard = dashboard
            self.error = error

    def __init__(
        self,
        workspace: Workspace,
        *,
        sla: Mapping[str, str] | None = None,
        allow_actions: bool = False,
        wallboard: bool = False,
        budget: Callable[[], BudgetSnapshot | None] | None = None,
        settings: DashboardSettings | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.workspace = workspace
        self.settings = settings or DashboardSettings(
            targets=sla_targets(sla), at_risk=workspace.at_risk
        )
        self.allow_actions = allow_actions
        self.wallboard = wallboard
        self.budget = budget
        self.dashboard: Dashboard | None = None
        self.generation = 0
        """How many dashboards have been applied (tests wait on it)."""
        self.refresh_redrawn = 0
        """Row lines redrawn by the last new numbers (tests assert one change, one row)."""
        self.tick_redrawn = 0
        """Row lines redrawn by the last one-second tick (countdowns whose text moved)."""
        self.user_paused = False
        self.sync_state = ""
        """What the app says about syncing a remote profile (shown in the header)."""
        self.error: str | None = None
        self._suspended = False
        self._wake = threading.Event()
        self._force = True
        self._stop = False
        self._items: dict[int, TicketItem] = {}

    # -- layout -------------------------------------------------------------------------

    def _panel(self, key: str) -> SupervisorPanel:
        panel = SupervisorPanel(key, COLUMNS[key], empty=_EMPTY[key], id=key)
        if self.wallboard:
            panel.can_focus = False
        return panel

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with Container(id="main"):
            yield self._panel("depth")
            with Container(id="right"):
                yield self._panel("deadlines")
                with Container(classes="pair"):
                    yield self._panel("oldest")
                    yield self._panel("angry")
                with Container(classes="pair"):
                    yield self._panel("agents")
                    yield self._panel("promises")
                yield self._panel("flow")
        if not self.wallboard:
            yield Footer()

    def panel(self, key: str) -> SupervisorPanel:
        return self.query_one(f"#{key}", SupervisorPanel)

    @property
    def actions_allowed(self) -> bool:
        """Reassign, priority and escalate: the profile allows them and is not read-only."""
        return self.allow_actions and not self.workspace.read_only and not self.wallboard

    @property
    def paused(self) -> bool:
        """No recounting: the user paused, or a dialog or another screen is on top."""
        return self.user_paused or self._suspended

    def on_mount(self) -> None:
        self.set_class(self.wallboard, "-wallboard")
        self.refresh_header()
        if not self.wallboard:
            self.panel("deadlines").focus()
        self.set_interval(TICK_SECONDS, self._tick)
        self._live()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def on_unmount(self) -> None:
        self._stop = True
        self._wake.set()

    def on_screen_suspend(self) -> None:
        self._suspended = True
        self.refresh_header()

    def on_screen_resume(self) -> None:
        self._suspended = False
        self.refresh_header()
        self._wake_up(force=True)

    def _wake_up(self, *, force: bool = False) -> None:
        self._force = self._force or force
        self._wake.set()

    # -- the live loop (a thread of its own) -------------------------------------------

    @work(thread=True, exclusive=True, group="supervisor", exit_on_error=False)
    def _live(self) -> None:
        """Poll the change feed and recount when needed, off the UI thread."""
        worker = get_current_worker()
        live = LiveDashboard(self.workspace.path, self.settings, clock=self.workspace.clock)
        try:
            interval = 0.0
            while not self._stopping(worker):
                self._wake.wait(interval)
                self._wake.clear()
                if self._stopping(worker):
                    break
                interval = self._interval(live)
                if self.paused:
                    continue
                force, self._force = self._force, False
                try:
                    dashboard = live.step(force=force)
                except sqlite3.Error as error:
                    self.post_message(self.Refreshed(None, f"{type(error).__name__}: {error}"))
                    interval = RETRY_SECONDS
                    continue
                if dashboard is not None:
                    self.post_message(self.Refreshed(dashboard))
        finally:
            live.close()

    def _stopping(self, worker: Worker[None]) -> bool:
        return worker.is_cancelled or self._stop

    def _interval(self, live: LiveDashboard) -> float:
        snapshot = self.budget() if self.budget is not None else None
        if snapshot is None:
            return poll_interval(live.quiet_polls)
        return poll_interval(
            live.quiet_polls,
            fraction_left=snapshot.fraction_left,
            paused_for=snapshot.paused_for,
        )

    def on_supervisor_screen_refreshed(self, message: Refreshed) -> None:
        if message.dashboard is None:
            self.error = message.error
            self.refresh_header()
            return
        self.error = None
        self.apply(message.dashboard)

    # -- drawing --------------------------------------------------------------------------

    def apply(self, dashboard: Dashboard) -> int:
        """Show new numbers, redrawing only the rows that changed; returns how many did."""
        self.dashboard = dashboard
        self.generation += 1
        self.refresh_redrawn = self._redraw()
        return self.refresh_redrawn

    def _redraw(self) -> int:
        dashboard = self.dashboard
        if dashboard is None:
            return 0
        now = self.workspace.clock()
        drawn = 0
        for key, (title, rows) in panel_rows(dashboard, now).items():
            panel = self.panel(key)
            panel.set_title(title)
            drawn += panel.set_rows(rows)
        self._items = {
            item.id: item
            for item in (
                *dashboard.deadlines,
                *dashboard.promises,
                *dashboard.oldest,
                *dashboard.angry,
            )
        }
        self.refresh_header()
        return drawn

    def _tick(self) -> None:
        """Every second: countdowns and ages move on from the last numbers (no query)."""
        if self.paused:
            self.refresh_header()
            return
        self.tick_redrawn = self._redraw()

    def refresh_header(self) -> None:
        """Redraw the header: live or paused, when the numbers were counted, the totals."""
        if not self.is_mounted:
            return
        now = self.workspace.clock()
        dashboard = self.dashboard
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("Wallboard" if self.wallboard else "Supervisor", style="bold")
        text.append(" ")
        behind = as_of(dashboard, now)
        if self.error:
            text.append("■ refresh failed", style="bold red")
        elif dashboard is None:
            text.append("… counting", style="italic")
        elif self.user_paused:
            text.append("❚❚ paused", style="bold yellow")
        elif self._suspended:
            text.append("❚❚ paused (dialog)", style="yellow")
        else:
            text.append("● live", style="bold green")
        if behind is not None and behind > STALE_AFTER:
            text.append(" ")
            text.append("■ STALE", style="bold reverse red")
        if dashboard is not None and behind is not None:
            text.append(f" · {dashboard.now:%H:%M:%S}")
            if behind >= SHOW_AGE_AFTER:
                text.append(f" ({span(behind)} ago)", style="dim")
            text.append(" · ")
            text.append(f"{dashboard.breached:,} breached", style="bold red")
            text.append(f" · {dashboard.at_risk:,} at risk")
            total = dashboard.total
            text.append(f" · {total.now:,} in queue")
            if total.delta is not None:
                text.append(f" ({total.delta:+,}/1h)", style="dim")
        text.append(f" · {self.workspace.profile} ({self.workspace.backend_name})", style="dim")
        if self.sync_state:
            text.append(f" · {self.sync_state}", style="dim")
        if self.error:
            text.append(f" · {self.error}", style="red")
        self.query_one("#header", Static).update(text)

    # -- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.wallboard:
            return action == "quit"
        if action in ("assign", "priority", "escalate"):
            return self.actions_allowed
        return True

    def action_pause(self) -> None:
        self.user_paused = not self.user_paused
        if not self.user_paused:
            self._wake_up(force=True)
        self.refresh_header()

    def action_refresh(self) -> None:
        self._wake_up(force=True)

    def action_quit(self) -> None:
        self.post_message(self.QuitRequested())

    # -- drilling down ----------------------------------------------------------------------

    def on_supervisor_panel_chosen(self, event: SupervisorPanel.Chosen) -> None:
        event.stop()
        row = event.row
        if row.ticket_id is not None:
            self.post_message(self.OpenTicket(row.ticket_id, read_only=not self.actions_allowed))
        elif row.drill is not None:
            self._drill(row)

    def _drill(self, row: PanelRow) -> None:
        assert row.drill is not None
        kind, value = row.drill
        now = self.workspace.clock()
        tickets = slice_tickets(self.workspace.conn, kind, value, self.settings, now)
        label = row.cells[0].text.strip() if row.cells else value
        title = _SLICE_TITLES.get(kind, f"Tickets: {kind}")
        if kind not in ("total", "arrivals", "solved"):
            title = f"{title} {label}" if kind == "assignee" else f"Tickets: {label} ({kind})"
        if not tickets:
            self.notify("No tickets there.", markup=False)
            return
        options = [
            (str(item.id), f"{age(item.waiting_since, now):>4}  #{item.number}  {item.subject}")
            for item in tickets
        ]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.post_message(self.OpenTicket(int(value), read_only=not self.actions_allowed))

        self.app.push_screen(ChoiceModal(title, options), chosen)

    # -- actions (when the profile allows them) --------------------------------------------

    def _target(self) -> TicketItem | None:
        focused = self.focused
        row = focused.current_row if isinstance(focused, SupervisorPanel) else None
        item = self._items.get(row.ticket_id) if row and row.ticket_id is not None else None
        if item is None:
            self.notify("Move to a ticket first.", severity="warning")
        return item

    def _confirm_and_queue(self, item: TicketItem, question: str, changes: TicketUpdate) -> None:
        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not self.actions_allowed or self.workspace.read_only_for([item.id]):
                self.notify("This profile or account is read-only.", severity="warning")
                return
            outbox = Outbox(self.workspace.conn, self.workspace.profile)
            entries = queue_update(outbox, [item.id], changes, agent_id=self.workspace.me_id)
            self.post_message(FieldActions.Changed())
            if entries:
                self.notify(f"Queued for #{item.number}.", markup=False)
            else:
                self.notify(f"#{item.number} is gone.", severity="warning", markup=False)
            self._wake_up(force=True)

        self.app.push_screen(ConfirmModal(question), answered)

    def _describe(self, item: TicketItem) -> str:
        return f"#{item.number} “{item.subject}”"

    def action_assign(self) -> None:
        item = self._target()
        if item is None:
            return
        desk = self.workspace.desk
        agents = [("none", "Nobody (unassign)")]
        if self.workspace.accounts:  # only the agents of the ticket's own account
            from console.core.accounts import assignable_agents

            agents += assignable_agents(self.workspace, [item.id])[1]
        else:
            agents += [(agent.id, agent.name) for agent in desk.agents() if agent.active]
        names = dict(agents)

        def chosen(value: str | None) -> None:
            if value is None:
                return
            who = "nobody" if value == "none" else names.get(value, value)
            self._confirm_and_queue(
                item,
                f"Reassign {self._describe(item)} to {who}?",
                TicketUpdate(assignee_id=None if value == "none" else value),
            )

        self.app.push_screen(ChoiceModal(f"Reassign {self._describe(item)} to", agents), chosen)

    def action_priority(self) -> None:
        item = self._target()
        if item is None:
            return
        options = [(p.value, p.value) for p in Priority]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self._confirm_and_queue(
                item,
                f"Set the priority of {self._describe(item)} to {value}?",
                TicketUpdate(priority=Priority(value)),
            )

        self.app.push_screen(ChoiceModal(f"Priority for {self._describe(item)}", options), chosen)

    def action_escalate(self) -> None:
        item = self._target()
        if item is None:
            return
        self._confirm_and_queue(
            item,
            f"Escalate {self._describe(item)}: priority urgent and tag escalated?",
            TicketUpdate(priority=Priority.URGENT, tags_add=("escalated",)),
        )
