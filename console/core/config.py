"""The user's configuration: one TOML file of profiles, key bindings, views and settings.

The file lives at :func:`console.core.paths.config_file` (the platformdirs config
directory, or ``DESKSIDE_CONFIG_DIR``). A missing file means the defaults, and a
built-in ``local`` profile (the embedded desk) always exists. Everything a user
can get wrong in the file (bad TOML, a wrong type, an unknown key) becomes one
:class:`~console.core.errors.UserError` that names the file, the line when it can
be found, and the key; never a traceback.

Secrets never live here. A key that looks like one (``token``, ``password``,
``api_key``, ``secret`` ...) is refused on load and on save, pointing at the OS
keyring (``deskside login``) or an environment variable (``token_env``); see
:mod:`console.core.secrets`.

Two views of the file exist. :func:`load_config` returns the *effective* config
by default: environment overrides applied (``DESKSIDE_PROFILE``, ``DESKSIDE_AGENT``,
``DESKSIDE_THEME``) and local desks given their default path. Code that edits and
saves the file loads it with ``effective=False`` so that none of that is written
back.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import msgspec

from console.core import paths
from console.core import secrets as _secrets
from console.core.errors import UserError

__all__ = [
    "LOCAL_PROFILE",
    "AgentConfig",
    "Config",
    "Profile",
    "UIConfig",
    "builtin_local_profile",
    "is_secret_key",
    "load_config",
    "masked_view",
    "os_login",
    "parse_duration",
    "remember_theme",
    "render_masked",
    "save_config",
]

LOCAL_PROFILE = "local"
"""The embedded desk's profile, present whether or not the file mentions it."""

ENV_PROFILE = "DESKSIDE_PROFILE"
ENV_AGENT = "DESKSIDE_AGENT"
ENV_THEME = "DESKSIDE_THEME"

EXIT_NOT_FOUND = 3
MASK = "***"
FILE_MODE = 0o600
DIR_MODE = 0o700

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_DURATION = re.compile(r"(?:\d+[dhms])+")
_DURATION_PART = re.compile(r"(\d+)([dhms])")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

# Sections whose keys are names the user chooses (binding ids, view names, channels),
# so a key there is never taken for a secret.
_NAMED_SECTIONS = frozenset({"keys", "views", "sla"})
_STRING_TABLES = ("keys", "views", "sla", "shop")


def os_login() -> str:
    """The operating system's login name, or ``"agent"`` when it cannot be told."""
    try:
        import getpass  # (termios and pwd: only when no agent is configured)

        return getpass.getuser() or "agent"
    except Exception:  # no USER/LOGNAME and no passwd entry (containers)
        return "agent"


class AgentConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Who is at the terminal."""

    login: str = msgspec.field(default_factory=os_login)
    name: str = ""
    """The display name (empty: the backend's name for the login)."""
    email: str = ""


class Profile(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One helpdesk account (its backend and non-secret options), or several combined."""

    backend: str = ""
    options: dict[str, str] = {}
    """Non-secret backend options: ``subdomain``, ``email``, ``base_url``, ``path`` ..."""
    token_env: str | None = None
    """Read the token from this environment variable instead of the keyring."""
    read_only: bool = False
    supervisor_actions: bool = False
    accounts: list[str] = []
    """A combined profile: these single-account profiles in one queue (no ``backend``)."""

    @property
    def combined(self) -> bool:
        return bool(self.accounts)


class UIConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """How the console looks."""

    theme: str = "auto"
    """A Textual theme name; ``auto`` picks one that reads well in the terminal's colours."""
    customer_pane: bool = True


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The whole configuration file."""

    default_profile: str = LOCAL_PROFILE
    agent: AgentConfig = msgspec.field(default_factory=AgentConfig)
    profiles: dict[str, Profile] = {}
    keys: dict[str, str] = {}
    """Binding id (``queue.filter``) to key (``/``)."""
    views: dict[str, str] = {}
    """Saved view name to its query string."""
    sla: dict[str, str] = {}
    """Channel to first-response target (``5m``, ``4h``, ``1d``)."""
    shop: dict[str, str] = {}
    """The shop macros talk about: ``name``, ``url``, ``signature`` ..."""
    ui: UIConfig = msgspec.field(default_factory=UIConfig)

    def profile_names(self) -> list[str]:
        """Every profile that can be opened, the built-in ``local`` included."""
        return sorted({*self.profiles, LOCAL_PROFILE})

    def profile(self, name: str | None = None) -> tuple[str, Profile]:
        """The profile to open: ``name``, else ``DESKSIDE_PROFILE``, else ``default_profile``.

        Raises :class:`UserError` listing the known profiles when there is no such one.
        """
        if name:
            origin = "asked for"
        elif os.environ.get(ENV_PROFILE):
            name, origin = os.environ[ENV_PROFILE], f"from {ENV_PROFILE}"
        else:
            name, origin = self.default_profile, "default_profile in the config"
        found = self.profiles.get(name)
        if found is None and name == LOCAL_PROFILE:
            found = builtin_local_profile()
        if found is None:
            known = ", ".join(self.profile_names())
            raise UserError(
                f"unknown profile {name!r} ({origin}); known profiles: {known}. "
                f"Add one with `deskside login {name}`",
                exit_code=EXIT_NOT_FOUND,
            )
        return name, found


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Save the theme the user picked in the console (the file's other values untouched)."""
    config = load_config(path, effective=False)
    if config.ui.theme != theme:
        config.ui.theme = theme
        save_config(config, path)


def builtin_local_profile() -> Profile:
    """The ``local`` profile a config has even when its file does not define it."""
    return Profile(backend="local")


def parse_duration(text: str) -> timedelta:
    """``"90s"``, ``"5m"``, ``"4h"``, ``"1d"`` or combinations (``"1h30m"``) as a timedelta."""
    if not _DURATION.fullmatch(text.strip()):
        raise ValueError(f"not a duration like 5m, 4h or 1d: {text!r}")
    unit = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    total = timedelta()
    for amount, letter in _DURATION_PART.findall(text):
        total += timedelta(**{unit[letter]: int(amount)})
    return total


# -- secret-looking keys ---------------------------------------------------------------

_SECRET_WORDS = (
    "token",
    "password",
    "passwd",
    "secret",
    "apikey",
    "passphrase",
    "privatekey",
    "accesskey",
    "credential",
)
_NOT_SECRET_SUFFIXES = ("env", "envvar", "var", "url", "uri")


def is_secret_key(key: str) -> bool:
    """Whether a config key names a secret (``api_token``, ``password``, ``apiKey`` ...).

    Keys that only *point at* one, such as ``token_env`` or ``token_url``, are fine.
    """
    squashed = re.sub(r"[^a-z0-9]", "", key.lower())
    if squashed.endswith(_NOT_SECRET_SUFFIXES):
        return False
    if any(word in squashed for word in _SECRET_WORDS):
        return True
    return "pwd" in re.split(r"[^a-z0-9]+", key.lower())


def _url_password(value: str) -> bool:
    """Whether a string is a URL carrying a ``user:password@`` part."""
    try:
        return "://" in value and urlsplit(value).password is not None
    except ValueError:
        return False


def _secrets_in(
    data: Mapping[str, Any], where: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Each place in the file's data that holds a secret, and what gave it away."""
    for key, value in data.items():
        here = (*where, str(key))
        if len(here) == 1 and key in _NAMED_SECTIONS:
            continue
        if isinstance(value, Mapping):
            yield from _secrets_in(value, here)
        elif is_secret_key(str(key)):
            yield here, "looks like a secret"
        elif isinstance(value, str) and _url_password(value):
            yield here, "has a password in its URL"


def _refuse_secrets(data: Mapping[str, Any], path: Path, text: str | None = None) -> None:
    """Raise a :class:`UserError` at the first secret found in config data."""
    for found, what in _secrets_in(data):
        profile = found[1] if found[0] == "profiles" and len(found) > 1 else None
        line = _line_of(text, found) if text is not None else None
        raise _secret_refusal(path, _dotted(found), what, line, profile)


def _secret_refusal(
    path: Path, dotted: str, what: str, line: int | None, profile: str | None
) -> UserError:
    who = profile or "PROFILE"
    return UserError(
        f"{_where(path, line)}: `{dotted}` {what}, and secrets never go in the "
        f"config file. Remove it, then run `deskside login {who}` to keep it in the OS "
        f'keyring, or put it in an environment variable and set token_env = "VAR" '
        f"in [profiles.{who}]"
    )


# -- reading ---------------------------------------------------------------------------


def _dotted(parts: Sequence[str]) -> str:
    return ".".join(p if _BARE_KEY.fullmatch(p) else json.dumps(p) for p in parts)


def _where(path: Path, line: int | None) -> str:
    return f"{path}, line {line}" if line else str(path)


_KEY_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_HEADER = re.compile(rf"\s*\[\[?\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?\s*(?:#.*)?")
_ASSIGN = re.compile(rf"\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")


def _key_parts(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for basic, literal, bare in _KEY_PART.findall(text):
        if basic:
            with contextlib.suppress(json.JSONDecodeError):
                basic = json.loads(f'"{basic}"')
        parts.append(basic or literal or bare)
    return tuple(parts)


def _line_of(text: str, target: Sequence[str]) -> int | None:
    """Best-effort line of a key (or of its nearest table) in TOML text."""
    want = tuple(target)
    best_depth, best_line = 0, None
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.fullmatch(line):
            table = full = _key_parts(header.group(1))
        elif assign := _ASSIGN.match(line):
            full = (*table, *_key_parts(assign.group(1)))
        else:
            continue
        if len(full) > best_depth and want[: len(full)] == full:
            best_depth, best_line = len(full), number
            if len(full) == len(want):
                break
    return best_line


_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "object": "a table",
    "array": "an array",
    "null": "nothing",
    "datetime": "a date-time",
    "date": "a date",
    "time": "a time",
}


def _type_words(names: str) -> str:
    return " or ".join(_TYPE_WORDS.get(n.strip(), n.strip()) for n in names.split("|"))


def _struct_at(root: type[msgspec.Struct], parts: Sequence[str]) -> type[msgspec.Struct] | None:
    current: Any = root
    for part in parts:
        fields = {f.name: f.type for f in msgspec.structs.fields(current)}
        current = fields.get(part)
        if not (isinstance(current, type) and issubclass(current, msgspec.Struct)):
            return None
    return current if isinstance(current, type) else None


def _convert(
    data: Mapping[str, Any],
    kind: type[msgspec.Struct],
    prefix: tuple[str, ...],
    path: Path,
    text: str,
) -> Any:
    """``msgspec.convert`` with its error turned into one line about the file."""
    try:
        return msgspec.convert(data, kind, strict=True)
    except msgspec.ValidationError as error:
        message = str(error)
    problem, _, at = message.partition(" - at `$")
    parts = [p for p in at.rstrip("`").split(".") if p]
    if unknown := re.fullmatch(r"Object contains unknown field `(.+)`", problem):
        struct = _struct_at(kind, parts)
        allowed = ", ".join(f.name for f in msgspec.structs.fields(struct)) if struct else ""
        parts.append(unknown.group(1))
        problem = f"unknown key (known here: {allowed})" if allowed else "unknown key"
    elif missing := re.fullmatch(r"Object missing required field `(.+)`", problem):
        parts.append(missing.group(1))
        problem = "is required"
    elif wrong := re.fullmatch(r"Expected `(.+?)`, got `(.+?)`", problem):
        problem = f"expected {_type_words(wrong.group(1))}, got {_type_words(wrong.group(2))}"
    full = (*prefix, *parts)
    line = _line_of(text, full)
    key = f"`{_dotted(full)}`: " if full else ""
    raise UserError(f"{_where(path, line)}: {key}{problem}")


def _string_table(
    value: object, where: tuple[str, ...], path: Path, text: str
) -> dict[str, str] | None:
    """Check a table of strings, naming the first entry that is not one."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise UserError(
            f"{_where(path, _line_of(text, where))}: `{_dotted(where)}`: expected a table"
        )
    for key, item in value.items():
        if not isinstance(item, str):
            got = _type_words(
                type(item).__name__.replace("dict", "object").replace("list", "array")
            )
            here = (*where, key)
            raise UserError(
                f"{_where(path, _line_of(text, here))}: `{_dotted(here)}`: "
                f"expected a string, got {got}"
            )
    return value


def _decode(raw: dict[str, Any], path: Path, text: str) -> Config:
    _refuse_secrets(raw, path, text)
    top = dict(raw)
    profiles_raw = top.pop("profiles", {})
    if not isinstance(profiles_raw, dict):
        line = _line_of(text, ("profiles",))
        raise UserError(f"{_where(path, line)}: `profiles`: expected a table of profiles")
    for section in _STRING_TABLES:
        _string_table(top.get(section), (section,), path, text)
    for channel, target in (top.get("sla") or {}).items():
        if not _DURATION.fullmatch(target.strip()):
            here = ("sla", channel)
            raise UserError(
                f"{_where(path, _line_of(text, here))}: `{_dotted(here)}`: "
                f"expected a duration like 5m, 4h or 1d, got {target!r}"
            )
    config: Config = _convert(top, Config, (), path, text)
    profiles: dict[str, Profile] = {}
    for name, table in profiles_raw.items():
        here = ("profiles", name)
        line = _line_of(text, here)
        if not _PROFILE_NAME.fullmatch(name):
            raise UserError(
                f"{_where(path, line)}: profile name {name!r}: use letters, digits, "
                "'_', '-' and '.', starting with a letter or digit (64 at most)"
            )
        if not isinstance(table, dict):
            raise UserError(f"{_where(path, line)}: `{_dotted(here)}`: expected a table")
        _string_table(table.get("options"), (*here, "options"), path, text)
        profiles[name] = _convert(table, Profile, here, path, text)
    for name, profile in profiles.items():
        here = ("profiles", name)
        problem = _combination_problem(name, profile, profiles)
        if problem:
            raise UserError(f"{_where(path, _line_of(text, here))}: `{_dotted(here)}`: {problem}")
    config.profiles = profiles
    return config


def _combination_problem(name: str, profile: Profile, profiles: Mapping[str, Profile]) -> str:
    """What is wrong with a profile's ``backend``/``accounts`` pair ('' when nothing)."""
    if not profile.accounts:
        return "" if profile.backend else "set `backend` (one helpdesk) or `accounts` (several)"
    if profile.backend:
        return "set either `backend` (one helpdesk) or `accounts` (several), not both"
    if profile.options or profile.token_env:
        return "a combined profile has no `options` or `token_env`: each account has its own"
    seen: set[str] = set()
    for account in profile.accounts:
        if account in seen:
            return f"account {account!r} is listed twice"
        seen.add(account)
        found = profiles.get(account)
        if account == name:
            return "a combined profile cannot list itself"
        if found is None:
            known = ", ".join(sorted(n for n, p in profiles.items() if not p.combined)) or "none"
            return f"account {account!r} is not a profile (single-account profiles: {known})"
        if found.combined:
            return f"account {account!r} combines accounts itself; list single-account profiles"
        if found.backend == "local":
            return f"account {account!r} is an embedded desk; only helpdesk accounts combine"
    return ""


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UserError(f"{path}: cannot read the config file: {error.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserError(f"{path}, line {line}: the config file is not UTF-8") from None


def _apply_environment(config: Config, environ: Mapping[str, str]) -> None:
    if login := environ.get(ENV_AGENT):
        config.agent.login = login
    if theme := environ.get(ENV_THEME):
        config.ui.theme = theme
    if profile := environ.get(ENV_PROFILE):
        config.default_profile = profile
    for name, profile_config in list(config.profiles.items()):
        if profile_config.backend == "local" and not profile_config.options.get("path"):
            options = {**profile_config.options, "path": str(paths.desk_path(name))}
            config.profiles[name] = msgspec.structs.replace(profile_config, options=options)


def load_config(
    path: Path | None = None,
    *,
    effective: bool = True,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Read the config file (defaults when it does not exist).

    ``effective`` applies the environment overrides and fills in the local desks'
    paths; pass ``False`` to get just what the file says, for editing and saving.
    Raises :class:`UserError` for anything wrong in the file.
    """
    path = path if path is not None else paths.config_file()
    text = _read(path)
    if text is None:
        config = Config()
    else:
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            place = re.search(r"\(at line (\d+), column (\d+)\)", message)
            reason = re.sub(r"\s*\(at .*\)$", "", message)
            where = f"{path}, line {place.group(1)}, column {place.group(2)}" if place else path
            raise UserError(f"{where}: not valid TOML: {reason}") from None
        config = _decode(raw, path, text)
    if LOCAL_PROFILE not in config.profiles:
        config.profiles = {LOCAL_PROFILE: builtin_local_profile(), **config.profiles}
    if effective:
        _apply_environment(config, os.environ if environ is None else environ)
    return config


# -- writing ---------------------------------------------------------------------------


def _is_default(field: msgspec.structs.FieldInfo, value: object) -> bool:
    if field.default is not msgspec.NODEFAULT:
        return bool(value == field.default)
    if field.default_factory is not msgspec.NODEFAULT:
        return bool(value == field.default_factory())
    return False


def _plain(value: object, *, omit_defaults: bool) -> Any:
    """Builtin types for TOML/JSON; ``None`` is left out (TOML has no null)."""
    if isinstance(value, msgspec.Struct):
        out: dict[str, Any] = {}
        for field in msgspec.structs.fields(value):
            item = getattr(value, field.name)
            if item is None or (omit_defaults and _is_default(field, item)):
                continue
            out[field.encode_name] = _plain(item, omit_defaults=omit_defaults)
        return out
    if isinstance(value, dict):
        return {k: _plain(v, omit_defaults=omit_defaults) for k, v in value.items()}
    return value


def _is_builtin_local(profile: Profile) -> bool:
    default_path = str(paths.desk_path(LOCAL_PROFILE))
    bare = msgspec.structs.replace(profile, options={})
    return bare == builtin_local_profile() and profile.options in ({}, {"path": default_path})


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the config atomically (temp file, fsync, rename), readable by the user only.

    Values equal to their defaults are left out, and so is an unchanged built-in
    ``local`` profile. Refuses secret-looking keys. Returns the path written.
    """
    path = path if path is not None else paths.config_file()
    data = _plain(config, omit_defaults=True)
    profiles = data.get("profiles", {})
    if LOCAL_PROFILE in config.profiles and _is_builtin_local(config.profiles[LOCAL_PROFILE]):
        profiles.pop(LOCAL_PROFILE, None)
    if not profiles:
        data.pop("profiles", None)
    _refuse_secrets(data, path)
    import tomli_w  # writing is rare: not on the console's way to its first frame

    text = tomli_w.dumps(data)
    with contextlib.suppress(OSError):
        if path.is_symlink():  # keep a dotfile manager's link; replace what it points at
            path = path.resolve()
    try:
        _write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise UserError(f"{path}: cannot write the config file: {error.strerror}") from None
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            temporary.chmod(FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)


# -- showing ---------------------------------------------------------------------------


def _mask_value(value: str) -> str:
    """Hide the password in a URL's ``user:password@`` part."""
    try:
        parts = urlsplit(value)
        if parts.password is None:
            return value
        host = parts.netloc.rpartition("@")[2]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))
    except ValueError:
        return value


def _mask_table(table: Mapping[str, Any], *, named: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            out[key] = _mask_table(value)
        elif isinstance(value, str) and not named and is_secret_key(key):
            out[key] = MASK
        elif isinstance(value, str):
            out[key] = _mask_value(value)
        else:
            out[key] = value
    return out


def masked_view(
    config: Config,
    *,
    store: _secrets.SecretStore | None = None,
    secret_keys: Callable[[str], Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The effective config as plain data, secrets masked, with each profile's secret source.

    Every profile gets ``secrets = {key = "env:VAR" | "keyring" | "missing" ...}`` for
    the secret options its backend declares (``secret_keys``, by default read from
    the backend registry); the values themselves are never read into the output.
    """
    store = store if store is not None else _secrets.SecretStore()
    keys_of = secret_keys if secret_keys is not None else _secrets.secret_keys
    data = _plain(config, omit_defaults=False)
    masked: dict[str, Any] = {}
    for section, value in data.items():
        if isinstance(value, Mapping) and section != "profiles":
            masked[section] = _mask_table(value, named=section in _NAMED_SECTIONS)
        else:
            masked[section] = value
    profiles: dict[str, Any] = {}
    for name, profile in config.profiles.items():
        entry = _mask_table(data["profiles"][name])
        keys = () if profile.combined else tuple(keys_of(profile.backend))  # accounts' own
        sources = {
            key: store.source(name, key, env_var=_secrets.env_var_for(profile, key, keys))
            for key in keys
        }
        if sources:
            entry["secrets"] = sources
        profiles[name] = entry
    masked["profiles"] = profiles
    return masked


def render_masked(
    config: Config,
    *,
    store: _secrets.SecretStore | None = None,
    secret_keys: Callable[[str], Sequence[str]] | None = None,
    as_json: bool = False,
) -> str:
    """:func:`masked_view` as TOML (or JSON), for ``deskside config show``."""
    view = masked_view(config, store=store, secret_keys=secret_keys)
    if as_json:
        return json.dumps(view, indent=2, ensure_ascii=False) + "\n"
    import tomli_w

    return tomli_w.dumps(view)
