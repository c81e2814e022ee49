"""The shipped macro library: every macro renders in every language it declares, and reads well.

This is the test behind "`deskside macro lint` in `make test`": each text of each
shipped macro (body, short variant, internal note) is rendered against the
sample context of its language, exactly as ``deskside macro lint --library``
does. The rest checks the library keeps its promises: all six stages, every
contact reason, five languages with chat-length variants, and a few rules of
each language's typography that a native reader would notice.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from api_client.models import Channel, Stage
from console.cli import main
from console.core.insights.reasons import REASONS
from console.core.macros import (
    LANGUAGES,
    MacroSpec,
    library_files,
    lint_library,
    load_files,
    render,
    sample_context,
)

LIBRARY = load_files(library_files())
MACROS = {macro.id: macro for macro in LIBRARY.macros}
SHORT_LIMIT = 300
"""A chat message longer than this is not chat-length."""


def _texts(macro: MacroSpec, lang: str) -> list[str]:
    """What the customer reads in ``lang`` (internal notes are the team's, in English)."""
    context = sample_context(lang, channel=Channel.CHAT)
    return [render(macro, lang, context).text, render(macro, lang, context, short=True).text]


@pytest.mark.parametrize("macro_id", sorted(MACROS))
def test_every_shipped_macro_renders_in_every_language_it_declares(macro_id: str) -> None:
    macro = MACROS[macro_id]
    for lang in macro.languages:
        context = sample_context(lang)
        body = render(macro, lang, context)
        assert body.text and "{{" not in body.text and "{%" not in body.text
        assert body.lang == lang and not body.short
        if macro.actions.note:
            assert body.note
        if lang in macro.short:
            short = render(macro, lang, context, short=True)
            assert short.short
            assert len(short.text) <= SHORT_LIMIT, (lang, short.text)
            assert "\n\n" not in short.text


def test_the_library_lints_clean_as_make_test_runs_it(capsys: pytest.CaptureFixture[str]) -> None:
    report = lint_library()
    assert report.ok, [str(e) for e in report.errors]
    assert report.macros == len(MACROS)
    assert report.renders == sum(len(m.languages) + len(m.short) for m in MACROS.values())
    assert main(["macro", "lint", "--library"]) == 0
    out = capsys.readouterr().out
    assert f"library: {len(library_files())} files, {len(MACROS)} macros" in out
    assert "0 errors" in out


def test_the_library_loads_without_problems() -> None:
    assert LIBRARY.problems == ()
    assert len(MACROS) == len(LIBRARY.macros)  # ids are unique


def test_the_library_covers_every_stage_reason_and_language() -> None:
    assert len(MACROS) >= 40
    stages = Counter(stage for macro in MACROS.values() for stage in macro.stages)
    assert set(stages) == set(Stage)
    assert all(count >= 5 for count in stages.values()), stages
    reasons = {reason for macro in MACROS.values() for reason in macro.reasons}
    assert reasons == set(REASONS)
    for macro in MACROS.values():
        assert macro.languages == LANGUAGES, macro.id
        assert macro.short_languages == LANGUAGES, macro.id


def test_every_macro_moves_the_ticket_to_its_own_stage_and_fix_promises_a_date() -> None:
    for macro in MACROS.values():
        assert len(macro.stages) == 1, macro.id
        assert macro.actions.stage == macro.stages[0], macro.id
        assert macro.id.startswith(f"{macro.stages[0].value}."), macro.id
        if macro.stages[0] is Stage.FIX:
            assert macro.actions.promised_by, macro.id
            for lang in LANGUAGES:
                assert "promised_by" in macro.bodies[lang] and "promised_by" in macro.short[lang]


def test_no_favourites_are_taken_by_the_library() -> None:
    """Quick keys belong to the user; a shipped favourite would clash with theirs."""
    assert LIBRARY.favourites() == {}


_SPACE_BEFORE = re.compile(r"\S[?!;]|[^\s\d/]:(?!//)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_texts_follow_each_languages_typography(lang: str) -> None:
    for macro in MACROS.values():
        for text in _texts(macro, lang):
            assert "  " not in text and " ," not in text and " ." not in text, (macro.id, text)
            assert not re.search(r"\s$", text), macro.id
            if lang == "fr":  # French puts a space before ? ! ; and :
                for line in text.splitlines():
                    line = re.sub(r"https?://\S+", "", line)
                    assert not _SPACE_BEFORE.search(line), (macro.id, line)
            if lang == "es":  # Spanish opens questions and exclamations
                assert text.count("¿") == text.count("?"), (macro.id, text)
                assert text.count("¡") == text.count("!"), (macro.id, text)
            if lang == "de":  # after "Hallo Jonas," the letter goes on in lower case
                first = text.split("\n\n")[1] if "\n\n" in text else ""
                if text.startswith("Hallo ") and first:
                    word = first.split()[0]
                    assert word[0].islower() or word in ("Sie", "Ihr", "Ihre"), (macro.id, word)
