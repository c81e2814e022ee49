"""`deskside macro list|show|lint|new` run as a shell would, on the installed starter library."""

from __future__ import annotations

import json

import pytest

from console.cli import main
from console.core.macros import library_files, load_files
from console.core.paths import config_dir

LIBRARY = load_files(library_files())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def piped_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


def test_first_use_installs_the_library_and_list_shows_it(capsys) -> None:
    assert not (config_dir() / "macros").exists()
    code, out, err = run(capsys, "macro", "list")
    assert code == 0 and err == ""
    assert (config_dir() / "macros" / "listen.toml").exists()
    assert "listen.sorry_for_the_wait" in out and "it en fr de es" in out
    assert f"{len(LIBRARY)} of {len(LIBRARY)} macros" in out


def test_list_filters_by_stage_language_reason_and_channel(capsys) -> None:
    code, out, _ = run(capsys, "macro", "list", "--stage", "fix", "--json")
    assert code == 0
    fixes = json.loads(out)
    assert fixes and all(m["stages"] == ["fix"] for m in fixes)
    first = fixes[0]
    assert set(first) == {
        "id", "title", "description", "stages", "reasons", "channels", "languages",
        "short_languages", "favourite", "actions", "file", "line",
    }  # fmt: skip
    assert first["actions"]["promised_by"] and first["file"].endswith("fix.toml")
    code, out, _ = run(capsys, "macro", "list", "--reason", "wismo", "--stage", "solve", "--json")
    assert [m["id"] for m in json.loads(out)] == ["solve.on_its_way", "solve.delivered"]
    code, out, _ = run(capsys, "macro", "list", "--lang", "nl", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "macro", "list", "--channel", "sms", "--lang", "de")
    assert f"{len(LIBRARY)} of {len(LIBRARY)} macros" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["macro", "list", "--stage", "fixing"])
    assert exit_info.value.code == 2
    capsys.readouterr()


def test_show_prints_every_text_literally(capsys) -> None:
    code, out, _ = run(capsys, "macro", "show", "fix.carrier_investigation")
    assert code == 0
    assert "fix.carrier_investigation — Carrier investigation opened" in out
    assert "promised_by: 48h" in out and "status: on_hold" in out
    for lang in ("[it]", "[en]", "[fr]", "[de]", "[es]", "[de, short]"):
        assert lang in out
    assert "{{ promised_by }}" in out  # the template itself, not rendered
    code, out, _ = run(capsys, "macro", "show", "fix.carrier_investigation", "--json")
    data = json.loads(out)
    assert set(data["bodies"]) == {"it", "en", "fr", "de", "es"}
    assert data["line"] and data["short"]["en"].startswith("Hi {{ customer.first_name }}")
    code, _, err = run(capsys, "macro", "show", "nope")
    assert code == 3 and err.startswith("deskside: no macro 'nope'")


def test_lint_passes_then_reports_file_line_and_exits_1(capsys) -> None:
    code, out, _ = run(capsys, "macro", "list")
    code, out, _ = run(capsys, "macro", "lint")
    assert code == 0
    assert "library: 6 files" in out and f"{config_dir() / 'macros'}: 6 files" in out
    broken = config_dir() / "macros" / "mine.toml"
    broken.write_text(
        '[[macro]]\nid = "mine"\ntitle = "Mine"\n\n[macro.body]\nde = """\n'
        'Hallo {{ customer.first_name }},\n\n{{ customer.nickname }}\n"""\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "macro", "lint")
    assert code == 1
    assert f"{broken}:9: macro mine (de): `customer` has no `nickname`" in out
    assert "1 error" in out
    code, out, _ = run(capsys, "macro", "lint", "--library")
    assert code == 0 and str(broken) not in out
    code, _, err = run(capsys, "macro", "list")  # the console keeps working with the rest
    assert code == 0 and err == ""  # loading is fine; only rendering fails


def test_a_broken_file_is_reported_by_list_and_lint(capsys) -> None:
    run(capsys, "macro", "list")
    broken = config_dir() / "macros" / "zz.toml"
    broken.write_text("[[macro]\n", encoding="utf-8")
    code, out, err = run(capsys, "macro", "list")
    assert code == 0 and f"{len(LIBRARY)} of {len(LIBRARY)} macros" in out
    assert "1 macro problem" in err and "zz.toml:1: not valid TOML" in err
    code, out, _ = run(capsys, "macro", "lint")
    assert code == 1 and f"{broken}:1: not valid TOML" in out


def test_new_scaffolds_a_macro_that_lints_clean(capsys) -> None:
    code, out, err = run(capsys, "macro", "new", "wismo.my_reply", "--stage", "solve")
    assert code == 0
    path = config_dir() / "macros" / "wismo.my_reply.toml"
    assert out.strip() == str(path) and "deskside macro lint" in err
    code, out, _ = run(capsys, "macro", "lint")
    assert code == 0
    code, out, _ = run(capsys, "macro", "list", "--stage", "solve", "--json")
    assert "wismo.my_reply" in [m["id"] for m in json.loads(out)]
    code, _, err = run(capsys, "macro", "new", "wismo.my_reply")
    assert code == 4 and "already exists" in err
    code, _, err = run(capsys, "macro", "new", "Bad Id")
    assert code == 2
