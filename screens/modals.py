"""Small modal dialogs: pick one option, type a line, confirm an action.

Every dangerous or bulk action goes through one of these, so it is visible and
cancellable with ``esc``. Labels are shown as ``Text``: option labels may contain
customer or agent names and must never be parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

__all__ = ["ChoiceModal", "ConfirmModal", "TextModal"]

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 64; max-width: 90%; height: auto; max-height: 80%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} Label {{ width: 100%; padding: 0 0 1 0; }}
{name} OptionList {{ height: auto; max-height: 20; border: none; }}
"""


class ChoiceModal(ModalScreen[str | None]):
    """Choose one of ``options`` (value, label); dismisses with the value or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel"),
    ]
    DEFAULT_CSS = _CSS.format(name="ChoiceModal")

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(options)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield OptionList(*(Option(Text(label), id=value) for value, label in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class TextModal(ModalScreen[str | None]):
    """Type one line (enter to accept, esc to cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel"),
    ]
    DEFAULT_CSS = _CSS.format(name="TextModal")

    def __init__(self, title: str, *, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield Input(value=self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question; ``y`` confirms, ``n`` or ``esc`` declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "dismiss(True)", "Yes", id="modal.yes"),
        Binding("n,escape", "dismiss(False)", "No", id="modal.no"),
    ]
    DEFAULT_CSS = _CSS.format(name="ConfirmModal")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Label(Text("y: yes   n / esc: no", style="dim"))
