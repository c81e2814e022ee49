"""StageBar: where a ticket is in listen → identify → fix → solve → thank → confirm.

One line of stages with the current one lit, how long it has been there and the
promised-by deadline (turning yellow, then red, as it nears and passes), and a
second line with the current stage's checklist and what the stage asks of you.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from api_client.models import Stage
from console.core.timefmt import age, countdown
from console.core.workflow import STAGE_HINTS, STAGE_LABELS, CheckState, DeadlineState

__all__ = ["StageBar"]


class StageBar(Static):
    """The workflow stage of the open ticket; the screen calls :meth:`show`."""

    DEFAULT_CSS = """
    StageBar { height: auto; padding: 0 1; background: $panel; }
    """

    def show(
        self,
        stage: Stage,
        *,
        now: datetime,
        since: datetime | None,
        promised_by: datetime | None,
        deadline: DeadlineState,
        checklist: Sequence[CheckState],
        focus_hint: str | None = None,
    ) -> None:
        line = Text()
        for current in Stage:
            label = STAGE_LABELS[current]
            if current is stage:
                line.append(f" {label.upper()} ", style="bold reverse")
            elif current.order < stage.order:
                line.append(f" {label} ", style="green")
            else:
                line.append(f" {label} ", style="dim")
            if current is not Stage.CONFIRM:
                line.append("›", style="dim")
        if since is not None:
            line.append(f"  in {stage.value} for {age(since, now)}", style="dim")
        if promised_by is not None:
            left = countdown(promised_by, now)
            style = {
                DeadlineState.SOON: "bold yellow",
                DeadlineState.PASSED: "bold red",
            }.get(deadline, "")
            when = f"{promised_by:%a %d %b %H:%M}"
            line.append(f"  promised by {when} ({left})", style=style)
        line.append("\n")
        for item in checklist:
            line.append("☑ " if item.checked else "☐ ", style="green" if item.checked else "")
            line.append(f"{item.label}  ", style="dim" if item.checked else "")
        line.append(f"· {focus_hint or STAGE_HINTS[stage]}", style="italic")
        self.update(line)
