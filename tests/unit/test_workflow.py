"""The incident workflow: stage moves and their outbox rows, promises, close guards, the log."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from api_client.backend import Capability
from api_client.backends.local import LocalBackend
from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel, Stage, Status, TicketUpdate
from console.core.db import CORE_MIGRATIONS, migrate_core, open_store
from console.core.delivery import Deliverer
from console.core.outbox import Outbox, OutboxKind, OutboxState
from console.core.workflow import (
    CHECKLISTS,
    ConfirmedBy,
    DeadlineState,
    Workflow,
    WorkflowError,
    deadline_state,
    mirror_tags_for,
    promises_due,
    stage_after_macro,
    stage_durations,
    stage_focus,
    stage_from_tags,
    stage_tag_changes,
    ticket_deadline_state,
)

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
OTHER_STAGE_TAGS = ("stage_listen", "stage_fix", "stage_solve", "stage_thank", "stage_confirm")


class Clock:
    """A frozen clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Env:
    path: Path
    desk: Desk
    outbox: Outbox
    clock: Clock
    agent: int
    customer: int
    ticket: int

    def flow(self, *, mirror_tags: bool = False, warn: timedelta | None = None) -> Workflow:
        extra = {} if warn is None else {"warn": warn}
        return Workflow(
            self.desk.conn,
            self.outbox,
            agent_id=self.agent,
            clock=self.clock,
            mirror_tags=mirror_tags,
            **extra,
        )

    def new_ticket(self, subject: str = "Parcel never arrived") -> int:
        return self.desk.create_ticket(
            subject=subject, customer_id=self.customer, channel=Channel.EMAIL, created_at=T0
        )

    def say(self, ticket: int, role: AuthorRole, body: str, at: datetime) -> int:
        name = "Marco" if role is AuthorRole.CUSTOMER else "Giulia Rossi"
        return self.desk.add_message(
            ticket, body=body, author_role=role, author_name=name, created_at=at
        )

    def deliver(self) -> list[OutboxState]:
        async def run() -> list[OutboxState]:
            backend = LocalBackend("local", {"path": str(self.path), "agent": "giulia"})
            try:
                done = await Deliverer(self.outbox, backend).drain()
            finally:
                await backend.aclose()
            return [entry.state for entry in done]

        return asyncio.run(run())

    def row(self, ticket: int, columns: str) -> tuple[object, ...]:
        return tuple(
            self.desk.conn.execute(
                f"SELECT {columns} FROM tickets WHERE id = ?", (ticket,)
            ).fetchone()
        )


@pytest.fixture
def env(tmp_path: Path) -> Env:
    path = tmp_path / "desk.sqlite3"
    conn = open_store(path)
    desk = Desk(conn, "local")
    agent = desk.ensure_agent("giulia", "Giulia Rossi")
    customer = desk.create_customer("Marco", contacts=[(Channel.EMAIL, "m@example.it")])
    clock = Clock(T0 + timedelta(minutes=10))
    outbox = Outbox(conn, "local", clock=lambda: clock().timestamp())
    ticket = desk.create_ticket(
        subject="Parcel never arrived", customer_id=customer, channel=Channel.EMAIL, created_at=T0
    )
    return Env(path, desk, outbox, clock, agent, customer, ticket)


# -- the migration -------------------------------------------------------------------------


def test_the_workflow_tables_come_with_the_store(env: Env) -> None:
    conn = env.desk.conn
    version = conn.execute("SELECT value FROM meta WHERE key = 'core_schema'").fetchone()[0]
    assert int(version) == len(CORE_MIGRATIONS)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"stage_log", "stage_checks", "confirmations", "tickets_promised_by"} <= names
    open_store(env.path).close()  # opening again is a no-op


def test_a_desk_from_before_the_workflow_is_upgraded(env: Env) -> None:
    conn = env.desk.conn
    for table in ("stage_log", "stage_checks", "confirmations"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP INDEX tickets_promised_by")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'core_schema'")
    assert migrate_core(conn) == len(CORE_MIGRATIONS)
    env.flow().advance(env.ticket)
    assert env.flow().stage_since(env.ticket) == env.clock()


# -- moving forward and back --------------------------------------------------------------------


