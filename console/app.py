"""DesksideApp: wiring only — which screen shows what, and the app's background work.

Screens get the :class:`~console.core.workspace.Workspace` they read from. The app
routes their messages (open a ticket, a write queued), follows the store's change
feed so every screen redraws what changed (this process, other consoles, the
sync engine), runs the outbox deliverer, reads a customer's orders from the helpdesk
when their ticket opens (:mod:`console.core.order_refresh`, through the backends the
sync has open), saves drafts when the terminal hangs up
or the process is told to stop, and replaces Textual's crash report — which
prints local variables, tokens included — with one that does not.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from console import gc_hold
from console.core.changes import ChangeFeed
from console.core.config import Config, remember_theme
from console.core.db import open_store
from console.core.errors import UserError
from console.core.outbox import Outbox, OutboxState
from console.core.profiles import backend_for
from console.core.workspace import Workspace
from screens.field_actions import FieldActions
from screens.queue import DEFAULT_VIEWS, QueueScreen
from screens.startup_frame import mode_screen

if TYPE_CHECKING:
    from api_client.backend import Backend
    from api_client.http import RateBudget
    from api_client.models import Order
    from console.core.order_refresh import OrderRefresh
    from screens.login import LoginDone
    from screens.supervisor import SupervisorScreen
    from screens.ticket import TicketScreen

# Only the queue is needed for the first frame: the other screens, the insights
# models, the macro library and the delivery/HTTP stack are imported when first
# used, or once the first frame is on screen (DesksideApp.on_ready).

__all__ = ["DesksideApp"]

CHANGE_POLL_SECONDS = 0.5
SYNC_SECONDS = 30.0
ANALYSE_SECONDS = 1.0
ANALYSE_DELAY = 1.5
BACKFILL_LIMIT = 5000
BACKEND_WAIT = 15.0
"""Seconds an order refresh waits for the sync to open the helpdesk's backend."""


def _budget_text(backend: Backend) -> str:
    """The helpdesk's rate budget for the status line: `· API 412/700`, `· API paused 12s`."""
    if backend.budget is None:
        return ""
    budget = backend.budget.snapshot()
    if budget.paused_for > 0:
        return f" · API paused {budget.paused_for:.0f}s"
    if budget.remaining is not None and budget.limit:
        return f" · API {budget.remaining}/{budget.limit}"
    return ""


def _ticket_provider() -> type[Provider]:
    from screens.palette import TicketProvider

    return TicketProvider


def _view_provider() -> type[Provider]:
    from screens.palette import ViewProvider

    return ViewProvider


def _command_provider() -> type[Provider]:
    from screens.palette import CommandProvider

    return CommandProvider


