"""Hostility: each signal, the combination, the user's file, and the curve's phases."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.core.errors import UserError
from console.core.insights import CustomerMessage, HostilityModel, HostilityScore, curve

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@functools.cache
def model() -> HostilityModel:
    return HostilityModel.load(None)


def score(text: str, language: str | None = "en", **kwargs: object) -> HostilityScore:
    return model().score(CustomerMessage(text, **kwargs), language=language)  # type: ignore[arg-type]


def names(result: HostilityScore) -> set[str]:
    return {s.name for s in result.signals}


@pytest.mark.parametrize(
    ("language", "text", "signal"),
    [
        ("it", "Siete dei truffatori", "insult"),
        ("en", "You are thieves", "insult"),
        ("fr", "Bande d'escrocs", "insult"),
        ("de", "Ihr Abzocker", "insult"),
        ("es", "Sois unos sinvergüenzas", "insult"),
        ("it", "Mi rivolgo al mio avvocato", "threat_legal"),
        ("en", "My solicitor will hear about this", "threat_legal"),
        ("en", "I will file a chargeback", "threat_payment"),
        ("fr", "Je fais opposition auprès de ma banque", "threat_payment"),
        ("de", "Ich lasse das zurückbuchen", "threat_payment"),
        ("en", "Leaving a 1-star review on Trustpilot", "threat_public"),
        ("es", "Lo voy a contar en redes sociales", "threat_public"),
        ("it", "Mai più un acquisto da voi", "never_again"),
        ("de", "Nie wieder bestelle ich hier", "never_again"),
        ("fr", "C'est une honte", "outrage"),
        ("es", "Es una vergüenza", "outrage"),
        ("en", "Still nothing, third email", "frustration"),
        ("it", "Rimborsatemi subito", "demand"),
    ],
)
def test_each_lexicon_fires_in_its_language(language: str, text: str, signal: str) -> None:
    result = score(text, language)
    assert signal in names(result)
    assert 0 < result.value <= 1
    fired = next(s for s in result.signals if s.name == signal)
    assert fired.weight > 0 and fired.detail


def test_a_threat_is_hostile_and_explained() -> None:
    result = score("You're scammers, I'm calling my lawyer and disputing this with my bank")
    assert result.level == "hostile"
    assert {"insult", "threat_legal", "threat_payment"} <= names(result)


def test_a_plain_question_scores_zero() -> None:
    result = score("Hello, could you tell me when my order will ship?")
    assert result.value == 0.0
    assert result.signals == ()
    assert result.level == "calm"


@pytest.mark.parametrize("text", ["", "   ", "👍", "🙂🙂🙂"])
def test_empty_and_emoji_only_messages_are_calm(text: str) -> None:
    assert score(text, None).value == 0.0


def test_shouting_a_whole_message() -> None:
    result = score("WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS")
    shouting = next(s for s in result.signals if s.name == "shouting")
    assert shouting.weight == pytest.approx(0.35)
    assert "capitals" in shouting.detail


def test_words_in_capitals_and_known_acronyms() -> None:
    assert "capitals" in names(score("You charged me TWICE for this"))
    assert score("The DHL tracking for my GDPR request on the app").signals == ()


def test_repeated_punctuation() -> None:
    double = next(s for s in score("Where is it??").signals if s.name == "punctuation")
    triple = next(s for s in score("Where is it?!?!").signals if s.name == "punctuation")
    assert 0 < double.weight < triple.weight
    assert "punctuation" in names(score("¿¿Dónde está mi pedido??", "es"))


def test_thanks_and_apologies_lower_the_score() -> None:
    angry = score("This is ridiculous!!")
    thanked = score("This is ridiculous!! Thanks anyway")
    assert thanked.value < angry.value
    calming = next(s for s in thanked.signals if s.name == "calming")
    assert calming.weight < 0


def test_thanks_barely_soften_an_insult() -> None:
    plain = score("You are thieves")
    thanked = score("You are thieves, thanks")
    assert thanked.value >= plain.value * 0.85


def test_waiting_depends_on_the_channel() -> None:
    earlier = CustomerMessage("hello", T0, "chat")
    later_chat = CustomerMessage("hello?", T0 + timedelta(minutes=10), "chat")
    later_mail = CustomerMessage("hello?", T0 + timedelta(minutes=10), "email")
    assert "waited" in names(model().score(later_chat, [earlier], language="en"))
    assert "waited" not in names(model().score(later_mail, [earlier], language="en"))
    long_wait = CustomerMessage("any news?", T0 + timedelta(days=5), "email")
    waited = next(s for s in model().score(long_wait, [earlier], language="en").signals)
    assert waited.name == "waited" and waited.detail == "waited 5 days"


def test_repeated_contacts_count_from_the_third() -> None:
    thread = [CustomerMessage("any news?", T0 + timedelta(days=2 * i), "email") for i in range(4)]
    second = model().score(thread[1], thread[:1], language="en")
    fourth = model().score(thread[3], thread[:3], language="en")
    assert "repeated" not in names(second)
    repeated = next(s for s in fourth.signals if s.name == "repeated")
    assert repeated.detail == "contact 4"
    assert fourth.value > second.value


def test_chat_lines_without_times_are_not_repeated_contacts() -> None:
    lines = [CustomerMessage(f"line {i}", None, "chat") for i in range(5)]
    assert "repeated" not in names(model().score(lines[4], lines[:4], language="en"))


def test_a_mixed_language_message_uses_the_lexicons_of_its_language() -> None:
    result = score("Hello, siete dei truffatori e voglio un refund", None)
    assert "insult" in names(result)


def test_undetermined_language_uses_every_lexicon() -> None:
    assert "insult" in names(score("Betrüger!!", None))


def test_the_user_file_extends_lexicons_and_thresholds(tmp_path: Path) -> None:
    user = tmp_path / "hostility.toml"
    user.write_text(
        "[levels]\nhostile = 0.3\n"
        "[lexicon.insult.it]\nkeywords = ['somari']\n"
        "[lexicon.sarcasm]\nweight = 0.2\n[lexicon.sarcasm.any]\nphrases = ['bravi bravi']\n"
        "[waiting]\nemail = '2h'\n",
        encoding="utf-8",
    )
    custom = HostilityModel.load(user)
    result = custom.score(CustomerMessage("Siete dei somari, bravi bravi"), language="it")
    assert {"insult", "sarcasm"} <= names(result)
    assert result.level == "hostile"
    earlier = CustomerMessage("ciao", T0, "email")
    later = CustomerMessage("ciao?", T0 + timedelta(hours=3), "email")
    assert "waited" in names(custom.score(later, [earlier], language="it"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[levels\n", "line 1, column .*: not valid TOML"),
        ("[lexicon.insult.en]\npatterns = ['(unclosed']\n", r"line 2: .*bad regular expression"),
        ("[levels]\nhostile = 'high'\n", "must be a number"),
        ("[levels]\nfurious = 0.9\n", "unknown key"),
        ("[waiting]\nchat = 'soon'\n", "duration"),
        ("[lexicon.insult]\nweight = 3\n", "between -1 and 1"),
        ("[moods]\nx = 1\n", "unknown section"),
    ],
)
def test_a_bad_user_file_is_a_user_error(tmp_path: Path, content: str, message: str) -> None:
    user = tmp_path / "hostility.toml"
    user.write_text(content)
    with pytest.raises(UserError, match=message) as raised:
        HostilityModel.load(user)
    assert str(user) in str(raised.value)


@pytest.mark.parametrize(
    ("points", "phase"),
    [
        ([], "calm"),
        ([0.0, 0.1, 0.05], "calm"),
        ([0.8], "rising"),
        ([0.1, 0.3, 0.6], "rising"),
        ([0.1, 0.7, 0.75], "peak"),
        ([0.1, 0.4, 0.4], "peak"),
        ([0.2, 0.9, 0.5], "calming"),
        ([0.2, 0.9, 0.1], "calming"),
        ([0.2, 0.9, 0.1, 0.0], "calm"),
        ([0.3, 0.32], "calm"),
    ],
)
def test_curve_phases(points: list[float], phase: str) -> None:
    result = curve(points)
    assert result.phase == phase
    assert result.points == tuple(points)


def test_curve_clamps_scores() -> None:
    assert curve([1.5, -1]).points == (1.0, 0.0)


def test_a_thread_that_heats_up_rises_then_calms() -> None:
    messages = [
        CustomerMessage("Hi, my order hasn't arrived yet", T0, "email"),
        CustomerMessage("Still nothing, nobody has answered my email", T0 + timedelta(days=3)),
        CustomerMessage(
            "This is DISGRACEFUL!!! Refund me or I'm doing a chargeback", T0 + timedelta(days=4)
        ),
        CustomerMessage("Got it today, thank you and sorry for my tone", T0 + timedelta(days=5)),
    ]
    scores, result = model().thread(messages, language="en")
    phases = [model().curve([s.value for s in scores][: i + 1]).phase for i in range(4)]
    assert phases[2] == "rising"
    assert result.phase in ("calming", "calm")
