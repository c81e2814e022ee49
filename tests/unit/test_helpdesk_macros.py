"""The helpdesk's own macros reach the picker: stored by sync, placeholders translated."""

from __future__ import annotations

from pathlib import Path

from console.core.db import open_store
from console.core.macros import macro_context, render_for
from console.core.macros.helpdesk import HELPDESK, helpdesk_macros, translate_placeholders
from console.core.mirror import MirrorWriter
from console.core.sync import SyncEngine
from tests.contract.harness_zendesk import backend_for, seed_world
from tests.contract.world import WORLD
from tests.contract.zendesk_mock import ZendeskMock


def test_vendor_placeholders_become_deskside_variables() -> None:
    body = "Hi {{ticket.requester.first_name}}, ticket {{ticket.id}} — {{current_user.name}}"
    assert translate_placeholders(body) == (
        "Hi {{ customer.first_name }}, ticket {{ ticket.number }} — {{ agent.name }}"
    )
    assert translate_placeholders("{{ticket.custom_field_123}}") == "{{ticket.custom_field_123}}"


async def test_sync_stores_the_helpdesks_macros_for_the_picker(tmp_path: Path) -> None:
    mock = ZendeskMock()
    seed_world(mock, WORLD)
    mock.add_macro(
        "Spedizione in ritardo",
        [
            {
                "field": "comment_value",
                "value": "Ciao {{ticket.requester.first_name}}, verifico subito il tuo ordine.",
            },
            {"field": "status", "value": "pending"},
        ],
    )
    backend = backend_for(mock)
    conn = open_store(tmp_path / "mirror.sqlite3")
    await SyncEngine(MirrorWriter(conn, backend.profile), backend).run()
    (macro,) = [m for m in helpdesk_macros(conn) if m.title == "Spedizione in ritardo"]
    assert macro.path == HELPDESK
    assert "{{ customer.first_name }}" in next(iter(macro.bodies.values()))
    ticket = conn.execute("SELECT id FROM tickets ORDER BY id LIMIT 1").fetchone()[0]
    from console.core.workspace import Workspace

    workspace = Workspace(
        profile=backend.profile, backend_name="zendesk", path=tmp_path / "mirror.sqlite3",
        conn=conn, me_id=1, me_login="giulia", me_name="Giulia Rossi",
    )  # fmt: skip
    context = macro_context(workspace, ticket, now=workspace.clock(), config=workspace.config)
    rendered = render_for(macro, context)
    assert rendered.text.startswith("Ciao Marco") or rendered.text.startswith("Ciao Claire")
    await backend.aclose()
