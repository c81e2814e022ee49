"""Language detection: the five desk languages, others, and texts too short to tell."""

from __future__ import annotations

import pytest

from console.core.insights import LanguageGuess, detect_language, ticket_language
from console.core.insights.language import normalize_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Buongiorno, il mio ordine non è ancora arrivato, potete controllare?", "it"),
        ("Hi, my parcel still hasn't arrived, could you check the tracking please?", "en"),
        ("Bonjour, ma commande n'est toujours pas arrivée, pouvez-vous vérifier ?", "fr"),
        ("Hallo, meine Bestellung ist immer noch nicht angekommen, können Sie nachsehen?", "de"),
        ("Hola, mi pedido todavía no ha llegado, ¿podéis mirar el seguimiento?", "es"),
        ("ciao nn mi arriva il pacco da 2 settimane cmq grazie", "it"),
    ],
)
def test_the_desk_languages_are_detected(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess.code == code
    assert guess.confidence > 0.5


def test_other_languages_are_reported_by_their_code() -> None:
    assert detect_language("Olá, a minha encomenda ainda não chegou, podem verificar?").code == "pt"
    assert (
        detect_language("Hallo, mijn pakket is nog steeds niet bezorgd, kunt u kijken?").code
        == "nl"
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "ok", "grazie mille", "👍", "😡😡😡 !!!", "12345 #A-99"]
)
def test_short_empty_and_emoji_only_texts_are_undetermined(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == "und"
    assert not guess.determined
    assert guess.confidence == 0.0


def test_shouted_text_is_still_recognised() -> None:
    assert detect_language("DOVE È FINITO IL MIO ORDINE, NESSUNO MI RISPONDE").code == "it"


def test_quoted_replies_links_and_numbers_do_not_count() -> None:
    text = (
        "Grazie, ma il pacco non è ancora arrivato.\n"
        "> On Monday, support wrote: your order has shipped and will arrive soon\n"
        "https://tracking.example.com/A1B2C3 ordine 100234"
    )
    assert detect_language(text).code == "it"


def test_a_mixed_language_message_gets_its_main_language() -> None:
    guess = detect_language(
        "Hello, ho ordinato delle scarpe la settimana scorsa e non sono ancora arrivate, thanks"
    )
    assert guess.code == "it"


def test_ticket_language_prefers_the_profile() -> None:
    guesses = [LanguageGuess("en", 0.99, 20)]
    assert ticket_language("it-IT", guesses) == "it"
    assert ticket_language("FR", []) == "fr"


def test_ticket_language_votes_by_confidence_and_length() -> None:
    guesses = [
        LanguageGuess("de", 0.9, 40),
        LanguageGuess("en", 0.6, 3),
        LanguageGuess("und", 0.0, 1),
    ]
    assert ticket_language(None, guesses) == "de"
    assert ticket_language("", [LanguageGuess("und", 0.0, 0)]) is None


@pytest.mark.parametrize(
    ("raw", "code"), [("it_IT", "it"), ("en-GB", "en"), (" ES ", "es"), ("", None), (None, None)]
)
def test_profile_languages_are_normalised(raw: str | None, code: str | None) -> None:
    assert normalize_language(raw) == code
