"""LoginScreen: connect a helpdesk account from inside the console (`deskside login`'s form).

It asks what the chosen backend declares (plugins included), then hands the
answers to :func:`console.core.login.login`, the same function the command line
uses: verified with a who-am-I call, the token to the OS keyring (or the profile
records the environment variable that holds it), the rest to the config profile.
The check runs in a worker, so the console stays live while the helpdesk
answers; ``esc`` abandons it before anything is saved.

The token is typed in a password field, emptied once stored, and scrubbed from
every message shown (a backend's error text is not trusted to leave it out).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, Select, Static

from api_client import registry
from api_client.backend import Backend, BackendOption
from api_client.errors import BackendError
from console.core.config import load_config
from console.core.errors import UserError
from console.core.login import (
    LoginFieldError,
    MissingOption,
    TokenEnvUnset,
    login,
    login_backends,
)
from console.core.secrets import KeyringTimeout, KeyringUnavailable, SecretStore, redact
from screens.widgets.option_fields import OptionFields, field_label

if TYPE_CHECKING:
    import httpx

__all__ = ["LoginDone", "LoginScreen"]

ENV_CHOICE_LABEL = "Read the token from an environment variable"


@dataclass(frozen=True)
class LoginDone:
    """What the screen dismisses with after a login was verified and saved."""

    profile: str
    agent: str
    token_env: str | None
    open_now: bool = False
    """The user asked to switch the console to the new profile."""


def _keyring_advice(error: UserError) -> str:
    what = (
        f"There is no usable OS keyring on this machine ({error.backend})"
        if isinstance(error, KeyringUnavailable)
        else "The OS keyring did not answer"
    )
    return (
        f"{what}, so the token cannot be stored safely; nothing was saved. Tick "
        f"“{ENV_CHOICE_LABEL}” and give the name of a variable that holds the token "
        "(set it before starting deskside), or install and unlock a keyring."
    )


def done_text(done: LoginDone, *, default: bool) -> Text:
    """What the screen says after a successful login, including how to open the profile."""
    where = f"the profile reads it from ${done.token_env}" if done.token_env else "the OS keyring"
    text = Text.assemble(
        ("Logged in", "bold"),
        f" to profile {done.profile} as {done.agent}.\nThe token stays in {where}; "
        "nothing secret was written to the config.\n\n",
        "Open it now, or later with ",
        (f"deskside --profile {done.profile}", "bold"),
        (" (it is now the default profile: plain `deskside` opens it)" if default else ""),
        ".\n`deskside profiles` lists it.",
    )
    return text


class LoginScreen(ModalScreen[LoginDone | None]):
    """Pick a helpdesk, fill in its options, verify and save; ``esc`` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="login.cancel"),
    ]
    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen > VerticalScroll {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    LoginScreen #title { text-style: bold; padding: 0 0 1 0; }
    LoginScreen Select { width: 100%; }
    LoginScreen #form, LoginScreen #fields { height: auto; }
    LoginScreen .field-error { color: $error; height: auto; }
    LoginScreen .-empty, LoginScreen .-hidden { display: none; }
    LoginScreen .spaced, LoginScreen Checkbox { margin: 1 0 0 0; }
    LoginScreen #status { height: auto; padding: 1 0 0 0; }
    LoginScreen #status.-empty { display: none; }
    LoginScreen #status.-problem { color: $error; }
    LoginScreen LoadingIndicator { height: 1; }
    LoginScreen #buttons { height: auto; padding: 1 0 0 0; }
    LoginScreen #buttons Button { margin: 0 2 0 0; min-width: 10; }
    LoginScreen #done { height: auto; padding: 0 0 1 0; }
    """

    def __init__(
        self,
        *,
        backends: Sequence[str] | None = None,
        store: SecretStore | None = None,
        environ: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """``store``, ``environ`` and ``transport`` replace the real ones (tests)."""
        super().__init__()
        self.backend_names = list(backends) if backends is not None else login_backends()
        self._store = store
        self._environ = environ
        self._transport = transport
        self._default_profile = self.backend_names[0] if self.backend_names else ""
        self.result: LoginDone | None = None

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(Text("Log in to a helpdesk"), id="title")
            with Vertical(id="form"):
                yield Label(Text("Helpdesk"))
                yield Select(
                    [(Text(name), name) for name in self.backend_names],
                    allow_blank=not self.backend_names,
                    prompt="no helpdesk backend is installed",
                    id="backend",
                    compact=True,
                )
                yield Vertical(id="fields")
                yield Checkbox(ENV_CHOICE_LABEL, id="use-token-env", compact=True)
                yield Input(
                    placeholder="the variable's name, e.g. ACME_ZENDESK_TOKEN",
                    id="token-env",
                    classes="-hidden",
                    compact=True,
                )
                yield Static(id="error-token_env", classes="field-error -empty")
                yield Label(Text("Profile name"), classes="spaced")
                yield Input(value=self._default_profile, id="profile", compact=True)
                yield Static(id="error-profile", classes="field-error -empty")
            yield LoadingIndicator(classes="-hidden")
            yield Static(id="status", classes="-empty")
            yield Static(id="done", classes="-hidden")
            with Horizontal(id="buttons"):
                yield Button("Log in", variant="primary", id="submit", compact=True)
                yield Button(
                    "Open it now", variant="primary", id="open", classes="-hidden", compact=True
                )
                yield Button("Cancel", id="cancel", compact=True)

    async def on_mount(self) -> None:
        if self.backend_names:
            await self._show_options(self.backend_names[0])
        else:
            self._problem("No helpdesk backend is installed (see `deskside backends`).")
            self.query_one("#submit", Button).disabled = True

    @property
    def backend_name(self) -> str | None:
        value = self.query_one("#backend", Select).value
        return value if isinstance(value, str) else None

    async def _show_options(self, name: str) -> None:
        """Replace the option fields with those of backend ``name``."""
        holder = self.query_one("#fields", Vertical)
        await holder.remove_children()
        self._set_status("")
        try:
            backend: type[Backend] = registry.load(name)
        except BackendError as error:
            self._problem(str(error))
            self.query_one("#submit", Button).disabled = True
            return
        self.query_one("#submit", Button).disabled = False
        fields = OptionFields(backend)
        await holder.mount(fields)
        fields.hide_secrets(self.query_one("#use-token-env", Checkbox).value)
        profile = self.query_one("#profile", Input)
        if profile.value in ("", self._default_profile):
            profile.value = self._default_profile = name

    @on(Select.Changed, "#backend")
    async def _backend_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            await self._show_options(event.value)

    @on(Checkbox.Changed, "#use-token-env")
    def _token_env_toggled(self, event: Checkbox.Changed) -> None:
        self.query_one("#token-env", Input).set_class(not event.value, "-hidden")
        for fields in self.query(OptionFields):
            fields.hide_secrets(event.value)
        if event.value:
            self.query_one("#token-env", Input).focus()

    # -- messages --------------------------------------------------------------------

    def _set_status(self, message: str, *, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(redact(message, self._secrets())))
        status.set_class(problem, "-problem")
        status.set_class(not message, "-empty")

    def _problem(self, message: str) -> None:
        self._set_status(message, problem=True)

    def _secrets(self) -> list[str]:
        """The secret values typed (and the token variable's value) to scrub from messages."""
        values = []
        for fields in self.query(OptionFields):
            answers = fields.values()
            values += [answers[o.name] for o in fields.backend.options if o.name in answers]
        variable = self.query_one("#token-env", Input).value.strip()
        if variable and (value := self.environ.get(variable)):
            values.append(value)
        return [v for v in values if v]

    @property
    def environ(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    def _field_problem(self, field: str, message: str) -> None:
        if field in ("profile", "token_env"):
            line = self.query_one(f"#error-{field}", Static)
            line.update(Text(message))
            line.remove_class("-empty")
            self.query_one("#token-env" if field == "token_env" else "#profile", Input).focus()
        else:
            for fields in self.query(OptionFields):
                fields.show_error(field, message)
        self._problem("Nothing was saved: fix the marked field and try again.")

    def _clear_problems(self) -> None:
        for fields in self.query(OptionFields):
            fields.clear_errors()
        for line in self.query("#error-profile, #error-token_env").results(Static):
            line.update("")
            line.add_class("-empty")
        self._set_status("")

    # -- submitting ------------------------------------------------------------------

    @on(Button.Pressed, "#submit")
    @on(Input.Submitted)
    def _submit(self) -> None:
        name = self.backend_name
        if name is None or self.query_one("#form").disabled:
            return
        self._clear_problems()
        use_env = self.query_one("#use-token-env", Checkbox).value
        token_env = self.query_one("#token-env", Input).value.strip() if use_env else None
        if use_env and not token_env:
            self._field_problem("token_env", "Give the name of the variable that holds the token.")
            return
        fields = self.query_one(OptionFields)
        given = fields.values()
        if use_env:
            given = {k: v for k, v in given.items() if k not in self._secret_names(fields)}
        profile = self.query_one("#profile", Input).value.strip()
        self._checking(True, label=fields.backend.label)
        self._verify(name, profile or name, given, token_env)

    @staticmethod
    def _secret_names(fields: OptionFields) -> set[str]:
        return {option.name for option in fields.backend.options if option.secret}

    def _checking(self, busy: bool, *, label: str = "") -> None:
        self.query_one("#form").disabled = busy
        self.query_one("#submit", Button).disabled = busy
        self.query_one(LoadingIndicator).set_class(not busy, "-hidden")
        if busy:
            self._set_status(f"Checking the login with {label}… (esc cancels; nothing is saved)")

    @work(exclusive=True, group="login", exit_on_error=False)
    async def _verify(
        self, backend: str, profile: str, given: dict[str, str], token_env: str | None
    ) -> None:
        """Verify and save through the core; show what went wrong in the form."""
        secrets = self._secrets()
        try:
            name, agent = await login(
                backend,
                profile=profile,
                given=given,
                token_env=token_env,
                environ=self.environ,
                prompter=None,
                store=self._store,
                transport=self._transport,
            )
        except LoginFieldError as error:
            self._checking(False)
            self._field_problem(error.field, self._field_message(error))
        except (KeyringUnavailable, KeyringTimeout) as error:
            self._checking(False)
            self._problem(_keyring_advice(error))
        except UserError as error:
            self._checking(False)
            self._problem(f"{error} Nothing was saved.")
        except Exception as error:  # a plugin may fail in any way: say so, keep the console
            self._checking(False)
            self.log.error(f"login: {type(error).__name__}: {redact(str(error), secrets)}")
            self._problem(f"The login failed unexpectedly ({type(error).__name__}).")
        else:
            self._succeeded(LoginDone(name, agent.name, token_env))

    def _options(self) -> list[BackendOption]:
        return [o for fields in self.query(OptionFields) for o in fields.backend.options]

    def _field_message(self, error: LoginFieldError) -> str:
        if isinstance(error, MissingOption):
            return f"{field_label(error.option, self._options())} is required."
        if isinstance(error, TokenEnvUnset):
            return (
                f"${error.variable} is not set in deskside's environment: set it, "
                "then start deskside again."
            )
        return str(error)

    def _succeeded(self, done: LoginDone) -> None:
        self.result = done
        for fields in self.query(OptionFields):
            fields.forget_secrets()
        self._checking(False)
        self._set_status("")
        default = load_config(effective=False).default_profile == done.profile
        self.query_one("#form").add_class("-hidden")
        self.query_one("#done", Static).update(done_text(done, default=default))
        self.query_one("#done").remove_class("-hidden")
        self.query_one("#submit", Button).add_class("-hidden")
        self.query_one("#cancel", Button).label = "Close"
        switch = self.query_one("#open", Button)
        switch.remove_class("-hidden")
        switch.focus()

    # -- leaving ---------------------------------------------------------------------

    @on(Button.Pressed, "#open")
    def _open_now(self) -> None:
        if self.result is not None:
            self.dismiss(replace(self.result, open_now=True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; a check still running is abandoned before it saves anything."""
        self.workers.cancel_group(self, "login")
        self.dismiss(self.result)
