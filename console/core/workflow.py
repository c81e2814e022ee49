"""The incident workflow on real tickets: stage moves, promises, checklists, confirmation.

Every ticket walks listen → identify → fix → solve → thank → confirm, and the
incident is not over until the customer confirms. :class:`Workflow` applies the
pure rules of :mod:`console.core.workflow_rules` to the tickets of one store:

* a stage move is first a :class:`StageChange` plan (checked, nothing written),
  then queued through the outbox like any write (``tickets.stage``, and the
  ``stage_<name>`` tag where the helpdesk has tags but no stage field), and
  logged in ``stage_log`` for the time-per-stage reports;
* entering fix needs a promised-by time, which the queue shows as a deadline;
* solving or closing before the customer confirmed is refused unless the agent
  gives a reason, which is queued as an internal note with the status change.

What the ticket "is" here includes writes still waiting in the outbox, so two
quick presses of ``]`` move two stages even before the first is delivered.
The pure rules are re-exported, so callers import the workflow from one place.
"""

from __future__ import annotations

import dataclasses
import enum
import sqlite3
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from api_client.backends.local.rows import epoch
from api_client.models import Stage, Status, TicketUpdate
from console.core.errors import UserError
from console.core.outbox import Outbox, OutboxEntry
from console.core.workflow_log import (
    PromiseDue,
    StageStats,
    StageVisit,
    end_stage,
    open_visit,
    promises_due,
    record_stage,
    stage_durations,
    stage_visits,
    time_in_stages,
    write,
)
from console.core.workflow_rules import (
    CHECKLISTS,
    DEFAULT_WARN,
    STAGE_HINTS,
    STAGE_LABELS,
    STAGE_TAG_PREFIX,
    STAGES,
    ChecklistItem,
    DeadlineState,
    StageFocus,
    checklist_item,
    deadline_state,
    mirror_tags_for,
    next_stage,
    previous_stage,
    promise_open,
    stage_after_macro,
    stage_focus,
    stage_from_tags,
    stage_tag,
    stage_tag_changes,
    ticket_deadline_state,
)

__all__ = [
    "CHECKLISTS",
    "CLOCK_SKEW",
    "DEFAULT_WARN",
    "STAGES",
    "STAGE_HINTS",
    "STAGE_LABELS",
    "STAGE_TAG_PREFIX",
    "CheckState",
    "ChecklistItem",
    "CloseGuard",
    "Confirmation",
    "ConfirmedBy",
    "DeadlineState",
    "PromiseDue",
    "StageChange",
    "StageFocus",
    "StageStats",
    "StageVisit",
    "Workflow",
    "WorkflowError",
    "checklist_item",
    "deadline_state",
    "mirror_tags_for",
    "next_stage",
    "previous_stage",
    "promise_open",
    "promises_due",
    "stage_after_macro",
    "stage_durations",
    "stage_focus",
    "stage_from_tags",
    "stage_tag",
    "stage_tag_changes",
    "ticket_deadline_state",
]

CLOCK_SKEW = 300
"""Seconds a helpdesk's message times may run behind ours (the confirm question)."""

