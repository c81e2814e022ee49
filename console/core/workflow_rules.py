"""The incident process as pure rules: stage order, checklists, tags, deadlines, focus.

A good incident goes listen → identify → fix → solve → thank → confirm. Everything
here is a decision that needs no database, so the stage bar, the queue, the
supervisor view and the macro picker can all ask the same questions cheaply and
tests can freeze the clock: which stage follows, what a macro of some stage does
to a ticket's stage, how a stage is mirrored as a tag on helpdesks without a
stage field, whether a promised-by time is near or past, and what the agent
should focus on while the customer's anger is still rising.
:mod:`console.core.workflow` applies these rules to tickets through the outbox.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from api_client.models import Stage, Status

__all__ = [
    "CHECKLISTS",
    "DEFAULT_WARN",
    "STAGES",
    "STAGE_HINTS",
    "STAGE_LABELS",
    "STAGE_TAG_PREFIX",
    "ChecklistItem",
    "DeadlineState",
    "StageFocus",
    "checklist_item",
    "deadline_state",
    "mirror_tags_for",
    "next_stage",
    "previous_stage",
    "promise_open",
    "stage_after_macro",
    "stage_focus",
    "stage_from_tags",
    "stage_tag",
    "stage_tag_changes",
    "ticket_deadline_state",
]

STAGES: tuple[Stage, ...] = tuple(Stage)
"""The six stages in order."""

STAGE_LABELS: dict[Stage, str] = {
    Stage.LISTEN: "Listen",
    Stage.IDENTIFY: "Identify",
    Stage.FIX: "Fix",
    Stage.SOLVE: "Solve",
    Stage.THANK: "Thank",
    Stage.CONFIRM: "Confirm",
}

STAGE_HINTS: dict[Stage, str] = {
    Stage.LISTEN: "Let the customer speak; do not interrupt.",
    Stage.IDENTIFY: "State the problem before the customer has to.",
    Stage.FIX: "Tell the steps you will take and by when (as soon as you can).",
    Stage.SOLVE: "Do what you promised, then say it is done.",
    Stage.THANK: "Thank them for taking the trouble to tell us.",
    Stage.CONFIRM: "Ask whether they are satisfied; close only once they confirm.",
}
"""One line per stage, for the stage bar's tooltip and the macro picker."""


def next_stage(stage: Stage) -> Stage | None:
    """The stage after ``stage`` (``None`` after confirm)."""
    return STAGES[stage.order + 1] if stage.order + 1 < len(STAGES) else None


def previous_stage(stage: Stage) -> Stage | None:
    """The stage before ``stage`` (``None`` before listen)."""
    return STAGES[stage.order - 1] if stage.order > 0 else None


# -- checklists ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing to do in a stage; ``key`` is stored, ``label`` is shown (and translatable).

    ``derived`` items are ticked by the workflow itself from what happened (a
    promise was set, the question was asked, the customer confirmed).
    """

    key: str
    label: str
    derived: bool = False


CHECKLISTS: dict[Stage, tuple[ChecklistItem, ...]] = {
    Stage.LISTEN: (
        ChecklistItem("let_finish", "Let the customer finish"),
        ChecklistItem("acknowledge", "Acknowledge the feelings"),
        ChecklistItem("apologise", "Apologise for the trouble"),
    ),
    Stage.IDENTIFY: (
        ChecklistItem("restate", "Restate the problem in your words"),
        ChecklistItem("check_order", "Check order and shipment"),
    ),
    Stage.FIX: (
        ChecklistItem("tell_steps", "Tell the steps you will take"),
        ChecklistItem("promise", "Set a promised-by time", derived=True),
    ),
    Stage.SOLVE: (
        ChecklistItem("do_it", "Do what you promised"),
        ChecklistItem("tell_done", "Tell the customer it is done"),
    ),
    Stage.THANK: (ChecklistItem("thank", "Thank them for telling us"),),
    Stage.CONFIRM: (
        ChecklistItem("ask", "Ask whether they are satisfied", derived=True),
        ChecklistItem("confirmed", "Customer confirmed", derived=True),
    ),
}


def checklist_item(stage: Stage, key: str) -> ChecklistItem | None:
    """The item ``key`` of a stage's checklist, if it has one."""
    return next((item for item in CHECKLISTS[stage] if item.key == key), None)


# -- the stage as a tag ------------------------------------------------------------------------

STAGE_TAG_PREFIX = "stage_"
_STAGE_VALUES = frozenset(s.value for s in Stage)


