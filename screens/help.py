"""HelpScreen: the `?` overlay listing every key that works right now, from the bindings.

It is generated, never written by hand: it reads the bindings active on the screen
beneath it (the focused widget, its containers, the screen and the app, exactly
what Textual will dispatch a key to), after the user's ``[keymap]`` is applied,
so it cannot drift from the code or from a remapped key. Rows are grouped by
scope, the part of the binding id before the dot (``queue``, ``ticket``, ``app``);
bindings without an id are listed too, under the app or ``other``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpRow", "HelpScreen", "help_rows", "help_table"]

OTHER_SCOPE = "other"
"""Where bindings without an id (and not on the app) are listed."""


@dataclass(frozen=True)
class HelpRow:
    """One binding as the help shows it; a binding bound to several keys is one row."""

    scope: str
    keys: tuple[str, ...]
    """As the footer shows them (``App.get_key_display``), e.g. ``("↓", "j")``."""
    description: str
    tooltip: str
    id: str | None
    enabled: bool = True

    @property
    def key_text(self) -> str:
        return " ".join(self.keys)


def help_rows(app: App[Any], bindings: Iterable[ActiveBinding]) -> list[HelpRow]:
    """The rows for ``bindings`` (e.g. ``screen.active_bindings.values()``), grouped by scope.

    Scopes keep the order in which they first appear (the focused widget's first,
    the app's last); ``other`` comes last. System bindings (hidden from Textual's
    key panel too) are left out.
    """
    merged: dict[tuple[int, str], HelpRow] = {}
    for active in bindings:
        binding = active.binding
        if binding.system:
            continue
        identity = (id(active.node), binding.id or f"{binding.action}\0{binding.description}")
        key = app.get_key_display(binding)
        row = merged.get(identity)
        if row is not None:
            if key not in row.keys:
                merged[identity] = HelpRow(
                    row.scope,
                    (*row.keys, key),
                    row.description,
                    row.tooltip,
                    row.id,
                    row.enabled or active.enabled,
                )
            continue
        merged[identity] = HelpRow(
            scope=_scope(binding, is_app=active.node is app),
            keys=(key,),
            description=binding.description or binding.action,
            tooltip=active.tooltip or binding.tooltip or "",
            id=binding.id,
            enabled=active.enabled,
        )
    scopes: dict[str, list[HelpRow]] = {}
    for row in merged.values():
        scopes.setdefault(row.scope, []).append(row)
    order = sorted(scopes, key=lambda scope: scope == OTHER_SCOPE)  # stable: "other" last
    return [row for scope in order for row in scopes[scope]]


def _scope(binding: Binding, *, is_app: bool) -> str:
    if binding.id:
        return binding.id.split(".", 1)[0]
    return "app" if is_app else OTHER_SCOPE


def help_table(rows: Iterable[HelpRow]) -> Table:
    """A table with a titled section per scope: key, action, id, and the longer tooltip."""
    table = Table(
        box=None, expand=True, show_edge=False, padding=(0, 1), header_style="bold", pad_edge=False
    )
    table.add_column("Key", no_wrap=True, style="bold", min_width=5)
    table.add_column("Action", no_wrap=True)
    table.add_column("Id", no_wrap=True, style="dim")
    table.add_column("", ratio=1, style="italic", overflow="fold")
    scope = None
    for row in rows:
        if row.scope != scope:
            if scope is not None:
                table.add_row()
            scope = row.scope
            table.add_row(Text(scope, style="bold underline"))
        style = "" if row.enabled else "dim"
        table.add_row(
            Text(row.key_text),
            Text(row.description),
            Text(row.id or ""),
            Text(row.tooltip),
            style=style,
        )
    return table


class HelpScreen(ModalScreen[None]):
    """Every key that works on the screen beneath, grouped by scope; esc, q or ? closes.

    Pass ``bindings`` (``screen.active_bindings``) read before pushing, or leave it out
    to read the screen just below this one in the stack when it is composed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-dialog {
        width: 100%; max-width: 120; height: 100%; max-height: 40;
        border: round $primary; border-title-align: left; background: $surface; padding: 0 1;
    }
    HelpScreen #help-body { height: 1fr; scrollbar-gutter: stable; }
    HelpScreen #help-table { width: 1fr; height: auto; }
    HelpScreen #help-hint { height: 1; color: $text-muted; }
    """

    def __init__(
        self,
        bindings: Mapping[str, ActiveBinding] | Iterable[ActiveBinding] | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        if isinstance(bindings, Mapping):
            bindings = bindings.values()
        self._given: list[ActiveBinding] | None = None if bindings is None else list(bindings)
        self.rows: list[HelpRow] = []

    def compose(self) -> ComposeResult:
        bindings = self._given
        if bindings is None:
            bindings = list(self._screen_beneath_bindings())
        self.rows = help_rows(self.app, bindings)
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-body"):
                yield Static(help_table(self.rows), id="help-table")
            yield Static(Text("esc, q or ? to close · ↑ ↓ pgup pgdn to scroll"), id="help-hint")

    def _screen_beneath_bindings(self) -> Iterable[ActiveBinding]:
        stack = self.app.screen_stack
        index = stack.index(self) if self in stack else len(stack)
        return stack[index - 1].active_bindings.values() if index > 0 else ()

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
