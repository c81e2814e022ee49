"""The starter library: macro files shipped with deskside, copied to the config dir, kept safe.

A new desk should answer well from the first ticket, so deskside ships macros
for every stage and the common contact reasons in the desk's five languages
(``library/*.toml`` in this package). They are *copied* into
``<config dir>/macros/`` on first use, because agents make them their own: the
copies are ordinary files to edit, rename or delete.

The rule that keeps that safe is the manifest (``macros/.library.json``): it
records the hash of each file as deskside last wrote it. On a later release:

* a library file never installed before is added;
* an installed file still byte-identical to what deskside wrote is updated;
* a file the user edited (its hash differs), a file the user deleted (it is in
  the manifest but gone), or a file deskside did not write is never touched.

Also here: :func:`new_macro`, the scaffold ``deskside macro new`` writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from api_client.models import Stage
from console.core import paths
from console.core.macros.loader import MACRO_DIR, load_macros
from console.core.macros.model import MACRO_ID, MacroError

__all__ = [
    "MANIFEST",
    "install_library",
    "library_dir",
    "library_files",
    "new_macro",
]

MANIFEST = ".library.json"
"""The manifest's name inside ``<config dir>/macros``."""

EXIT_USAGE = 2
EXIT_CONFLICT = 4
_FORMAT = 1


def library_dir() -> Path:
    """The folder of shipped macro files inside the installed package."""
    return Path(str(resources.files("console.core.macros").joinpath("library")))


def library_files() -> list[Path]:
    """The shipped macro files, by name."""
    folder = library_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}


def _write_atomically(path: Path, data: bytes, *, exclusive: bool) -> bool:
    """Write ``data`` to ``path`` via a temporary file; ``exclusive`` never replaces a file.

    Returns False when ``exclusive`` and the file appeared meanwhile.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not exclusive:
            temporary.replace(path)
            return True
        try:
            os.link(temporary, path)  # fails if the file exists: never clobbers
        except FileExistsError:
            return False
        except OSError:  # no hard links here: fall back to a check-then-rename
            if path.exists():
                return False
            temporary.replace(path)
        return True
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


@contextlib.contextmanager
def _manifest(folder: Path) -> Iterator[dict[str, str]]:
    path = folder / MANIFEST
    files = _read_manifest(path)
    before = dict(files)
    yield files
    if files != before:
        text = json.dumps({"format": _FORMAT, "files": dict(sorted(files.items()))}, indent=2)
        _write_atomically(path, (text + "\n").encode("utf-8"), exclusive=False)


def install_library(config_dir: Path | None = None) -> list[Path]:
    """Copy the shipped macro files into ``<config_dir>/macros``; returns the files written.

    Never overwrites a file the user changed, and never brings back one they
    deleted (see the module docstring). Cheap when there is nothing to do, so the
    console and the command line call it on every start.
    """
    folder = (config_dir if config_dir is not None else paths.config_dir()) / MACRO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with _manifest(folder) as recorded:
        for source in library_files():
            data = source.read_bytes()
            digest = _digest(data)
            target = folder / source.name
            known = recorded.get(source.name)
            try:
                current = _digest(target.read_bytes())
            except FileNotFoundError:
                current = None
            if current is None:
                if known is not None:
                    continue  # the user deleted it: that is their choice
                if _write_atomically(target, data, exclusive=True):
                    recorded[source.name] = digest
                    written.append(target)
            elif current == digest:
                recorded[source.name] = digest
            elif known is not None and current == known:
                _write_atomically(target, data, exclusive=False)  # untouched: update it
                recorded[source.name] = digest
                written.append(target)
            # else: edited by the user, or not ours: leave it alone
    return written


_SCAFFOLD = '''\
# A deskside macro file: {file}
# Reference: docs/macros.md. Check it with `deskside macro lint`.

[[macro]]
id = "{id}"
title = {title}
# Shown in the picker under the title (optional).
description = ""
# Stages it is offered at: listen, identify, fix, solve, thank, confirm (empty: all).
stages = [{stages}]
# Contact reasons it answers (empty: any): where_is_my_order, return_refund,
# exchange_size, payment, promotion_price, damaged_wrong_item, warranty_repair,
# store_availability, account_privacy, other.
reasons = []
# Channels it suits (empty: all): email, chat, phone, web_form, facebook, twitter,
# instagram, whatsapp, sms.
channels = []
# favourite = 1    # ctrl+1 .. ctrl+9 in the console

[macro.actions]
# Everything here is optional.
{stage_action}# status = "pending"            # new, open, pending, on_hold, solved, closed
# priority = "high"             # low, normal, high, urgent
# assignee = "me"               # "me", an agent's login, or "none"
# group = "Tier 2"              # a group's name, or "none"
# tags_add = ["wismo"]
# tags_remove = ["new"]
# promised_by = "24h"           # 30m, 4h, 2d, end_of_day, next_business_day
# note = "Internal note for colleagues: {{{{ ticket.number }}}}"

# One text per language (it, en, fr, de, es ...); a macro may lack some.
# Variables: {{{{ customer.first_name }}}}, {{{{ order.number }}}}, {{{{ shipment.tracking_url }}}},
# {{{{ promised_by }}}}, {{{{ signature }}}} ... (docs/macros.md lists them all).
[macro.body]
en = """
Hi {{{{ customer.first_name }}}},

Thank you for your message.

Best wishes,
{{{{ signature }}}}
"""
# it = """
# Ciao {{{{ customer.first_name }}}},
# ...
# """

# Chat-length variants for chat, messaging and social channels (optional).
[macro.short]
en = "Hi {{{{ customer.first_name }}}}, thanks for your message!"
'''


def new_macro(
    macro_id: str,
    *,
    config_dir: Path | None = None,
    title: str | None = None,
    stage: str | None = None,
) -> Path:
    """Write a commented scaffold for macro ``macro_id`` to ``<config_dir>/macros/ID.toml``.

    Refuses (exit 2) an id that is not one, and (exit 4) a file that exists or an
    id another macro file already uses.
    """
    if stage is not None and stage not in {s.value for s in Stage}:
        raise MacroError(
            f"unknown stage {stage!r} (one of: {', '.join(s.value for s in Stage)})",
            exit_code=EXIT_USAGE,
        )
    if not MACRO_ID.fullmatch(macro_id):
        raise MacroError(
            f"{macro_id!r} is not a macro id: lower-case letters, digits, '.', '_' and '-', "
            "starting with a letter or digit",
            exit_code=EXIT_USAGE,
        )
    folder = (config_dir if config_dir is not None else paths.config_dir()) / MACRO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{macro_id}.toml"
    if target.exists():
        raise MacroError(f"{target} already exists", exit_code=EXIT_CONFLICT)
    existing = load_macros(folder, strict=False)
    for macro in existing.macros:
        if macro.id == macro_id:
            raise MacroError(
                f"macro {macro_id} already exists at {macro.path}:{macro.line or '?'}",
                exit_code=EXIT_CONFLICT,
            )
    shown_title = title or macro_id.replace("_", " ").replace(".", ": ")
    text = _SCAFFOLD.format(
        file=target.name,
        id=macro_id,
        title=json.dumps(shown_title, ensure_ascii=False),
        stages=f'"{stage}"' if stage else "",
        stage_action=(
            f'stage = "{stage}"                # moves the ticket to this stage\n'
            if stage
            else '# stage = "fix"              # moves the ticket to this stage\n'
        ),
    )
    if not _write_atomically(target, text.encode("utf-8"), exclusive=True):
        raise MacroError(f"{target} already exists", exit_code=EXIT_CONFLICT)
    return target
