"""A crash never prints local variables: they can hold tokens."""

from __future__ import annotations

from rich.segment import Segments
from textual.app import App

from console.app import DesksideApp
from console.core.workspace import Workspace

SECRET = "zd-token-4f9a8b7c6d5e"


def _crash_text(app: App[None], handler: object) -> str:
    app._exit_renderables.clear()
    try:
        api_token = SECRET  # a local variable, as a backend would hold one
        raise RuntimeError(f"boom near {len(api_token)} chars")
    except RuntimeError:
        handler(app)  # type: ignore[operator]
    text: list[str] = []
    for renderable in app._exit_renderables:
        assert isinstance(renderable, Segments)
        text.extend(segment.text for segment in renderable.segments)
    return "".join(text)


async def test_the_crash_report_has_no_local_variables(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test():
        ours = _crash_text(app, DesksideApp._fatal_error)
        textuals = _crash_text(app, App._fatal_error)
        app._exit_renderables.clear()
    assert "RuntimeError" in ours and "boom near" in ours
    assert SECRET not in ours
    assert SECRET in textuals, "Textual's own report shows locals; ours must not"
