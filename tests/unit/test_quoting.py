"""Quoted history is split off in five languages, and nothing is ever dropped."""

from __future__ import annotations

import pytest

from console.core.quoting import fold, split_quoted


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 3 Nov 2026 at 10:00, Shop <help@shop.example> wrote:",
        "Il giorno lun 3 nov 2026 alle ore 10:00 Shop <help@shop.example> ha scritto:",
        "Le lun. 3 nov. 2026 à 10:00, Shop <help@shop.example> a écrit :",
        "Am Mo., 3. Nov. 2026 um 10:00 Uhr schrieb Shop <help@shop.example>:",
        "El lun, 3 nov 2026 a las 10:00, Shop (<help@shop.example>) escribió:",
        "-----Original Message-----",
        "---------- Forwarded message ---------",
    ],
)
def test_attributions_start_the_quoted_history(attribution: str) -> None:
    body = f"Grazie mille!\n\n{attribution}\n> testo precedente"
    new, quoted = split_quoted(body)
    assert new == "Grazie mille!"
    assert quoted.startswith(attribution)


def test_outlook_header_blocks_need_a_sent_line() -> None:
    body = "Ok.\nFrom: Shop <help@shop.example>\nSent: Monday\nSubject: x\n\nold"
    assert split_quoted(body)[0] == "Ok."
    unrelated = "Please ship it.\nFrom: Milan to Rome, the parcel took a week."
    assert split_quoted(unrelated) == (unrelated, "")


def test_trailing_quote_blocks_are_split_but_inline_quotes_kept() -> None:
    assert split_quoted("Sì\n> vecchio\n> testo") == ("Sì", "> vecchio\n> testo")
    inline = "Hai scritto:\n> questo\nma non è vero"
    assert split_quoted(inline) == (inline, "")


def test_a_message_that_is_all_quote_is_shown() -> None:
    folded = fold("> only quoted\n> text")
    assert folded.new == "> only quoted\n> text" and not folded.has_quote


def test_nothing_is_dropped() -> None:
    body = "a\nb\nOn Mon wrote:\n> c"
    new, quoted = split_quoted(body)
    assert f"{new}\n{quoted}" == body
    assert fold("\n".join(["x"] * 20), max_lines=12).hidden_lines == 8