def test_advance_queues_the_stage_and_its_tag_through_the_outbox(env: Env) -> None:
    flow = env.flow(mirror_tags=True)
    version = env.row(env.ticket, "version")[0]

    change = flow.advance(env.ticket)

    assert (change.before, change.after, change.forward) == (Stage.LISTEN, Stage.IDENTIFY, True)
    (entry,) = env.outbox.entries()
    assert entry.id == change.entry_id
    assert entry.kind is OutboxKind.UPDATE
    assert entry.expected_version == version
    assert entry.agent_id == env.agent
    assert entry.changes.stage is Stage.IDENTIFY
    assert entry.changes.tags_add == ("stage_identify",)
    assert set(entry.changes.tags_remove) == set(OTHER_STAGE_TAGS)
    assert entry.changes.promised_by is msgspec.UNSET
    # The ticket is at identify for the console before the write is even delivered.
    assert flow.stage_of(env.ticket) is Stage.IDENTIFY
    assert env.row(env.ticket, "stage") == ("listen",)

    assert env.deliver() == [OutboxState.SENT]
    stage, tags = env.row(env.ticket, "stage, tags")
    assert stage == "identify"
    assert "stage_identify" in str(tags).split()


def test_back_moves_one_stage_back_and_replaces_the_tag(env: Env) -> None:
    flow = env.flow(mirror_tags=True)
    flow.advance(env.ticket)
    flow.advance(env.ticket, promised_by=T0 + timedelta(days=1))

    change = flow.back(env.ticket)

    assert (change.before, change.after, change.forward) == (Stage.FIX, Stage.IDENTIFY, False)
    assert change.update.tags_add == ("stage_identify",)
    assert "stage_fix" in change.update.tags_remove
    assert env.deliver() == [OutboxState.SENT] * 3
    stage, tags = env.row(env.ticket, "stage, tags")
    assert stage == "identify"
    assert [t for t in str(tags).split() if t.startswith("stage_")] == ["stage_identify"]


def test_quick_moves_follow_each_other_and_all_deliver(env: Env) -> None:
    """Each move expects the version before it; delivering one rebases the next."""
    flow = env.flow()
    promise = T0 + timedelta(hours=6)
    flow.advance(env.ticket)
    flow.advance(env.ticket, promised_by=promise)
    flow.advance(env.ticket)
    assert flow.stage_of(env.ticket) is Stage.SOLVE

    assert env.deliver() == [OutboxState.SENT] * 3
    assert env.row(env.ticket, "stage, promised_by") == ("solve", int(promise.timestamp()))


def test_without_tag_mirroring_only_the_stage_is_written(env: Env) -> None:
    change = env.flow().advance(env.ticket)
    assert change.update == TicketUpdate(stage=Stage.IDENTIFY)
    env.deliver()
    assert env.row(env.ticket, "stage, tags") == ("identify", "")


def test_moves_past_either_end_or_to_the_same_stage_are_refused(env: Env) -> None:
    flow = env.flow()
    with pytest.raises(WorkflowError, match="listen is the first stage"):
        flow.back(env.ticket)
    with pytest.raises(WorkflowError, match="already at listen"):
        flow.move_to(env.ticket, Stage.LISTEN)
    flow.move_to(env.ticket, Stage.CONFIRM)
    with pytest.raises(WorkflowError, match="confirm is the last stage"):
        flow.advance(env.ticket)
    with pytest.raises(WorkflowError) as missing:
        flow.stage_of(999)
    assert missing.value.exit_code == 3
    assert len(env.outbox.entries()) == 1


# -- promised-by ------------------------------------------------------------------------------


def test_entering_fix_asks_for_a_promised_by_time(env: Env) -> None:
    flow = env.flow()
    flow.advance(env.ticket)
    with pytest.raises(WorkflowError, match="promised-by") as refused:
        flow.advance(env.ticket)
    assert refused.value.needs_promise
    assert flow.stage_of(env.ticket) is Stage.IDENTIFY

    with pytest.raises(WorkflowError, match="future") as past:
        flow.advance(env.ticket, promised_by=env.clock() - timedelta(minutes=1))
    assert past.value.needs_promise
    with pytest.raises(WorkflowError, match="timezone"):
        flow.advance(env.ticket, promised_by=datetime(2030, 1, 1, 12, 0))

    promise = datetime(2025, 3, 10, 18, 30, 15, 999, tzinfo=UTC)
    change = flow.advance(env.ticket, promised_by=promise)
    assert change.after is Stage.FIX
    assert change.promised_by == promise.replace(microsecond=0)
    assert change.update.promised_by == promise.replace(microsecond=0)
    assert flow.promised_by(env.ticket) == promise.replace(microsecond=0)
    env.deliver()
    assert env.row(env.ticket, "stage, promised_by") == ("fix", int(promise.timestamp()))


