"""OptionFields: one labelled input per option a backend declares, secrets typed hidden.

The login screen asks for whatever the chosen backend declares in its
``options`` (``api_client.backend.BackendOption``), so a third-party plugin gets a
working form without any UI code. Labels and descriptions come from plugins and
are shown as ``Text``, never parsed as markup. Each field has a line under it for
the message of a problem with that answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from api_client.backend import Backend, BackendOption

__all__ = ["OptionFields", "field_label", "field_placeholder"]


def field_label(option: BackendOption, options: Sequence[BackendOption] = ()) -> str:
    """``Subdomain (or Base URL)``, ``Base URL (optional)``: what the form calls an option."""
    if option.secret or (option.required and option.default is None):
        alternative = next((o for o in options if o.name == option.alternative), None)
        return f"{option.label} (or {alternative.label})" if alternative else option.label
    return f"{option.label} (optional)"


def field_placeholder(option: BackendOption) -> str:
    """The option's description, and its default when it has one."""
    default = f"default: {option.default}" if option.default is not None else ""
    return " · ".join(part for part in (option.description, default) if part)


class OptionFields(Vertical):
    """The inputs for one backend's options; :meth:`values` reads the answers."""

    DEFAULT_CSS = """
    OptionFields { height: auto; }
    OptionFields > Label { padding: 1 0 0 0; }
    OptionFields > .field-error { color: $error; height: auto; }
    OptionFields > .field-error.-empty { display: none; }
    OptionFields > .-token-env { display: none; }
    """

    def __init__(self, backend: type[Backend], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.backend = backend

    def compose(self) -> ComposeResult:
        for option in self.backend.options:
            token = " secret" if option.secret else ""
            yield Label(
                Text(field_label(option, self.backend.options)), classes=f"field-label{token}"
            )
            yield Input(
                placeholder=field_placeholder(option),
                password=option.secret,
                id=f"option-{option.name}",
                classes=f"field{token}",
                compact=True,
            )
            yield Static(id=f"error-{option.name}", classes="field-error -empty")

    def values(self) -> dict[str, str]:
        """The non-empty answers, stripped, by option name (secrets included)."""
        answers = {}
        for option in self.backend.options:
            value = self.query_one(f"#option-{option.name}", Input).value.strip()
            if value:
                answers[option.name] = value
        return answers

    def hide_secrets(self, hidden: bool) -> None:
        """Hide the secret fields while the token comes from an environment variable."""
        for widget in self.query(".secret"):
            widget.set_class(hidden, "-token-env")

    def forget_secrets(self) -> None:
        """Empty the secret fields, so a token does not linger once it is stored."""
        for field in self.query(".secret").results(Input):
            field.value = ""

    def show_error(self, name: str, message: str) -> bool:
        """Show ``message`` under option ``name``; ``False`` when there is no such field."""
        found = self.query(f"#error-{name}").results(Static)
        for line in found:
            line.update(Text(message))
            line.remove_class("-empty")
            self.query_one(f"#option-{name}", Input).focus()
            return True
        return False

    def clear_errors(self) -> None:
        for line in self.query(".field-error").results(Static):
            line.update("")
            line.add_class("-empty")