def stage_tag(stage: Stage) -> str:
    """The tag that shows a stage on the helpdesk's own UI (``stage_fix``)."""
    return f"{STAGE_TAG_PREFIX}{stage.value}"


def stage_tag_changes(stage: Stage) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tags to add and to remove so that exactly ``stage``'s tag remains."""
    return (stage_tag(stage),), tuple(stage_tag(s) for s in STAGES if s is not stage)


def stage_from_tags(tags: Iterable[str]) -> Stage | None:
    """The stage a ticket's tags say (the latest stage if several), or ``None``.

    For a helpdesk without a stage field: whoever reads its tickets into the
    mirror takes the stage from here, so a sync does not reset it to listen.
    """
    names = (tag.removeprefix(STAGE_TAG_PREFIX) for tag in tags if tag.startswith(STAGE_TAG_PREFIX))
    found = [Stage(name) for name in names if name in _STAGE_VALUES]
    return max(found, key=lambda s: s.order, default=None)


def mirror_tags_for(capabilities: Collection[str]) -> bool:
    """Mirror the stage as a tag when the helpdesk has tags but no stage field of its own."""
    # Capability values are strings ("tags", "stage_field"): no httpx import for this.
    return "tags" in capabilities and "stage_field" not in capabilities


# -- macros ------------------------------------------------------------------------------------


def stage_after_macro(current: Stage, macro_stages: Sequence[Stage]) -> Stage | None:
    """The stage a ticket moves to when a macro made for ``macro_stages`` is sent.

    A macro of a later stage moves the ticket forward, to the nearest such stage;
    a macro that fits the current stage, or only earlier ones, never moves it
    (nor back: answering a new question in the middle of solving is not a step back).
    """
    if not macro_stages or current in macro_stages:
        return None
    later = [s for s in macro_stages if s.order > current.order]
    return min(later, key=lambda s: s.order, default=None)


# -- promised-by deadlines ---------------------------------------------------------------------

DEFAULT_WARN = timedelta(hours=2)
"""How long before a promised-by time the queue starts warning."""


class DeadlineState(enum.StrEnum):
    NONE = "none"
    """No promise, or it no longer matters (done, or the ticket is solved)."""
    OK = "ok"
    SOON = "soon"
    """Less than the warning window left."""
    PASSED = "passed"


def deadline_state(
    promised_by: datetime | None, now: datetime, *, warn: timedelta = DEFAULT_WARN
) -> DeadlineState:
    """Where ``now`` stands against a promised-by time (both timezone-aware)."""
    if promised_by is None:
        return DeadlineState.NONE
    if now >= promised_by:
        return DeadlineState.PASSED
    if promised_by - now <= warn:
        return DeadlineState.SOON
    return DeadlineState.OK


def promise_open(stage: Stage | str, status: Status | str) -> bool:
    """A promise still has to be kept: the ticket is active and not yet past solve."""
    return Status(status).is_active and Stage(stage).order <= Stage.SOLVE.order


def ticket_deadline_state(
    promised_by: datetime | None,
    stage: Stage | str,
    status: Status | str,
    now: datetime,
    *,
    warn: timedelta = DEFAULT_WARN,
) -> DeadlineState:
    """:func:`deadline_state` for a queue row: ``NONE`` once the promise is kept."""
    if not promise_open(stage, status):
        return DeadlineState.NONE
    return deadline_state(promised_by, now, warn=warn)


# -- hostility ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageFocus:
    """What to offer first: macros of ``stages``, with a one-line ``hint``.

    ``hold_solutions`` is true while the customer's anger rises or peaks: offering
    a solution then fails, so fix/solve macros should not come first.
    """

    stages: tuple[Stage, ...]
    hint: str
    hold_solutions: bool = False


def stage_focus(phase: str | None, stage: Stage) -> StageFocus:
    """The focus for a ticket in ``stage`` whose hostility curve is in ``phase``.

    ``phase`` is ``ticket_insights.phase`` (rising, peak, calming, calm) or ``None``
    before the ticket was analysed.
    """
    if phase == "rising":
        return StageFocus(
            (Stage.LISTEN,),
            "Listen first: the anger is rising. Let them finish, acknowledge, apologise; "
            "no solutions yet.",
            hold_solutions=True,
        )
    if phase == "peak":
        return StageFocus(
            (Stage.LISTEN,),
            "Still at its peak: keep listening and acknowledge before offering anything.",
            hold_solutions=True,
        )
    if phase == "calming" and stage is Stage.LISTEN:
        return StageFocus(
            (Stage.IDENTIFY,),
            "Calming down: now state the problem in your words.",
        )
    return StageFocus((stage,), STAGE_HINTS[stage])