def test_back_into_fix_keeps_a_promise_still_ahead_and_asks_once_it_passed(env: Env) -> None:
    flow = env.flow()
    promise = env.clock() + timedelta(hours=3)
    flow.move_to(env.ticket, Stage.FIX, promised_by=promise)
    flow.advance(env.ticket)
    assert flow.back(env.ticket).after is Stage.FIX  # the promise stands: no question
    flow.advance(env.ticket)

    env.clock.tick(hours=4)
    with pytest.raises(WorkflowError) as refused:
        flow.back(env.ticket)
    assert refused.value.needs_promise
    later = env.clock() + timedelta(hours=2)
    assert flow.move_to(env.ticket, Stage.FIX, promised_by=later).promised_by == later


def test_skipping_fix_needs_no_promise(env: Env) -> None:
    change = env.flow().move_to(env.ticket, Stage.SOLVE)
    assert change.update == TicketUpdate(stage=Stage.SOLVE)


def test_a_new_promise_without_moving(env: Env) -> None:
    flow = env.flow()
    later = env.clock() + timedelta(days=2)
    entry = flow.set_promise(env.ticket, later)
    assert entry.changes == TicketUpdate(promised_by=later)
    assert flow.stage_of(env.ticket) is Stage.LISTEN
    with pytest.raises(WorkflowError, match="future"):
        flow.set_promise(env.ticket, env.clock())


def test_deadline_states_with_a_frozen_clock() -> None:
    due = T0 + timedelta(hours=5)
    assert deadline_state(None, T0) is DeadlineState.NONE
    assert deadline_state(due, T0) is DeadlineState.OK
    assert deadline_state(due, due - timedelta(hours=2, seconds=1)) is DeadlineState.OK
    assert deadline_state(due, due - timedelta(hours=2)) is DeadlineState.SOON
    assert deadline_state(due, due - timedelta(seconds=1)) is DeadlineState.SOON
    assert deadline_state(due, due) is DeadlineState.PASSED
    assert deadline_state(due, due + timedelta(days=1)) is DeadlineState.PASSED
    warn = timedelta(minutes=30)
    assert deadline_state(due, due - timedelta(hours=1), warn=warn) is DeadlineState.OK
    assert deadline_state(due, due - timedelta(minutes=20), warn=warn) is DeadlineState.SOON
    # A promise is kept once the ticket is past solve, or solved.
    late = due + timedelta(hours=1)
    assert ticket_deadline_state(due, "solve", "open", late) is DeadlineState.PASSED
    assert ticket_deadline_state(due, "thank", "open", late) is DeadlineState.NONE
    assert ticket_deadline_state(due, Stage.FIX, Status.SOLVED, late) is DeadlineState.NONE


def test_the_ticket_deadline_warns_before_it_passes(env: Env) -> None:
    flow = env.flow(warn=timedelta(hours=1))
    promise = env.clock() + timedelta(hours=3)
    flow.move_to(env.ticket, Stage.FIX, promised_by=promise)
    assert flow.deadline(env.ticket) is DeadlineState.OK
    env.clock.tick(hours=2, minutes=1)
    assert flow.deadline(env.ticket) is DeadlineState.SOON
    env.clock.tick(hours=1)
    assert flow.deadline(env.ticket) is DeadlineState.PASSED
    flow.move_to(env.ticket, Stage.THANK)
    assert flow.deadline(env.ticket) is DeadlineState.NONE


