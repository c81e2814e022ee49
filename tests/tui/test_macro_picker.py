"""The macro picker: defaults for the ticket, a live preview, insert, send, the stage follows."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from textual.widgets import Input, OptionList, TextArea

from console.app import DesksideApp
from console.core.config import Config
from console.core.macros import install_library
from console.core.outbox import Outbox, OutboxState
from console.core.workspace import Workspace
from screens.macro_picker import MacroPicker
from screens.ticket import TicketScreen
from tests.tui.conftest import NOW


async def _until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


def _with_an_order(workspace: Workspace) -> None:
    customer = workspace.conn.execute("SELECT customer_id FROM tickets WHERE id = 1").fetchone()[0]
    cursor = workspace.conn.execute(
        "INSERT INTO orders(customer_id, number, status, total, currency, placed_at, items) "
        "VALUES (?, '#100231', 'shipped', '129.90', 'EUR', ?, "
        '\'[{"sku": "S1", "name": "Sneaker Runner", "quantity": 1, '
        '"unit_price": "129.90"}]\')',
        (customer, int(NOW.timestamp()) - 5 * 86400),
    )
    workspace.conn.execute(
        "INSERT INTO shipments(order_id, carrier, tracking_number, status, eta) "
        "VALUES (?, 'BRT', 'BRT0123456789', 'in_transit', ?)",
        (cursor.lastrowid, int(NOW.timestamp()) + 86400),
    )


async def test_pick_insert_send_moves_the_stage(workspace: Workspace) -> None:
    install_library()
    _with_an_order(workspace)
    workspace.clock = lambda: NOW
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(130, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MacroPicker)
        first = picker.current
        assert first is not None and first.fits, "the list starts with what fits this ticket"
        picker.query_one(Input).value = "restate: order not arrived"
        await pilot.pause()
        chosen = picker.current
        assert chosen is not None and chosen.macro.id == "identify.order_not_arrived"
        preview = str(picker.query_one("#macro-preview").render())
        assert "#100231" in preview or "100231" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen)
        text = app.screen.query_one(TextArea).text
        assert "100231" in text
        await pilot.press("ctrl+j")  # send
        outbox = Outbox(workspace.conn, workspace.profile)
        await _until(lambda: outbox.counts()[OutboxState.SENT] >= 1)
        stage = workspace.conn.execute("SELECT stage FROM tickets WHERE id = 1").fetchone()[0]
        assert stage == "identify"


async def test_solutions_are_premature_while_anger_rises(workspace: Workspace) -> None:
    install_library()
    _with_an_order(workspace)
    workspace.conn.execute(
        "INSERT INTO ticket_insights(ticket_id, message_count, tags, phase, hostility) "
        "VALUES (1, 1, '', 'rising', 0.8)"
    )
    app = DesksideApp(workspace)
    async with app.run_test(size=(130, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MacroPicker)
        stages_in_order = [r.macro.stages for r in picker.ranked]
        assert stages_in_order[0] and stages_in_order[0][0].value == "listen"
        premature = [r for r in picker.ranked if r.premature]
        assert premature and all(
            {s.value for s in r.macro.stages} & {"fix", "solve"} for r in premature
        )
        assert picker.ranked[-1].premature
        assert "Listen first" in str(picker.query_one("#macro-hint").render())
        options = picker.query_one(OptionList)
        assert options.option_count == len(picker.ranked)


async def _send_macro(pilot, app, macro_id: str) -> None:
    await pilot.press("m")
    await pilot.pause()
    picker = app.screen
    assert isinstance(picker, MacroPicker)
    picker.query_one(Input).value = macro_id
    await pilot.pause()
    assert picker.current is not None and picker.current.macro.id == macro_id
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("ctrl+j")
    await pilot.pause()


async def test_an_angry_customer_from_listen_to_confirm_with_macros_alone(
    workspace: Workspace,
) -> None:
    from api_client.models import AuthorRole
    from screens.modals import TextModal

    install_library()
    _with_an_order(workspace)
    workspace.conn.execute(
        "INSERT INTO ticket_insights(ticket_id, message_count, tags, phase, hostility) "
        "VALUES (1, 1, '', 'rising', 0.8)"
    )
    workspace.clock = lambda: NOW
    app = DesksideApp(workspace, config=Config())
    outbox = Outbox(workspace.conn, workspace.profile)

    def stage() -> str:
        return str(workspace.conn.execute("SELECT stage FROM tickets WHERE id = 1").fetchone()[0])

    async with app.run_test(size=(130, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        path = [
            ("listen.order_late", "listen"),
            ("identify.order_not_arrived", "identify"),
            ("fix.carrier_investigation", "fix"),
            ("solve.on_its_way", "solve"),
            ("thank.patience", "thank"),
            ("confirm.satisfaction", "confirm"),
        ]
        for macro_id, expected in path:
            await _send_macro(pilot, app, macro_id)
            await _until(
                lambda: not outbox.entries(states=[OutboxState.QUEUED, OutboxState.SENDING])
            )
            await _until(lambda expected=expected: stage() == expected)
            if expected == "fix":
                promised = workspace.conn.execute(
                    "SELECT promised_by FROM tickets WHERE id = 1"
                ).fetchone()[0]
                assert promised is not None and promised > NOW.timestamp()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # solved
        await pilot.pause()
        assert isinstance(app.screen, TextModal), "not confirmed yet: closing asks why"
        await pilot.press("escape")
        await pilot.pause()
        status = workspace.conn.execute("SELECT status FROM tickets WHERE id = 1").fetchone()[0]
        assert status != "solved"
        workspace.desk.add_message(
            1,
            body="Sì, è arrivato, grazie mille!",
            author_role=AuthorRole.CUSTOMER,
            author_name="Cliente",
            # after the confirm question, which the embedded desk stamped with the real time
            created_at=datetime.now(UTC) + timedelta(minutes=1),
        )
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")
        await _until(
            lambda: (
                workspace.conn.execute("SELECT status FROM tickets WHERE id = 1").fetchone()[0]
                == "solved"
            )
        )


async def test_a_favourite_macro_is_one_key_away(workspace: Workspace) -> None:
    from console.core.paths import config_dir

    folder = config_dir() / "macros"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text(
        '[[macro]]\nid = "mine.hello"\ntitle = "Hello"\nfavourite = 1\n'
        '[macro.body]\nit = "Ciao {{ customer.first_name }}!"\nen = "Hi!"\n',
        encoding="utf-8",
    )
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(130, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        await pilot.press("ctrl+1")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert app.screen.query_one(TextArea).text.startswith("Ciao Cliente"), notes