class DesksideApp(App[None]):
    """The console over one workspace. ``config`` enables delivery of queued writes."""

    TITLE = "deskside"
    # Providers load when the palette first opens (Textual accepts a callable).
    COMMANDS = App.COMMANDS | {_ticket_provider, _view_provider, _command_provider}
    DEFAULT_MODE = "agent"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_safely", "Quit", id="app.quit", priority=True, show=False),
        # f1 still works while typing in the composer, where "?" is just a character.
        Binding(
            "question_mark,f1", "help", "Help", id="app.help", tooltip="Every key that works here"
        ),
        Binding(
            "f4",
            "toggle_mode",
            "Supervisor",
            id="app.mode",
            tooltip="Agent queue / supervisor dashboard",
        ),
        Binding(
            "f5",
            "reports",
            "Reports",
            id="app.reports",
            tooltip="Claims analytics: reasons, channels, response times",
        ),
        Binding(
            "f6",
            "login",
            "Log in to a helpdesk…",
            id="app.login",
            tooltip="Connect a Zendesk, Freshdesk, Gorgias… account (token kept in the keyring)",
            show=False,
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        config: Config | None = None,
        views: dict[str, str] | None = None,
        theme: str | None = None,
        supervisor: bool = False,
        wallboard: bool = False,
        install_macros: bool = False,
    ) -> None:
        super().__init__()
        self._install_macros = install_macros
        self._start_supervisor = supervisor or wallboard
        self._wallboard = wallboard
        self._budget: RateBudget | None = None
        self.workspace = workspace
        self.config = config
        self._views = views
        self._wake = asyncio.Event()
        self._feed: ChangeFeed | None = None
        self._backends: dict[str, Backend] = {}
        """The backends the sync has open, by account ('' for a single-account profile)."""
        self._backends_open = asyncio.Event()
        self._theme_choice = theme or "auto"
        self.switch_to: str | None = None
        """A profile to reopen the console on once this app has exited (after a login)."""
        self.add_mode("agent", self._queue_screen)
        self.add_mode("supervisor", self._supervisor_screen)

    def _queue_screen(self) -> QueueScreen:
        return mode_screen(
            QueueScreen(self.workspace, {**DEFAULT_VIEWS, **(self._views or {})}), self
        )

    def _supervisor_screen(self) -> SupervisorScreen:
        from screens.supervisor import SupervisorScreen

        profile = self.config.profile(self.workspace.profile)[1] if self.config else None
        screen = SupervisorScreen(
            self.workspace,
            sla=self.config.sla if self.config else None,
            allow_actions=bool(profile and profile.supervisor_actions),
            wallboard=self._wallboard,
            budget=lambda: self._budget.snapshot() if self._budget is not None else None,
        )
        return mode_screen(screen, self)

    def action_toggle_mode(self) -> None:
        if self._wallboard:
            return
        if self.current_mode == "supervisor":
            self.switch_mode("agent")
            for screen in self.screen_stack:
                if isinstance(screen, QueueScreen):
                    screen.action_refresh()  # it missed changes while hidden
        else:
            self.switch_mode("supervisor")

    async def on_supervisor_screen_open_ticket(self, message: SupervisorScreen.OpenTicket) -> None:
        workspace = replace(self.workspace, read_only=True) if message.read_only else self.workspace
        await self._open_ticket(workspace, message.ticket_id)

    def on_supervisor_screen_quit_requested(self, message: SupervisorScreen.QuitRequested) -> None:
        self.action_quit_safely()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A wallboard takes no input but quitting."""
        return not (self._wallboard and action not in ("quit", "quit_safely"))

    def on_mount(self) -> None:
        # What is loaded by the first frame (modules, classes, the first screen) lives as
        # long as the app: frozen, the garbage collector stops rescanning it, which took
        # ~10% of the UI thread when a screen switch made many short-lived objects. (Not
        # in tests: they start many apps in one process.) `deskside run` also held the
        # collector off until now (console.gc_hold).
        self.call_after_refresh(gc_hold.release, freeze=not self.is_headless)
        self.theme = self._initial_theme()
        if self.config is not None:
            self.theme_changed_signal.subscribe(self, self._remember_theme)
            if self.config.keys:
                self.set_keymap(self.config.keys)
        self._feed = ChangeFeed(self.workspace.conn)
        self.set_interval(CHANGE_POLL_SECONDS, self._follow_changes)
        loop = asyncio.get_running_loop()
        for hangup in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(hangup, self._hang_up)
        if self._start_supervisor:
            self.switch_mode("supervisor")

    def on_ready(self) -> None:
        """The first frame is laid out: start the rest once it is on the terminal."""
        self.call_after_refresh(self._start_background_work)

    def _start_background_work(self) -> None:
        """What the first frame does not need: delivery, sync, macros, analysis.

        Each of these imports modules (httpx, Jinja, the language models) or reads the
        desk; done before the first frame, they would only delay it.
        """
        if self.config is not None:
            self._deliver()
            if self.workspace.backend_name != "local":
                self._sync()
        if self._install_macros:
            self._install_macro_library()
        # Analysis waits a little more: checking for unanalysed tickets and loading the
        # language model would compete with the agent's first keys.
        self.set_timer(ANALYSE_DELAY, self._analyse)

    @work(thread=True, exclusive=True, group="macros", exit_on_error=False)
    def _install_macro_library(self) -> None:
        """The starter macros, never overwriting the user's edits (files only)."""
        from console.core.macros import install_library

        install_library()

    def _initial_theme(self) -> str:
        """The configured theme; ``auto`` is ansi-dark on a 16-colour terminal."""
        choice = self._theme_choice
        if choice != "auto" and choice in self.available_themes:
            return choice
        if self.console.color_system in ("standard", "windows"):
            return "ansi-dark"
        return "textual-dark"

    def _remember_theme(self, theme: Theme) -> None:
        if self.config is not None and theme.name != self._initial_theme():
            try:
                remember_theme(theme.name)
            except UserError as problem:
                self.notify(f"Theme not saved: {problem}", severity="warning", markup=False)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for hangup in (signal.SIGHUP, signal.SIGTERM):
            loop.remove_signal_handler(hangup)

    def _hang_up(self) -> None:
        """The terminal went away (SSH drop) or we were told to stop: keep the drafts."""
        self.flush_drafts()
        self.exit(return_code=129)

    def flush_drafts(self) -> None:
        for screen in self._ticket_screens():
            screen.flush_drafts()

    def _ticket_screens(self) -> list[TicketScreen]:
        """Open ticket screens (none before the first one: its module loads with it)."""
        if "screens.ticket" not in sys.modules:
            return []
        from screens.ticket import TicketScreen

        return [screen for screen in self.screen_stack if isinstance(screen, TicketScreen)]

    async def _open_ticket(self, workspace: Workspace, ticket_id: int) -> None:
        """Show the ticket on the mode's one ticket screen (built on the first open)."""
        from screens.ticket import open_ticket_screen

        await open_ticket_screen(self, workspace, ticket_id)

    async def _follow_changes(self) -> None:
        if self._feed is None:
            return
        changes = self._feed.poll()
        if not changes:
            return
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.apply_changes(changes.ticket_ids, everything=changes.everything)
        for ticket in self._ticket_screens():
            if changes.everything or ticket.ticket_id in changes.ticket_ids:
                await ticket.refresh_ticket()

    @work(thread=True, exclusive=True, group="insights", exit_on_error=False)
    def _analyse(self) -> None:
        """Keep language, reasons and hostility current, off the UI thread.

        First every ticket not yet analysed, then whatever the change feed says moved.
        Insights are not ticket changes (no change-feed rows), so the screens are told
        to re-read what they show when an analysis changed something.
        """
        from console.core.insights import default_insights
        from console.core.insights.indexer import index_changed, index_pending

        worker = get_current_worker()
        conn = open_store(self.workspace.path)
        try:
            insights = default_insights()
            feed = ChangeFeed(conn)
            # A bounded start: a huge desk is analysed by `deskside insights index` (or
            # the demo builder), not while the agent is typing.
            done = index_pending(conn, insights, limit=BACKFILL_LIMIT).tickets
            while not worker.is_cancelled:
                if done:
                    self.call_from_thread(self._insights_changed)
                changes = feed.poll()
                if changes.everything:
                    done = index_pending(conn, insights).tickets
                elif changes:
                    done = index_changed(conn, changes.ticket_ids, insights).tickets
                else:
                    done = 0
                time.sleep(ANALYSE_SECONDS)
        finally:
            conn.close()

    def _insights_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.apply_changes(set(), everything=True)

    @work(exclusive=True, group="outbox", exit_on_error=False)
    async def _deliver(self) -> None:
        """Deliver queued writes for the life of the app (its own store connection)."""
        assert self.config is not None
        from console.core.accounts import open_deliverer
        from console.core.delivery import deliver_forever

        conn = open_store(self.workspace.path)
        try:
            outbox = Outbox(conn, self.workspace.profile)
            async with open_deliverer(self.config, self.workspace, outbox) as deliverer:
                await deliver_forever(deliverer, self._wake)
        finally:
            conn.close()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def _sync(self) -> None:
        """Keep a remote profile's mirror fresh; the status bar says how it is going."""
        assert self.config is not None
        from api_client.errors import BackendError
        from console.core.mirror import MirrorWriter
        from console.core.sync import SyncEngine

        if self.workspace.accounts:
            await self._sync_accounts()
            return
        conn = open_store(self.workspace.path)
        writer = MirrorWriter(conn, self.workspace.profile)
        try:
            async with backend_for(self.config, self.workspace) as backend:
                self._budget = backend.budget
                self._lend_backends({"": backend})
                engine = SyncEngine(writer, backend)
                while True:
                    self._sync_status("syncing…")
                    try:
                        result = await engine.run()
                    except BackendError as error:
                        self._sync_status(f"sync failed: {type(error).__name__}")
                    except Exception as error:  # keep the console alive; say what broke
                        self.log.error(f"sync: {type(error).__name__}: {error}")
                        self._sync_status(f"sync failed: {type(error).__name__} (bug)")
                    else:
                        stamp = datetime.now().strftime("%H:%M:%S")
                        self._sync_status(
                            f"synced {stamp} (+{len(result.changed)}){_budget_text(backend)}"
                        )
                    await asyncio.sleep(SYNC_SECONDS)
        finally:
            conn.close()
            self._lend_backends({})  # closed: an order refresh must not use them

    async def _sync_accounts(self) -> None:
        """A combined profile: every account side by side, into the one mirror."""
        assert self.config is not None
        from console.core.accounts import account_backends, sync_accounts

        conn = open_store(self.workspace.path)
        try:
            async with account_backends(self.config, self.workspace) as backends:
                self._lend_backends(backends)
                while True:
                    self._sync_status("syncing…")
                    results = await sync_accounts(conn, self.workspace, backends)
                    failed = [a for a, r in results.items() if isinstance(r, BaseException)]
                    for account in failed:
                        error = results[account]
                        self.log.error(f"sync {account}: {type(error).__name__}: {error}")
                    changed = sum(
                        len(r.changed) for r in results.values() if not isinstance(r, BaseException)
                    )
                    stamp = datetime.now().strftime("%H:%M:%S")
                    problem = f"; failed: {', '.join(failed)}" if failed else ""
                    self._sync_status(f"synced {stamp} (+{changed}){problem}")
                    await asyncio.sleep(SYNC_SECONDS)
        finally:
            conn.close()
            self._lend_backends({})  # closed: an order refresh must not use them

    def _lend_backends(self, backends: dict[str, Backend]) -> None:
        """The sync's open backends, for order refreshes (``{}``: closed, wait for new ones)."""
        self._backends = dict(backends)
        if backends:
            self._backends_open.set()
        else:
            self._backends_open.clear()

    # -- a customer's orders, read when their ticket opens ---------------------------------

    def on_ticket_screen_customer_opened(self, message: TicketScreen.CustomerOpened) -> None:
        if self.config is None or not self.workspace.orders_from:
            return  # the embedded desk, or helpdesks without orders: nothing to read
        from console.core.order_refresh import refresh_due  # httpx: remote profiles only

        now = self.workspace.clock().timestamp()
        refresh = refresh_due(self.workspace.conn, message.customer_id, now=now)
        if refresh is not None and refresh.account in self.workspace.orders_from:
            self._refresh_orders(refresh)

    @work(exclusive=True, group="orders", exit_on_error=False)
    async def _refresh_orders(self, refresh: OrderRefresh) -> None:
        """Read the customer from their helpdesk and store the orders (the change feed then
        redraws the pane); a failure is a quiet note in the pane."""
        from console.core.order_refresh import failure_note, refresh_orders

        try:
            await asyncio.wait_for(self._backends_open.wait(), BACKEND_WAIT)
        except TimeoutError:
            return  # the sync could not open the helpdesk: its status line says why
        backend = self._backends.get(refresh.account)
        if backend is None:
            return

        async def store(customer: str, orders: Sequence[Order]) -> set[int]:
            return await asyncio.to_thread(self._store_orders, refresh.account, customer, orders)

        try:
            await refresh_orders(refresh, backend, store)
        except Exception as error:  # a refused key, a 429, a timeout: never a crash
            self.log.warning(f"orders of customer {refresh.customer_local_id}: {type(error)}")
            for screen in self._ticket_screens():
                screen.orders_note(refresh.customer_local_id, failure_note(error))

    def _store_orders(self, account: str, customer: str, orders: Sequence[Order]) -> set[int]:
        """In a worker thread, over a connection of its own (the UI's stays on the loop)."""
        from console.core.mirror import MirrorWriter

        conn = open_store(self.workspace.path)
        try:
            writer = MirrorWriter(conn, self.workspace.profile, account)
            writer.clock = lambda: self.workspace.clock().timestamp()
            return writer.store_orders(customer, orders)
        finally:
            conn.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background task died: keep working, but never silently."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                f"Background task {event.worker.name.strip('_')} stopped: "
                f"{type(error).__name__}: {error}",
                severity="error",
                timeout=10,
                markup=False,
            )

    def _sync_status(self, text: str) -> None:
        from screens.supervisor import SupervisorScreen

        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.sync_state = text
                screen.refresh_status()
            elif isinstance(screen, SupervisorScreen):
                screen.sync_state = text
                screen.refresh_header()

    def on_field_actions_changed(self, message: FieldActions.Changed) -> None:
        self._wake.set()

    def on_queue_screen_quit_requested(self, message: QueueScreen.QuitRequested) -> None:
        self.action_quit_safely()

    def action_quit_safely(self) -> None:
        """Quit, asking first when drafts or queued writes would be left behind."""
        from console.core.drafts import DraftStore
        from screens.modals import ConfirmModal

        self.flush_drafts()
        drafts = len(DraftStore(self.workspace.conn, self.workspace.me_login).tickets_with_drafts())
        counts = Outbox(self.workspace.conn, self.workspace.profile).counts()
        waiting = counts[OutboxState.QUEUED] + counts[OutboxState.SENDING]
        if not drafts and not waiting:
            self.exit()
            return
        parts = []
        if drafts:
            parts.append(f"{drafts} unsent draft{'s' * (drafts != 1)} (kept for next time)")
        if waiting:
            parts.append(f"{waiting} write{'s' * (waiting != 1)} not yet delivered")
        question = "You have " + " and ".join(parts) + ". Quit anyway?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()
            else:
                self.switch_to = None

        self.push_screen(ConfirmModal(question), answered)

    def action_reports(self) -> None:
        from console.core.reports_sla import sla_targets
        from screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            targets = sla_targets(self.config.sla) if self.config is not None else None
            self.push_screen(ReportsScreen(self.workspace, targets=targets))

    def action_login(self) -> None:
        from screens.login import LoginScreen  # httpx and the backends only when asked for

        if not isinstance(self.screen, LoginScreen):
            self.push_screen(LoginScreen(), self.login_finished)

    def login_finished(self, done: LoginDone | None) -> None:
        """Switching profile is a restart on it: `deskside run` reopens on ``switch_to``."""
        if done is not None and done.open_now:
            self.switch_to = done.profile
            self.action_quit_safely()

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen.active_bindings))

    # -- what the command palette providers ask of the app ------------------------------

    def open_ticket(self, ticket_id: int) -> None:
        self.call_later(self._open_ticket, self.workspace, ticket_id)

    def view_names(self) -> list[str]:
        return list({**DEFAULT_VIEWS, **(self._views or {})})

    def show_view(self, name: str) -> None:
        queue = next((s for s in self.screen_stack if isinstance(s, QueueScreen)), None)
        if queue is None:
            return
        while self.screen is not queue:
            self.pop_screen()
        queue.show_view(name)

    async def on_ticket_screen_next(self, message: TicketScreen.Next) -> None:
        self.pop_screen()
        queue = self.screen
        if not isinstance(queue, QueueScreen):
            return
        following = queue.next_after(message.ticket_id)
        if following is None:
            self.notify("That was the last ticket of this view.")
            return
        await self._open_ticket(self.workspace, following)

    async def on_queue_screen_opened(self, message: QueueScreen.Opened) -> None:
        await self._open_ticket(self.workspace, message.ticket_id)

    def _fatal_error(self) -> None:
        """Show the traceback without local variables: they can hold tokens.

        Textual's own handler renders ``Traceback(show_locals=True)``; this is the
        one private hook that decides it, covered by a test that crashes the app
        with a secret in a local variable.
        """
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()