def test_promises_due_lists_open_promises_near_or_past(env: Env) -> None:
    flow = env.flow()
    soon, later, kept = env.new_ticket(), env.new_ticket(), env.new_ticket()
    now = env.clock()
    flow.move_to(env.ticket, Stage.FIX, promised_by=now + timedelta(minutes=30))
    flow.move_to(soon, Stage.FIX, promised_by=now + timedelta(hours=1))
    flow.move_to(later, Stage.FIX, promised_by=now + timedelta(hours=5))
    flow.move_to(kept, Stage.FIX, promised_by=now + timedelta(minutes=10))
    flow.move_to(kept, Stage.THANK)
    env.deliver()

    env.clock.tick(minutes=45)
    due = promises_due(env.desk.conn, env.clock())
    assert [(d.ticket_id, d.state) for d in due] == [
        (env.ticket, DeadlineState.PASSED),
        (soon, DeadlineState.SOON),
    ]
    assert due[0].stage is Stage.FIX
    assert promises_due(env.desk.conn, env.clock(), assignee_id=env.agent) == []


# -- confirmation and closing -------------------------------------------------------------------


def _to_confirm(env: Env, flow: Workflow) -> datetime:
    env.say(env.ticket, AuthorRole.CUSTOMER, "My parcel never arrived!", T0)
    flow.move_to(env.ticket, Stage.CONFIRM)
    env.deliver()
    return env.clock()


def test_solving_before_the_customer_confirmed_is_refused(env: Env) -> None:
    flow = env.flow()
    flow.move_to(env.ticket, Stage.FIX, promised_by=env.clock() + timedelta(hours=4))

    guard = flow.guard_close(env.ticket, Status.SOLVED)
    assert not guard.allowed and guard.needs_override
    assert guard.stage is Stage.FIX
    assert "ask whether the customer is satisfied" in guard.reason
    with pytest.raises(WorkflowError) as refused:
        flow.close(env.ticket, Status.CLOSED)
    assert refused.value.guard is not None
    assert refused.value.guard.status is Status.CLOSED
    assert refused.value.exit_code == 4
    assert all(e.changes.status is msgspec.UNSET for e in env.outbox.entries())

    assert flow.guard_close(env.ticket, Status.PENDING).allowed
    flow.close(env.ticket, Status.PENDING)


def test_the_confirm_question_alone_is_not_a_confirmation(env: Env) -> None:
    flow = env.flow()
    entered = _to_confirm(env, flow)
    guard = flow.guard_close(env.ticket, Status.SOLVED)
    assert not guard.allowed and "not answered" in guard.reason

    env.say(env.ticket, AuthorRole.AGENT, "Is everything fine now?", entered + timedelta(minutes=1))
    assert not flow.guard_close(env.ticket, Status.SOLVED).allowed
    states = {s.key: s.checked for s in flow.checklist(env.ticket)}
    assert states == {"ask": True, "confirmed": False}


def test_a_customer_reply_after_the_confirm_question_allows_solving(env: Env) -> None:
    flow = env.flow()
    entered = _to_confirm(env, flow)
    env.say(env.ticket, AuthorRole.AGENT, "Is everything fine now?", entered + timedelta(minutes=1))
    reply = env.say(env.ticket, AuthorRole.CUSTOMER, "Yes, thanks!", entered + timedelta(hours=1))

    confirmation = flow.confirmation(env.ticket)
    assert confirmation is not None
    assert confirmation.how is ConfirmedBy.CUSTOMER_REPLY
    assert confirmation.message_id == reply
    guard = flow.guard_close(env.ticket, Status.SOLVED)
    assert guard.allowed and guard.confirmation == confirmation
    assert all(s.checked for s in flow.checklist(env.ticket))

    entry = flow.close(env.ticket, Status.SOLVED)
    assert entry.kind is OutboxKind.UPDATE
    assert entry.changes == TicketUpdate(status=Status.SOLVED)
    assert env.deliver() == [OutboxState.SENT]
    assert env.row(env.ticket, "status") == ("solved",)
    # Closing a ticket already solved asks nothing more.
    assert flow.guard_close(env.ticket, Status.CLOSED).allowed


