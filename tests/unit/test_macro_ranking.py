"""The picker's order: the ticket's stage and reasons first, solutions held while anger rises."""

from __future__ import annotations

from api_client.models import Stage, TicketUpdate
from console.core.actions import merge_updates
from console.core.macros import MacroSpec
from console.core.macros.picker import rank_macros
from console.core.workflow import stage_focus


def _macro(id_: str, stages: tuple[Stage, ...], reasons: tuple[str, ...] = ()) -> MacroSpec:
    return MacroSpec(
        id=id_, title=id_, bodies={"it": "x", "en": "x"}, stages=stages, reasons=reasons
    )


MACROS = [
    _macro("fix.refund", (Stage.FIX,), ("return_refund",)),
    _macro("listen.sorry", (Stage.LISTEN,)),
    _macro("identify.wismo", (Stage.IDENTIFY,), ("where_is_my_order",)),
    _macro("identify.refund", (Stage.IDENTIFY,), ("return_refund",)),
    _macro("solve.done", (Stage.SOLVE,)),
]


def test_the_tickets_stage_and_reason_come_first() -> None:
    ranked = rank_macros(
        MACROS, focus=stage_focus("calm", Stage.IDENTIFY), reasons=["return_refund"], lang="it"
    )
    assert [r.macro.id for r in ranked][:2] == ["identify.refund", "identify.wismo"]
    assert ranked[0].fits and not any(r.premature for r in ranked)


def test_while_anger_rises_listen_comes_first_and_solutions_are_premature() -> None:
    ranked = rank_macros(
        MACROS, focus=stage_focus("rising", Stage.FIX), reasons=["return_refund"], lang="it"
    )
    assert ranked[0].macro.id == "listen.sorry"
    assert {r.macro.id for r in ranked if r.premature} == {"fix.refund", "solve.done"}
    assert [r.premature for r in ranked][-2:] == [True, True]


def test_merging_changes_second_wins_and_tags_accumulate() -> None:
    from api_client.models import Status

    merged = merge_updates(
        TicketUpdate(status=Status.PENDING, tags_add=("a",), tags_remove=("b",)),
        TicketUpdate(status=Status.SOLVED, tags_add=("b", "c")),
    )
    assert merged.status is Status.SOLVED
    assert merged.tags_add == ("a", "b", "c") and merged.tags_remove == ()