_CLOSING = (Status.SOLVED, Status.CLOSED)
_PENDING_STATES = "('queued', 'sending')"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _when(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class WorkflowError(UserError):
    """A move or close the workflow refuses, with what the UI should ask for.

    ``needs_promise``: entering fix needs a promised-by time (ask for one).
    ``guard``: the close needs an override with a reason (ask for one).
    """

    def __init__(
        self,
        message: str,
        *,
        exit_code: int = 2,
        needs_promise: bool = False,
        guard: CloseGuard | None = None,
    ) -> None:
        super().__init__(message, exit_code=exit_code)
        self.needs_promise = needs_promise
        self.guard = guard


@dataclass(frozen=True, slots=True)
class StageChange:
    """A checked stage move of one ticket, and the field changes that carry it.

    ``promised_by`` is the new promise, or ``None`` when the move sets none.
    ``entry_id`` is the outbox row once queued.
    """

    ticket_id: int
    before: Stage
    after: Stage
    update: TicketUpdate
    promised_by: datetime | None = None
    entry_id: int | None = None

    @property
    def forward(self) -> bool:
        return self.after.order > self.before.order

    def merged_into(self, changes: TicketUpdate) -> TicketUpdate:
        """``changes`` (a macro's actions) with this move added: stage, promise, stage tags."""
        ours = self.update
        removed = tuple(t for t in changes.tags_remove if t not in ours.tags_add)
        return msgspec.structs.replace(
            changes,
            stage=ours.stage,
            promised_by=(
                ours.promised_by
                if not isinstance(ours.promised_by, msgspec.UnsetType)
                else changes.promised_by
            ),
            tags_add=tuple(dict.fromkeys((*changes.tags_add, *ours.tags_add))),
            tags_remove=tuple(dict.fromkeys((*removed, *ours.tags_remove))),
        )


class ConfirmedBy(enum.StrEnum):
    CUSTOMER_REPLY = "customer_reply"
    """The customer wrote after the agent's question in the confirm stage."""
    AGENT_MARKED = "agent_marked"
    """The agent marked it (the customer confirmed by phone, or in other words)."""


@dataclass(frozen=True, slots=True)
class Confirmation:
    """How and when the customer's confirmation was recorded."""

    how: ConfirmedBy
    at: datetime
    agent_id: int | None = None
    message_id: int | None = None
    """The customer's reply, when ``how`` is ``CUSTOMER_REPLY`` (show it before closing)."""


@dataclass(frozen=True, slots=True)
class CloseGuard:
    """Whether a ticket may be set to ``status`` now, and why (or why not)."""

    ticket_id: int
    status: Status
    stage: Stage
    allowed: bool
    reason: str
    confirmation: Confirmation | None = None

    @property
    def needs_override(self) -> bool:
        return not self.allowed


@dataclass(frozen=True, slots=True)
class CheckState:
    """One checklist line for a ticket: ticked by the agent, or by the workflow itself."""

    stage: Stage
    key: str
    label: str
    checked: bool
    derived: bool
    checked_at: datetime | None = None
    agent_id: int | None = None


class Workflow:
    """The workflow over one store, writing through its outbox as agent ``agent_id``.

    ``mirror_tags``: also keep a ``stage_<name>`` tag (see
    :func:`~console.core.workflow_rules.mirror_tags_for`). ``warn``: how long
    before a promised-by time the deadline counts as "soon".
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        outbox: Outbox,
        *,
        agent_id: int | None,
        clock: Callable[[], datetime] = _utc_now,
        mirror_tags: bool = False,
        warn: timedelta = DEFAULT_WARN,
    ) -> None:
        self.conn = conn
        self.outbox = outbox
        self.agent_id = agent_id
        self.clock = clock
        self.mirror_tags = mirror_tags
        self.warn = warn

    # -- what a ticket is now (the store plus writes still in the outbox) -----------------

    def _ticket(self, ticket_id: int) -> tuple[str, str, int | None, str]:
        row = self.conn.execute(
            "SELECT stage, status, promised_by, version FROM tickets WHERE id = ?", (ticket_id,)
        ).fetchone()
        if row is None:
            raise WorkflowError(f"no ticket {ticket_id}", exit_code=3)
        return str(row[0]), str(row[1]), row[2], str(row[3])

    def _pending(self, ticket_id: int, field: str) -> tuple[bool, Any]:
        """The value of ``field`` in the latest undelivered write of it, if any."""
        row = self.conn.execute(
            f"SELECT json_extract(changes, '$.{field}') FROM outbox "
            f"WHERE ticket_id = ? AND state IN {_PENDING_STATES} "
            f"AND json_type(changes, '$.{field}') IS NOT NULL ORDER BY id DESC LIMIT 1",
            (ticket_id,),
        ).fetchone()
        return (False, None) if row is None else (True, row[0])

    def stage_of(self, ticket_id: int) -> Stage:
        stored = self._ticket(ticket_id)[0]
        found, pending = self._pending(ticket_id, "stage")
        return Stage(pending if found else stored)

    def status_of(self, ticket_id: int) -> Status:
        stored = self._ticket(ticket_id)[1]
        found, pending = self._pending(ticket_id, "status")
        return Status(pending if found else stored)

    def promised_by(self, ticket_id: int) -> datetime | None:
        stored = self._ticket(ticket_id)[2]
        found, pending = self._pending(ticket_id, "promised_by")
        if found:
            return None if pending is None else datetime.fromisoformat(str(pending))
        return None if stored is None else _when(int(stored))

    def deadline(self, ticket_id: int) -> DeadlineState:
        """The ticket's promised-by deadline as the header shows it."""
        return ticket_deadline_state(
            self.promised_by(ticket_id),
            self.stage_of(ticket_id),
            self.status_of(ticket_id),
            self.clock(),
            warn=self.warn,
        )

    def stage_since(self, ticket_id: int) -> datetime | None:
        """When the ticket entered its current stage, if the log knows."""
        visit = open_visit(self.conn, ticket_id)
        return visit.entered_at if visit and visit.stage is self.stage_of(ticket_id) else None

    # -- stage moves ------------------------------------------------------------------------

    def _check_promise(self, promised_by: datetime) -> datetime:
        if promised_by.tzinfo is None:
            raise WorkflowError("the promised-by time needs a timezone", needs_promise=True)
        if promised_by <= self.clock():
            raise WorkflowError("the promised-by time must be in the future", needs_promise=True)
        return promised_by.astimezone(UTC).replace(microsecond=0)

    def plan_move(
        self, ticket_id: int, target: Stage, *, promised_by: datetime | None = None
    ) -> StageChange:
        """Check a move to ``target`` and say what it writes; nothing is written."""
        before = self.stage_of(ticket_id)
        if target is before:
            raise WorkflowError(f"the ticket is already at {target.value}")
        if promised_by is not None:
            promised_by = self._check_promise(promised_by)
        elif target is Stage.FIX:
            current = self.promised_by(ticket_id)
            if current is None or current <= self.clock():
                raise WorkflowError(
                    "entering fix needs a promised-by time: by when will it be solved?",
                    needs_promise=True,
                )
        fields: dict[str, Any] = {"stage": target}
        if promised_by is not None:
            fields["promised_by"] = promised_by
        if self.mirror_tags:
            fields["tags_add"], fields["tags_remove"] = stage_tag_changes(target)
        return StageChange(
            ticket_id=ticket_id,
            before=before,
            after=target,
            update=TicketUpdate(**fields),
            promised_by=promised_by,
        )

    def plan_advance(self, ticket_id: int, *, promised_by: datetime | None = None) -> StageChange:
        """The move of ``]``: one stage forward."""
        current = self.stage_of(ticket_id)
        target = next_stage(current)
        if target is None:
            raise WorkflowError(
                "confirm is the last stage: solve the ticket once the customer confirms"
            )
        return self.plan_move(ticket_id, target, promised_by=promised_by)

    def plan_back(self, ticket_id: int) -> StageChange:
        """The move of ``[``: one stage back."""
        target = previous_stage(self.stage_of(ticket_id))
        if target is None:
            raise WorkflowError("listen is the first stage")
        return self.plan_move(ticket_id, target)

    def plan_macro(
        self,
        ticket_id: int,
        macro_stages: Sequence[Stage],
        *,
        explicit: Stage | None = None,
        promised_by: datetime | None = None,
    ) -> StageChange | None:
        """The move a macro makes, if any: its explicit ``actions.stage``, else forward only."""
        current = self.stage_of(ticket_id)
        target = explicit if explicit is not None else stage_after_macro(current, macro_stages)
        if target is None or target is current:
            return None
        return self.plan_move(ticket_id, target, promised_by=promised_by)

    def apply(self, change: StageChange) -> StageChange:
        """Queue a planned move through the outbox and log it; returns it with its row."""
        version = self._ticket(change.ticket_id)[3]
        entry = self.outbox.enqueue_update(
            change.ticket_id,
            change.update,
            expected_version=version or None,
            agent_id=self.agent_id,
        )
        self.record(change)
        return dataclasses.replace(change, entry_id=entry.id)

    def record(self, change: StageChange) -> None:
        """Log a move that was queued (by :meth:`apply`, or inside a macro's message).

        Moving back withdraws an agent's confirmation mark: the problem is open again.
        """
        self.record_stage(change.ticket_id, change.after, previous=change.before)
        if not change.forward:
            self.clear_confirmed(change.ticket_id)

    def move_to(
        self, ticket_id: int, target: Stage, *, promised_by: datetime | None = None
    ) -> StageChange:
        return self.apply(self.plan_move(ticket_id, target, promised_by=promised_by))

    def advance(self, ticket_id: int, *, promised_by: datetime | None = None) -> StageChange:
        return self.apply(self.plan_advance(ticket_id, promised_by=promised_by))

    def back(self, ticket_id: int) -> StageChange:
        return self.apply(self.plan_back(ticket_id))

    def set_promise(self, ticket_id: int, promised_by: datetime) -> OutboxEntry:
        """Change the promised-by time without moving the stage."""
        version = self._ticket(ticket_id)[3]
        return self.outbox.enqueue_update(
            ticket_id,
            TicketUpdate(promised_by=self._check_promise(promised_by)),
            expected_version=version or None,
            agent_id=self.agent_id,
        )

    # -- the stage log ----------------------------------------------------------------------

    def record_stage(
        self,
        ticket_id: int,
        stage: Stage,
        at: datetime | None = None,
        *,
        previous: Stage | None = None,
    ) -> bool:
        """Log that the ticket is in ``stage`` from ``at`` (no-op if the log already says so)."""
        return record_stage(
            self.conn,
            ticket_id,
            stage,
            at or self.clock(),
            agent_id=self.agent_id,
            previous=previous,
        )

    def reconcile(self, ticket_ids: Collection[int], *, track_new: bool = False) -> int:
        """Bring the log in line with tickets changed elsewhere (sync, a colleague, a close).

        A solved or closed ticket has no open visit; an active one's open visit is
        its current stage. Tickets the log never saw are left alone unless
        ``track_new``. Returns how many tickets' logs changed.
        """
        now = self.clock()
        changed = 0
        for ticket_id in ticket_ids:
            try:
                stage, status = self.stage_of(ticket_id), self.status_of(ticket_id)
            except WorkflowError:
                continue  # deleted meanwhile (its log went with it)
            visit = open_visit(self.conn, ticket_id)
            if not status.is_active:
                changed += end_stage(self.conn, ticket_id, now)
                continue
            if visit is None and not track_new and not stage_visits(self.conn, ticket_id):
                continue
            changed += record_stage(self.conn, ticket_id, stage, now)
        return changed

    def time_in_stages(self, ticket_id: int) -> dict[Stage, float]:
        """Seconds spent in each stage so far (the current stay counts until now)."""
        return time_in_stages(self.conn, ticket_id, self.clock())

    # -- checklists -------------------------------------------------------------------------

    def checklist(self, ticket_id: int, stage: Stage | None = None) -> tuple[CheckState, ...]:
        """The checklist of ``stage`` (default: the ticket's stage) as the agent sees it."""
        stage = stage or self.stage_of(ticket_id)
        ticked = {
            str(item): (int(at), agent)
            for item, at, agent in self.conn.execute(
                "SELECT item, checked_at, agent_id FROM stage_checks "
                "WHERE ticket_id = ? AND stage = ?",
                (ticket_id, stage.value),
            )
        }
        derived = self._derived(ticket_id, stage)
        states = []
        for item in CHECKLISTS[stage]:
            at, agent = ticked.get(item.key, (None, None))
            auto = derived.get(item.key)
            states.append(
                CheckState(
                    stage=stage,
                    key=item.key,
                    label=item.label,
                    checked=at is not None or auto is not None,
                    derived=item.derived,
                    checked_at=_when(at) if at is not None else auto,
                    agent_id=agent,
                )
            )
        return tuple(states)

    def _derived(self, ticket_id: int, stage: Stage) -> dict[str, datetime]:
        """Items the workflow ticks itself, with when they became true."""
        found: dict[str, datetime] = {}
        if stage is Stage.FIX:
            promise = self.promised_by(ticket_id)
            if promise is not None:
                found["promise"] = promise
        elif stage is Stage.CONFIRM:
            question = self._confirm_question(ticket_id)
            if question is not None:
                found["ask"] = _when(question[1])
            confirmation = self.confirmation(ticket_id)
            if confirmation is not None:
                found["confirmed"] = confirmation.at
        return found

    def check(self, ticket_id: int, stage: Stage, key: str, checked: bool = True) -> None:
        """Tick (or untick) a checklist item.

        "Customer confirmed" is the agent's confirmation mark; "Set a promised-by
        time" is ticked by setting the time (:meth:`set_promise`, or entering fix).
        """
        self._ticket(ticket_id)
        item = checklist_item(stage, key)
        if item is None:
            raise WorkflowError(f"{stage.value} has no checklist item {key!r}")
        if stage is Stage.CONFIRM and key == "confirmed":
            if checked:
                self.mark_confirmed(ticket_id)
            else:
                self.clear_confirmed(ticket_id)
            return
        if stage is Stage.FIX and key == "promise":
            raise WorkflowError(
                "set the promised-by time: it is ticked once set", needs_promise=checked
            )
        with write(self.conn):
            if checked:
                self.conn.execute(
                    "INSERT INTO stage_checks(ticket_id, stage, item, checked_at, agent_id) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (ticket_id, stage.value, key, epoch(self.clock()), self.agent_id),
                )
            else:
                self.conn.execute(
                    "DELETE FROM stage_checks WHERE ticket_id = ? AND stage = ? AND item = ?",
                    (ticket_id, stage.value, key),
                )

    # -- confirmation -----------------------------------------------------------------------

    def _confirm_question(self, ticket_id: int) -> tuple[int, int] | None:
        """The agent's last public message since the ticket entered confirm (id, time)."""
        if self.stage_of(ticket_id) is not Stage.CONFIRM:
            return None
        visit = open_visit(self.conn, ticket_id)
        since = 0
        if visit is not None and visit.stage is Stage.CONFIRM:
            since = epoch(visit.entered_at) - CLOCK_SKEW
        row = self.conn.execute(
            "SELECT id, created_at FROM messages WHERE ticket_id = ? AND author_role = 'agent' "
            "AND public = 1 AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT 1",
            (ticket_id, since),
        ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]))

    def confirmation(self, ticket_id: int) -> Confirmation | None:
        """Whether (and how) the customer confirmed: the one answer to "confirmed?".

        Either the customer wrote after the agent's last public message in the
        confirm stage, or the agent marked it (:meth:`mark_confirmed`).
        """
        question = self._confirm_question(ticket_id)
        if question is not None:
            asked_id, asked_at = question
            row = self.conn.execute(
                "SELECT id, created_at FROM messages WHERE ticket_id = :t "
                "AND author_role = 'customer' AND (created_at > :at OR "
                "(created_at = :at AND id > :id)) ORDER BY created_at, id LIMIT 1",
                {"t": ticket_id, "at": asked_at, "id": asked_id},
            ).fetchone()
            if row is not None:
                return Confirmation(
                    how=ConfirmedBy.CUSTOMER_REPLY, at=_when(int(row[1])), message_id=int(row[0])
                )
        mark = self.conn.execute(
            "SELECT confirmed_at, agent_id FROM confirmations WHERE ticket_id = ?", (ticket_id,)
        ).fetchone()
        if mark is not None:
            return Confirmation(
                how=ConfirmedBy.AGENT_MARKED, at=_when(int(mark[0])), agent_id=mark[1]
            )
        return None

    def is_confirmed(self, ticket_id: int) -> bool:
        return self.confirmation(ticket_id) is not None

    def mark_confirmed(self, ticket_id: int) -> Confirmation:
        """The agent records that the customer confirmed (kept until the ticket moves back)."""
        self._ticket(ticket_id)
        at = epoch(self.clock())
        with write(self.conn):
            self.conn.execute(
                "INSERT INTO confirmations(ticket_id, confirmed_at, agent_id) VALUES (?, ?, ?) "
                "ON CONFLICT(ticket_id) DO UPDATE SET confirmed_at = excluded.confirmed_at, "
                "agent_id = excluded.agent_id",
                (ticket_id, at, self.agent_id),
            )
        return Confirmation(how=ConfirmedBy.AGENT_MARKED, at=_when(at), agent_id=self.agent_id)

    def clear_confirmed(self, ticket_id: int) -> None:
        """Withdraw the agent's mark (a customer's reply still counts)."""
        with write(self.conn):
            self.conn.execute("DELETE FROM confirmations WHERE ticket_id = ?", (ticket_id,))

    # -- solving and closing ----------------------------------------------------------------

    def guard_close(self, ticket_id: int, status: Status) -> CloseGuard:
        """May the ticket be set to ``status`` now? Solving or closing needs a confirmation.

        Other statuses are always allowed, and so is closing a ticket already solved
        (the decision was made when it was solved).
        """
        stage = self.stage_of(ticket_id)
        if status not in _CLOSING:
            return CloseGuard(ticket_id, status, stage, True, f"{status.value} is not a close")
        if not self.status_of(ticket_id).is_active:
            return CloseGuard(ticket_id, status, stage, True, "the ticket is already solved")
        confirmation = self.confirmation(ticket_id)
        if confirmation is not None:
            how = (
                "the customer replied to the confirm question"
                if confirmation.how is ConfirmedBy.CUSTOMER_REPLY
                else "the confirmation was marked by an agent"
            )
            return CloseGuard(ticket_id, status, stage, True, how, confirmation)
        if stage is Stage.CONFIRM:
            why = "the customer has not answered the confirm question yet"
        else:
            why = f"the ticket is at {stage.value}: ask whether the customer is satisfied first"
        return CloseGuard(ticket_id, status, stage, False, why)

    def close(
        self, ticket_id: int, status: Status, *, override_reason: str | None = None
    ) -> OutboxEntry:
        """Queue a status change, refused (:class:`WorkflowError` with ``guard``) when the
        guard says no and no override reason is given."""
        guard = self.guard_close(ticket_id, status)
        if guard.needs_override:
            if override_reason is None:
                raise WorkflowError(
                    f"not {status.value}: {guard.reason} (or give a reason to override)",
                    exit_code=4,
                    guard=guard,
                )
            return self.close_with_override(ticket_id, status, override_reason)
        version = self._ticket(ticket_id)[3]
        entry = self.outbox.enqueue_update(
            ticket_id,
            TicketUpdate(status=status),
            expected_version=version or None,
            agent_id=self.agent_id,
        )
        self.closed(ticket_id, status)
        return entry

    def close_with_override(self, ticket_id: int, status: Status, reason: str) -> OutboxEntry:
        """Solve or close before the customer confirmed: an internal note says why.

        The note and the status change are one outbox row, so neither goes alone.
        """
        reason = " ".join(reason.split())
        if not reason:
            raise WorkflowError(
                "an override needs a reason: why close before the customer confirms?"
            )
        if status not in _CLOSING:
            raise WorkflowError(f"only solving or closing needs an override, not {status.value}")
        guard = self.guard_close(ticket_id, status)
        if guard.allowed:
            return self.close(ticket_id, status)
        verb = "Solved" if status is Status.SOLVED else "Closed"
        version = self._ticket(ticket_id)[3]
        entry = self.outbox.enqueue_message(
            ticket_id,
            body=f"{verb} before the customer confirmed (stage: {guard.stage.value}): {reason}",
            public=False,
            changes=TicketUpdate(status=status),
            expected_version=version or None,
            agent_id=self.agent_id,
        )
        self.closed(ticket_id, status)
        return entry

    def closed(self, ticket_id: int, status: Status) -> None:
        """A status change was queued (here, by a macro or the status key): end the open
        visit of a solved or closed ticket, so its stage stops counting time."""
        if status in _CLOSING:
            end_stage(self.conn, ticket_id, self.clock())