def test_a_reply_before_the_question_or_an_agent_answer_after_it_does_not_count(env: Env) -> None:
    flow = env.flow()
    entered = _to_confirm(env, flow)
    env.say(env.ticket, AuthorRole.CUSTOMER, "Still waiting", entered + timedelta(seconds=30))
    env.say(env.ticket, AuthorRole.AGENT, "Is it fine now?", entered + timedelta(minutes=1))
    assert flow.confirmation(env.ticket) is None
    env.say(env.ticket, AuthorRole.CUSTOMER, "No, broken", entered + timedelta(minutes=5))
    env.say(env.ticket, AuthorRole.AGENT, "And now?", entered + timedelta(minutes=9))
    assert flow.confirmation(env.ticket) is None  # the customer has not had the last word
    env.desk.add_message(
        env.ticket,
        body="internal: checking",
        author_role=AuthorRole.AGENT,
        author_name="Giulia Rossi",
        public=False,
        created_at=entered + timedelta(minutes=10),
    )
    env.say(env.ticket, AuthorRole.CUSTOMER, "Works!", entered + timedelta(minutes=11))
    assert flow.is_confirmed(env.ticket)  # an internal note is not the question


def test_an_agent_mark_allows_solving_until_the_ticket_moves_back(env: Env) -> None:
    flow = env.flow()
    flow.move_to(env.ticket, Stage.THANK)
    confirmation = flow.mark_confirmed(env.ticket)
    assert confirmation.how is ConfirmedBy.AGENT_MARKED
    assert confirmation.agent_id == env.agent
    assert flow.guard_close(env.ticket, Status.SOLVED).allowed

    flow.back(env.ticket)
    assert flow.confirmation(env.ticket) is None
    assert not flow.guard_close(env.ticket, Status.SOLVED).allowed

    flow.check(env.ticket, Stage.CONFIRM, "confirmed")
    assert flow.guard_close(env.ticket, Status.SOLVED).allowed
    flow.check(env.ticket, Stage.CONFIRM, "confirmed", checked=False)
    assert not flow.is_confirmed(env.ticket)


def test_an_override_queues_the_reason_as_an_internal_note_with_the_status(env: Env) -> None:
    flow = env.flow()
    flow.move_to(env.ticket, Stage.SOLVE)
    env.deliver()

    for empty in ("", "   \n"):
        with pytest.raises(WorkflowError, match="needs a reason"):
            flow.close_with_override(env.ticket, Status.SOLVED, empty)
    with pytest.raises(WorkflowError, match="only solving or closing"):
        flow.close_with_override(env.ticket, Status.PENDING, "because")
    assert env.outbox.entries(states=[OutboxState.QUEUED]) == []

    entry = flow.close(
        env.ticket, Status.SOLVED, override_reason="Customer unreachable  for a week"
    )
    assert entry.kind is OutboxKind.MESSAGE
    assert not entry.public
    assert entry.agent_id == env.agent
    assert entry.changes == TicketUpdate(status=Status.SOLVED)
    assert entry.body == (
        "Solved before the customer confirmed (stage: solve): Customer unreachable for a week"
    )
    assert env.deliver() == [OutboxState.SENT]
    note = env.desk.thread(env.ticket)[-1]
    assert not note.public
    assert "Customer unreachable for a week" in note.body
    assert env.row(env.ticket, "status") == ("solved",)


def test_an_override_is_not_written_when_the_customer_already_confirmed(env: Env) -> None:
    flow = env.flow()
    flow.mark_confirmed(env.ticket)
    entry = flow.close_with_override(env.ticket, Status.CLOSED, "just in case")
    assert entry.kind is OutboxKind.UPDATE
    assert entry.body is None


# -- macros -------------------------------------------------------------------------------------


def test_a_macro_of_a_later_stage_moves_forward_but_never_back() -> None:
    assert stage_after_macro(Stage.LISTEN, [Stage.SOLVE]) is Stage.SOLVE
    assert stage_after_macro(Stage.LISTEN, [Stage.CONFIRM, Stage.IDENTIFY]) is Stage.IDENTIFY
    assert stage_after_macro(Stage.SOLVE, [Stage.LISTEN]) is None
    assert stage_after_macro(Stage.SOLVE, [Stage.IDENTIFY, Stage.SOLVE, Stage.THANK]) is None
    assert stage_after_macro(Stage.FIX, [Stage.IDENTIFY, Stage.THANK]) is Stage.THANK
    assert stage_after_macro(Stage.FIX, []) is None


