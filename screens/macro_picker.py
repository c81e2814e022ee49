"""MacroPicker: choose a prepared answer, see it rendered for this very ticket, insert it.

Type to search titles and bodies; the list starts with what fits the ticket's stage,
reasons, language and channel (listen and empathy first while the customer's anger
rises, solutions marked premature). The preview is the real reply, rendered with
the ticket's context in the customer's language, with the changes it will make; a
render error is shown in place and can never be inserted. ``enter`` inserts the
text; ``ctrl+j``/``alt+enter``/``ctrl+enter`` inserts it and applies its actions
when the reply is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from console.core.errors import UserError
from console.core.macros import MacroSpec, Rendered
from console.core.macros.helpdesk import HELPDESK, UNDETERMINED
from console.core.macros.picker import Ranked

__all__ = ["MacroPicker", "Picked"]


@dataclass(frozen=True)
class Picked:
    """What the agent chose: the rendered macro, and whether its actions go with the reply."""

    macro: MacroSpec
    rendered: Rendered
    apply_actions: bool


class MacroPicker(ModalScreen[Picked | None]):
    """Search, preview and pick a macro for one ticket."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="macro.cancel"),
        Binding("enter", "pick(False)", "Insert", id="macro.insert", priority=True),
        Binding(
            "ctrl+enter,ctrl+j,alt+enter",
            "pick(True)",
            "Insert + actions",
            id="macro.insert_apply",
            priority=True,
        ),
        Binding("down", "move(1)", "Down", show=False, id="macro.down", priority=True),
        Binding("up", "move(-1)", "Up", show=False, id="macro.up", priority=True),
    ]

    DEFAULT_CSS = """
    MacroPicker { align: center middle; }
    MacroPicker > Vertical {
        width: 95%; height: 90%; border: thick $primary; background: $surface;
    }
    MacroPicker #macro-search { border: none; height: 1; padding: 0 1; }
    MacroPicker #macro-hint { height: auto; color: $warning; padding: 0 1; }
    MacroPicker Horizontal { height: 1fr; }
    MacroPicker OptionList { width: 40%; border: none; height: 1fr; }
    MacroPicker #macro-preview-box { width: 60%; border-left: solid $panel-lighten-2; }
    MacroPicker #macro-preview { padding: 0 1; }
    """

    def __init__(
        self,
        ranked: Sequence[Ranked],
        render: Callable[[MacroSpec], Rendered],
        *,
        hint: str = "",
        describe: Callable[[Rendered], str] | None = None,
    ) -> None:
        super().__init__()
        self.ranked = list(ranked)
        self.render_macro = render
        self.hint = hint
        self.describe = describe or _describe_actions
        self._shown: list[Ranked] = []
        self._cache: dict[str, Rendered | UserError] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="search macros…", id="macro-search")
            yield Static(Text(self.hint), id="macro-hint")
            with Horizontal():
                yield OptionList(id="macro-list")
                with VerticalScroll(id="macro-preview-box"):
                    yield Static(id="macro-preview")

    def on_mount(self) -> None:
        self._filter("")
        self.query_one("#macro-search", Input).focus()

    # -- the list ---------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        self._shown = [r for r in self.ranked if all(word in _haystack(r.macro) for word in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([_option(r) for r in self._shown])
        if self._shown:
            options.highlighted = 0
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(False)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if not self._shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self._shown) - 1, current + delta))

    @property
    def current(self) -> Ranked | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    # -- preview and picking ---------------------------------------------------------------

    def _rendered(self, macro: MacroSpec) -> Rendered | UserError:
        if macro.id not in self._cache:
            try:
                self._cache[macro.id] = self.render_macro(macro)
            except UserError as problem:
                self._cache[macro.id] = problem
        return self._cache[macro.id]

    def _preview(self) -> None:
        preview = self.query_one("#macro-preview", Static)
        chosen = self.current
        if chosen is None:
            preview.update(Text("No macro matches.", style="italic"))
            return
        result = self._rendered(chosen.macro)
        if isinstance(result, UserError):
            preview.update(Text(f"Cannot be used here:\n{result}", style="bold red"))
            return
        text = Text()
        if chosen.premature:
            text.append(
                "Premature: the customer is still getting angrier. Listen first.\n\n",
                style="bold yellow",
            )
        if result.fell_back and result.lang != UNDETERMINED:
            text.append(
                f"No {result.wanted_lang} text: shown in {result.lang}.\n\n", style="yellow"
            )
        text.append(result.text)
        actions = self.describe(result)
        if actions:
            text.append(f"\n\nWith ctrl+j it also: {actions}", style="dim")
        preview.update(text)

    def action_pick(self, apply_actions: bool) -> None:
        chosen = self.current
        if chosen is None:
            return
        result = self._rendered(chosen.macro)
        if isinstance(result, UserError):
            self.notify("This macro cannot be rendered for this ticket.", severity="error")
            return
        self.dismiss(Picked(chosen.macro, result, apply_actions))


def _haystack(macro: MacroSpec) -> str:
    return " ".join([macro.id, macro.title, macro.description, *macro.bodies.values()]).lower()


def _option(ranked: Ranked) -> Option:
    macro = ranked.macro
    label = Text()
    label.append("● " if ranked.fits else "  ", style="green")
    label.append(macro.title)
    stages = ", ".join(s.value for s in macro.stages)
    if stages:
        label.append(f"  {stages}", style="dim")
    if ranked.premature:
        label.append("  premature", style="yellow")
    if macro.path == HELPDESK:
        label.append("  helpdesk", style="italic dim")
    return Option(label, id=macro.id)


def _describe_actions(rendered: Rendered) -> str:
    actions = rendered.actions
    parts = []
    if actions.status is not None:
        parts.append(f"status {actions.status.value}")
    if actions.priority is not None:
        parts.append(f"priority {actions.priority.value}")
    if actions.stage is not None:
        parts.append(f"stage {actions.stage.value}")
    if actions.tags_add:
        parts.append("tags +" + " +".join(actions.tags_add))
    if actions.tags_remove:
        parts.append("tags -" + " -".join(actions.tags_remove))
    if actions.assignee is not None:
        parts.append(f"assign {actions.assignee}")
    if rendered.promised_by is not None:
        parts.append(f"promise {rendered.promised_by:%a %d %b %H:%M}")
    if rendered.note:
        parts.append("an internal note")
    return ", ".join(parts)
