"""At run time too, the core never pulls in Textual and the API client never pulls in the UI.

import-linter checks the import statements; this checks what actually gets loaded,
which also catches imports hidden in functions or done through importlib.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "console.core.config",
    "console.core.secrets",
    "console.core.query",
    "console.core.queue",
    "console.core.outbox",
    "console.core.delivery",
    "console.core.sync",
    "console.core.mirror",
    "console.core.profiles",
    "console.core.drafts",
    "console.core.changes",
    "console.core.customer",
    "console.core.workflow",
    "console.core.macros",
]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print('\\n'.join(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_the_core_loads_no_textual() -> None:
    loaded = _loaded_after_import(CORE_MODULES)
    assert "textual" not in loaded
    assert "screens" not in loaded


@pytest.mark.parametrize(
    "module",
    [
        "api_client",
        "api_client.backends.local",
        "api_client.backends.zendesk",
        "api_client.backends.freshdesk",
        "api_client.backends.gorgias",
        "api_client.http",
    ],
)
def test_the_api_client_loads_no_ui_keyring_or_platformdirs(module: str) -> None:
    loaded = _loaded_after_import([module])
    assert not loaded & {"textual", "keyring", "platformdirs", "console", "screens"}


def _loaded_opening_the_console() -> list[str]:
    """Every module loaded by the time ``deskside run`` builds its app."""
    code = (
        "import sys\n"
        "from console.cli import build_parser\n"
        "build_parser(['run'])\n"
        "import console.app\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.split()


def test_opening_the_console_loads_no_http_keyring_or_templates() -> None:
    """Start-up pays only for what the embedded desk's first screen needs."""
    packages = {name.split(".")[0] for name in _loaded_opening_the_console()}
    assert not packages & {"httpx", "keyring", "jinja2", "babel", "inscriptis", "lxml"}


def test_the_first_screen_loads_neither_the_workflow_nor_the_analysers() -> None:
    """The six-stage workflow and the insights load on first use, after the first frame."""
    loaded = _loaded_opening_the_console()
    assert "screens.queue" in loaded
    assert "console.core.workflow" not in loaded
    assert not [name for name in loaded if name.startswith("console.core.insights")]


def test_the_query_language_loads_no_analyser() -> None:
    """Reason names come from console.core.reason_names; the analysers load when first used."""
    code = (
        "import sys\n"
        "import console.core.query\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
        "from console.core.insights import default_insights, curve\n"
        "print(callable(default_insights), type(curve).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    *loaded, last = result.stdout.split("\n")[:-1]
    assert "console.core.reason_names" in loaded
    assert not [name for name in loaded if name.startswith("console.core.insights")]
    assert last == "True function", "the names still resolve, curve to the function"