def test_the_macro_engine_merges_the_move_into_its_message(env: Env) -> None:
    flow = env.flow(mirror_tags=True)
    assert flow.plan_macro(env.ticket, [Stage.LISTEN]) is None
    with pytest.raises(WorkflowError) as refused:
        flow.plan_macro(env.ticket, [Stage.FIX])
    assert refused.value.needs_promise

    change = flow.plan_macro(env.ticket, [Stage.THANK, Stage.SOLVE])
    assert change is not None and change.after is Stage.SOLVE
    macro = TicketUpdate(status=Status.PENDING, tags_add=("refund",), tags_remove=("stage_solve",))
    merged = change.merged_into(macro)
    assert merged.status is Status.PENDING
    assert merged.stage is Stage.SOLVE
    assert merged.tags_add == ("refund", "stage_solve")
    assert "stage_solve" not in merged.tags_remove
    env.outbox.enqueue_message(env.ticket, body="Done: refunded.", changes=merged)
    flow.record(change)
    assert flow.stage_of(env.ticket) is Stage.SOLVE

    explicit = flow.plan_macro(env.ticket, [Stage.THANK], explicit=Stage.IDENTIFY)
    assert explicit is not None and explicit.after is Stage.IDENTIFY


# -- checklists ---------------------------------------------------------------------------------


def test_checklist_items_are_ticked_per_ticket_and_stage(env: Env) -> None:
    flow = env.flow()
    assert [s.key for s in flow.checklist(env.ticket)] == [i.key for i in CHECKLISTS[Stage.LISTEN]]
    flow.check(env.ticket, Stage.LISTEN, "acknowledge")
    flow.check(env.ticket, Stage.LISTEN, "acknowledge")  # twice is once
    states = {s.key: s for s in flow.checklist(env.ticket)}
    assert states["acknowledge"].checked and states["acknowledge"].checked_at == env.clock()
    assert states["acknowledge"].agent_id == env.agent
    assert not states["let_finish"].checked
    other = env.new_ticket()
    assert not any(s.checked for s in flow.checklist(other))

    flow.check(env.ticket, Stage.LISTEN, "acknowledge", checked=False)
    assert not any(s.checked for s in flow.checklist(env.ticket))
    with pytest.raises(WorkflowError, match="no checklist item"):
        flow.check(env.ticket, Stage.LISTEN, "restate")


def test_the_promise_item_is_ticked_by_setting_the_time(env: Env) -> None:
    flow = env.flow()
    with pytest.raises(WorkflowError) as refused:
        flow.check(env.ticket, Stage.FIX, "promise")
    assert refused.value.needs_promise
    promise = env.clock() + timedelta(hours=2)
    flow.move_to(env.ticket, Stage.FIX, promised_by=promise)
    states = {s.key: s for s in flow.checklist(env.ticket)}
    assert states["promise"].checked and states["promise"].derived
    assert states["promise"].checked_at == promise
    assert not states["tell_steps"].checked


# -- time per stage -----------------------------------------------------------------------------


def test_time_in_stages_from_the_log(env: Env) -> None:
    flow = env.flow()
    flow.advance(env.ticket)  # T0+10m: listen since creation, 600 s
    assert flow.record_stage(env.ticket, Stage.IDENTIFY) is False  # already there
    env.clock.tick(minutes=30)
    flow.advance(env.ticket, promised_by=env.clock() + timedelta(hours=2))
    assert flow.stage_since(env.ticket) == env.clock()
    env.clock.tick(hours=1)

    assert flow.time_in_stages(env.ticket) == {
        Stage.LISTEN: 600.0,
        Stage.IDENTIFY: 1800.0,
        Stage.FIX: 3600.0,
    }
    flow.back(env.ticket)
    env.clock.tick(minutes=5)
    flow.advance(env.ticket)  # fix again: the promise is still ahead
    env.clock.tick(minutes=5)
    assert flow.time_in_stages(env.ticket)[Stage.FIX] == 3900.0
    assert flow.time_in_stages(env.ticket)[Stage.IDENTIFY] == 2100.0

    flow.mark_confirmed(env.ticket)
    flow.close(env.ticket, Status.SOLVED)  # the open visit ends with the solve
    env.clock.tick(days=3)
    assert flow.time_in_stages(env.ticket)[Stage.FIX] == 3900.0


