"""A queue cell is its text in exactly its width, as Rich's ellipsis truncation gives it."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text

from screens.widgets.ticket_table import _fit


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("open", 7),
        ("exactly", 7),
        ("Where is my order #191900?", 12),
        ("Größe passt nicht", 5),
        ("注文が届きません", 9),  # double-width characters, cut in the middle of one
        ("注文", 1),
        ("bell\x07 and\r return\x1b[31m", 14),
        ("", 4),
        ("[bold]not markup[/]", 10),
    ],
)
def test_a_cell_is_what_rich_truncation_gives(text: str, width: int) -> None:
    expected = Text(text, no_wrap=True, overflow="ellipsis", end="")
    expected.truncate(width, overflow="ellipsis", pad=True)
    assert _fit(text, width) == expected.plain
    assert cell_len(_fit(text, width)) == width
