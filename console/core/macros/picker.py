"""The macro picker's order: what fits this ticket now comes first.

The picker shows every macro, but in the order an agent needs them: the stage the
ticket is in (or listen and empathy while the customer's anger rises), the
ticket's reasons, its language and channel; macros that would offer a solution
while the curve still rises are kept but marked premature, because a solution
offered to someone still getting angrier fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from api_client.models import Stage
from console.core.macros.model import MacroSpec
from console.core.workflow_rules import StageFocus

__all__ = ["Ranked", "rank_macros"]

_SOLUTIONS = frozenset({Stage.FIX, Stage.SOLVE})


@dataclass(frozen=True)
class Ranked:
    macro: MacroSpec
    fits: bool
    """For this stage (or the focus stage), a reason and the channel of the ticket."""
    premature: bool
    """Offers a solution while the customer is still getting angrier."""


def _score(macro: MacroSpec, focus: StageFocus, reasons: Sequence[str], lang: str | None,
           channel: str | None) -> tuple[int, ...]:  # fmt: skip
    in_focus = not macro.stages or any(stage in focus.stages for stage in macro.stages)
    for_reason = not macro.reasons or any(reason in macro.reasons for reason in reasons)
    has_lang = lang is None or lang in macro.bodies
    for_channel = channel is None or not macro.channels or channel in macro.channels
    premature = focus.hold_solutions and bool(set(macro.stages) & _SOLUTIONS)
    return (
        int(premature),
        -int(in_focus and bool(macro.stages)),
        -int(for_reason and bool(macro.reasons)),
        -int(in_focus),
        -int(for_reason),
        -int(has_lang),
        -int(for_channel),
    )


def rank_macros(
    macros: Iterable[MacroSpec],
    *,
    focus: StageFocus,
    reasons: Sequence[str] = (),
    lang: str | None = None,
    channel: str | None = None,
) -> list[Ranked]:
    """Every macro, best first (a stable sort: the file order breaks ties)."""
    scored = [(_score(m, focus, reasons, lang, channel), index, m) for index, m in
              enumerate(macros)]  # fmt: skip
    scored.sort(key=lambda item: (item[0], item[1]))
    return [
        Ranked(
            macro=m,
            fits=score[3] == -1 and score[4] == -1 and score[6] == -1,
            premature=bool(score[0]),
        )
        for score, _, m in scored
    ]