def test_stage_durations_aggregate_over_tickets(env: Env) -> None:
    flow = env.flow()
    second = env.new_ticket()
    flow.advance(env.ticket)  # listen 600 s
    env.clock.tick(minutes=10)
    flow.advance(second)  # listen 1200 s
    env.clock.tick(minutes=10)
    flow.move_to(env.ticket, Stage.SOLVE)  # identify 1200 s
    flow.move_to(second, Stage.SOLVE)  # identify 600 s

    stats = stage_durations(env.desk.conn, now=env.clock())
    assert (stats[Stage.LISTEN].tickets, stats[Stage.LISTEN].visits) == (2, 2)
    assert stats[Stage.LISTEN].total == 1800.0
    assert stats[Stage.LISTEN].mean == 900.0
    assert stats[Stage.LISTEN].longest == 1200.0
    assert stats[Stage.IDENTIFY].total == 1800.0
    assert stats[Stage.SOLVE].total == 0.0
    only = stage_durations(env.desk.conn, now=env.clock(), ticket_ids=[second])
    assert only[Stage.LISTEN].total == 1200.0
    recent = stage_durations(env.desk.conn, now=env.clock(), since=T0 + timedelta(minutes=5))
    assert Stage.LISTEN not in recent
    by_agent = stage_durations(env.desk.conn, now=env.clock(), agent_id=env.agent)
    assert Stage.LISTEN not in by_agent  # backfilled visits were started by nobody
    assert by_agent[Stage.IDENTIFY].visits == 2


def test_reconcile_follows_changes_made_elsewhere(env: Env) -> None:
    flow = env.flow()
    untouched = env.new_ticket()
    flow.advance(env.ticket)
    env.deliver()
    env.clock.tick(minutes=20)
    # A colleague on the helpdesk's web UI moves it on, then solves it.
    env.desk.update_ticket(env.ticket, TicketUpdate(stage=Stage.SOLVE))
    env.desk.update_ticket(untouched, TicketUpdate(stage=Stage.FIX))
    assert flow.reconcile([env.ticket, untouched, 999]) == 1
    assert flow.stage_since(env.ticket) == env.clock()
    assert flow.reconcile([env.ticket]) == 0
    env.clock.tick(minutes=20)
    env.desk.update_ticket(env.ticket, TicketUpdate(status=Status.SOLVED))
    assert flow.reconcile([env.ticket]) == 1
    env.clock.tick(hours=5)
    assert flow.time_in_stages(env.ticket) == {
        Stage.LISTEN: 600.0,
        Stage.IDENTIFY: 1200.0,
        Stage.SOLVE: 1200.0,
    }
    assert flow.time_in_stages(untouched) == {}
    assert flow.reconcile([untouched], track_new=True) == 1
    assert flow.stage_since(untouched) == env.clock()


def test_an_undelivered_move_is_not_undone_by_reconcile(env: Env) -> None:
    flow = env.flow()
    flow.advance(env.ticket)
    assert flow.reconcile([env.ticket]) == 0
    assert flow.stage_since(env.ticket) == env.clock()


# -- tags and hostility -------------------------------------------------------------------------


def test_stage_tags() -> None:
    add, remove = stage_tag_changes(Stage.THANK)
    assert add == ("stage_thank",)
    assert len(remove) == 5 and "stage_thank" not in remove
    assert stage_from_tags(["vip", "stage_fix"]) is Stage.FIX
    assert stage_from_tags(["stage_fix", "stage_solve", "stage_bogus"]) is Stage.SOLVE
    assert stage_from_tags(["vip"]) is None
    assert mirror_tags_for({Capability.TAGS})
    assert not mirror_tags_for({Capability.TAGS, Capability.STAGE_FIELD})
    assert not mirror_tags_for(set())


@pytest.mark.parametrize("phase", ["rising", "peak"])
def test_listen_first_while_the_anger_rises(phase: str) -> None:
    focus = stage_focus(phase, Stage.SOLVE)
    assert focus.stages == (Stage.LISTEN,)
    assert focus.hold_solutions
    assert "listen" in focus.hint.lower()


def test_focus_once_calm() -> None:
    assert stage_focus("calming", Stage.LISTEN).stages == (Stage.IDENTIFY,)
    assert not stage_focus("calming", Stage.LISTEN).hold_solutions
    calm = stage_focus("calm", Stage.FIX)
    assert calm.stages == (Stage.FIX,) and not calm.hold_solutions
    assert stage_focus(None, Stage.CONFIRM).stages == (Stage.CONFIRM,)
