"""Contact reasons: built-in rules in five languages, tags, aliases and the user's file."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from console.core.errors import UserError
from console.core.insights import REASONS, ReasonRules, resolve_reason


@functools.cache
def rules() -> ReasonRules:
    return ReasonRules.load(None)


def reasons_of(text: str, language: str | None, tags: tuple[str, ...] = ()) -> list[str]:
    return [m.reason for m in rules().classify([text], language=language, tags=tags)]


@pytest.mark.parametrize(
    ("language", "text", "reason"),
    [
        ("it", "Il tracking è fermo da giorni, dov'è il mio pacco?", "where_is_my_order"),
        ("en", "I'd like a refund please, I sent the parcel back last week", "return_refund"),
        ("fr", "Je voudrais échanger le pantalon contre une taille 40", "exchange_size"),
        ("de", "Meine Kreditkarte wird beim Bezahlen abgelehnt", "payment"),
        ("es", "El código de descuento no funciona en la cesta", "promotion_price"),
        ("it", "La tazza è arrivata rotta", "damaged_wrong_item"),
        ("en", "My kettle stopped working, is it under warranty?", "warranty_repair"),
        ("fr", "Avez-vous une boutique à Lille ?", "store_availability"),
        ("de", "Ich kann mich nicht einloggen, das Passwort geht nicht", "account_privacy"),
        ("es", "¿Hacéis descuentos para colegios? Somos una escuela", "promotion_price"),
    ],
)
def test_each_reason_has_rules(language: str, text: str, reason: str) -> None:
    assert reason in reasons_of(text, language)


def test_a_ticket_can_have_several_reasons() -> None:
    found = rules().classify(
        ["Il vaso è arrivato rotto", "Vorrei il rimborso, non un cambio"], language="it"
    )
    assert [m.reason for m in found][:2] == ["return_refund", "damaged_wrong_item"]
    assert all(m.rule and m.matched for m in found)


@pytest.mark.parametrize("text", ["", "👍", "Buongiorno, una domanda sul vostro catalogo"])
def test_other_only_when_nothing_matched(text: str) -> None:
    found = rules().classify([text], language="it")
    assert [m.reason for m in found] == ["other"]
    assert found[0].rule == "no rule matched"


def test_unknown_language_runs_every_language() -> None:
    assert reasons_of("Wo ist mein Paket?", None) == ["where_is_my_order"]
    assert reasons_of("Wo ist mein Paket?", "und") == ["where_is_my_order"]


def test_accents_case_and_apostrophes_do_not_matter() -> None:
    assert "where_is_my_order" in reasons_of("DOV’E IL MIO ORDINE", "it")
    assert "return_refund" in reasons_of("remboursement SVP", "fr")


def test_helpdesk_tags_give_reasons() -> None:
    found = rules().classify(["Salve"], language="it", tags=["Refund", "vip"])
    assert [(m.reason, m.origin) for m in found] == [("return_refund", "tag")]


def test_aliases_resolve_to_reason_ids() -> None:
    assert resolve_reason("return") == "return_refund"
    assert resolve_reason("WISMO") == "where_is_my_order"
    assert resolve_reason("size") == "exchange_size"
    assert resolve_reason("payment") == "payment"
    assert set(REASONS) >= {resolve_reason(a) for a in ("refund", "gdpr", "stock", "repair")}


def test_the_user_file_extends_and_adds_reasons(tmp_path: Path) -> None:
    user = tmp_path / "reasons.toml"
    user.write_text(
        "[reasons.return_refund.it]\n"
        'keywords = ["ridatem*"]\n'
        "[reasons.subscription]\n"
        'label = "Subscription"\n'
        'tags = ["abbonamento"]\n'
        "[reasons.subscription.any]\n"
        'patterns = ["abbonament[oi]"]\n',
        encoding="utf-8",
    )
    custom = ReasonRules.load(user)
    assert custom.reasons[-1] == "subscription"
    assert custom.label("subscription") == "Subscription"
    found = custom.classify(["ridatemelo e disdite l'abbonamento"], language="it")
    assert [m.reason for m in found] == ["return_refund", "subscription"]
    assert found[0].origin == str(user)


def test_replace_drops_the_builtin_rules_of_a_reason(tmp_path: Path) -> None:
    user = tmp_path / "reasons.toml"
    user.write_text(
        '[reasons.payment]\nreplace = true\n[reasons.payment.en]\nkeywords = ["wire"]\n'
    )
    custom = ReasonRules.load(user)
    assert [m.reason for m in custom.classify(["I paid by card"], language="en")] == ["other"]
    assert [m.reason for m in custom.classify(["sent a wire"], language="en")] == ["payment"]


def test_a_missing_user_file_means_the_builtin_rules(tmp_path: Path) -> None:
    assert ReasonRules.load(tmp_path / "nope.toml").reasons == REASONS


def test_bad_toml_names_file_and_line(tmp_path: Path) -> None:
    user = tmp_path / "reasons.toml"
    user.write_text('[reasons.payment.en]\nkeywords = ["a",\n  oops\n]\n')
    with pytest.raises(UserError, match=r"reasons\.toml, line 3, column \d+: not valid TOML"):
        ReasonRules.load(user)


def test_a_bad_regex_names_file_and_line(tmp_path: Path) -> None:
    user = tmp_path / "reasons.toml"
    user.write_text("[reasons.payment.en]\n\npatterns = ['ok', 'broken(']\n")
    with pytest.raises(
        UserError, match=r"reasons\.toml, line 3: .*bad regular expression 'broken\('"
    ):
        ReasonRules.load(user)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[reasons.payment.en]\nkeywords = "x"\nphrasez = ["y"]\n', "unknown key"),
        ("[reasons.payment.en]\nkeywords = [1]\n", "must be a list of strings"),
        ('[reasons."Bad Id"]\nlabel = "x"\n', "reason id"),
        ("[reasons.payment]\ntags = 3\n", "tags"),
        ("[other]\nx = 1\n", "unknown key"),
        ("[reasons.payment.english]\nkeywords = ['x']\n", "unknown key"),
        ("[reasons.payment.en]\nkeywords = ['***']\n", "bad phrase"),
    ],
)
def test_wrong_shapes_are_user_errors(tmp_path: Path, content: str, message: str) -> None:
    user = tmp_path / "reasons.toml"
    user.write_text(content)
    with pytest.raises(UserError, match=message):
        ReasonRules.load(user)
