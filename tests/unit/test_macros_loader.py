"""Reading macro files: every mistake is one located line, good macros load beside bad ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api_client.models import Channel, Priority, Stage, Status
from console.core.macros import MacroError, favourites, load_macros, select_macros
from console.core.macros.loader import parse_macro_file, scan_lines

GOOD = '''\
[[macro]]
id = "a.one"
title = "One"
stages = ["listen", "identify"]
reasons = ["wismo"]
channels = ["email"]
favourite = 3

[macro.actions]
status = "pending"
priority = "high"
assignee = "me"
group = "Tier 2"
tags_add = ["Wismo", "vip"]
tags_remove = ["new"]
stage = "identify"
promised_by = "4h"
note = "Looked at it"

[macro.body]
it = """
Ciao {{ customer.first_name }},
[non è un'intestazione]
en = non è una chiave
"""
en = "Hi {{ customer.first_name }}"

[macro.short]
it = 'Ciao!'

[[macro]]
id = "a.two"
title = "Two"
body = { de = "Hallo" }
'''


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", GOOD)
    macros, problems = parse_macro_file(path)
    assert problems == []
    one, two = macros
    assert one.id == "a.one" and one.title == "One"
    assert one.stages == (Stage.LISTEN, Stage.IDENTIFY)
    assert one.reasons == ("where_is_my_order",)  # aliases resolve like the queue's reason:wismo
    assert one.channels == (Channel.EMAIL,)
    assert one.favourite == 3
    assert one.languages == ("it", "en") and one.short_languages == ("it",)
    assert one.bodies["it"].startswith("Ciao {{ customer.first_name }},\n[non")
    actions = one.actions
    assert (actions.status, actions.priority, actions.stage) == (
        Status.PENDING,
        Priority.HIGH,
        Stage.IDENTIFY,
    )
    assert (actions.assignee, actions.group, actions.promised_by) == ("me", "Tier 2", "4h")
    assert actions.tags_add == ("Wismo", "vip") and actions.tags_remove == ("new",)
    assert actions.note == "Looked at it"
    assert (one.path, one.line) == (path, 1)
    assert two.languages == ("de",) and two.actions.is_empty()


def test_lines_point_at_each_text_and_skip_multi_line_strings() -> None:
    lines = scan_lines(GOOD)
    assert len(lines) == 2
    one, two = lines
    assert one[""] == 1
    assert one["stages"] == 4
    assert one["actions"] == 9
    assert one["actions.note"] == 18
    assert one["body.it"] == 22  # the text starts on the line after the opening quotes
    assert one["body.en"] == 26
    assert one["short.it"] == 29
    assert "body.it.en" not in one and "non è un'intestazione" not in one
    assert two[""] == 31 and two["body"] == 34


def test_an_escaped_quote_does_not_end_a_multi_line_string() -> None:
    text = '[[macro]]\nid = "x"\n[macro.body]\nen = """\nsay \\""" here\n[[macro]]\n"""\nit = "y"\n'
    (only,) = scan_lines(text)
    assert only["body.en"] == 5 and only["body.it"] == 8


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[[macro]]\nid = "x"\ntitle = "X"\ncolour = 1\n[macro.body]\nen = "a"\n', 4,
         "`colour`: unknown key"),
        ('[[macro]]\nid = "x"\ntitle = "X"\nstages = ["fixing"]\n[macro.body]\nen = "a"\n', 4,
         "unknown value 'fixing'"),
        ('[[macro]]\nid = "Bad Id"\ntitle = "X"\n[macro.body]\nen = "a"\n', 2,
         "is not a macro id"),
        ('[[macro]]\nid = "x"\ntitle = "X"\nfavourite = 10\n[macro.body]\nen = "a"\n', 4,
         "a number from 1 to 9"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.body]\nen = "a"\n[macro.short]\nit = "b"\n', 7,
         "a short text in 'it' needs a body in it too"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.actions]\npromised_by = "soon"\n'
         '[macro.body]\nen = "a"\n', 5, "'soon' is not a promise"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.actions]\nstatus = "done"\n'
         '[macro.body]\nen = "a"\n', 5, "unknown value 'done'"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.actions]\nwhen = "now"\n'
         '[macro.body]\nen = "a"\n', 5, "`actions.when`: unknown key"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.body]\nen = "  "\n', 5, "is empty"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.body]\nenglish = "a"\n', 5,
         "not a language code"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n', 1, "needs a [macro.body]"),
        ('[[macro]]\ntitle = "X"\n', 1, "a macro needs an id"),
        ('[[macro]]\nid = "x"\n[macro.body]\nen = "a"\n', 1, "a macro needs a title"),
        ('[[macro]]\nid = "x"\ntitle = "X"\n[macro.body]\nen = "a\n', 5, "not valid TOML"),
        ('[[macros]]\nid = "x"\n', 1, "unknown key `macros`"),
    ],
)  # fmt: skip
def test_each_mistake_is_one_line_naming_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, "bad.toml", text)
    macros, problems = parse_macro_file(path)
    assert macros == []
    (problem,) = problems
    assert message in str(problem)
    assert str(problem).startswith(f"{path}:{line}: ")


def test_a_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes("[[macro]]\ntitle = 'caf\xe9'\n".encode("latin-1"))
    (problem,) = parse_macro_file(path)[1]
    assert "not UTF-8" in str(problem)


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "macros"
    write(folder, "a.toml", '[[macro]]\nid = "same"\ntitle = "A"\nbody = { en = "a" }\n')
    write(folder, "b.toml", '\n\n[[macro]]\nid = "same"\ntitle = "B"\nbody = { en = "b" }\n')
    with pytest.raises(MacroError) as caught:
        load_macros(folder)
    assert str(caught.value) == (
        f"{folder / 'b.toml'}:4: macro same: duplicate id: also defined at {folder / 'a.toml'}:1"
    )
    loaded = load_macros(folder, strict=False)
    assert [m.title for m in loaded.macros] == ["A"]  # the first one stays
    assert len(loaded.problems) == 1


def test_good_macros_load_beside_a_broken_file(tmp_path: Path) -> None:
    folder = tmp_path / "macros"
    write(folder, "a.toml", GOOD)
    write(folder, "b.toml", "[[macro]\n")
    write(folder, ".hidden.toml", "not toml at all [")
    write(folder, "notes.txt", "ignored")
    loaded = load_macros(folder, strict=False)
    assert [m.id for m in loaded.macros] == ["a.one", "a.two"]
    (problem,) = loaded.problems
    assert str(problem).startswith(f"{folder / 'b.toml'}:1: not valid TOML")
    with pytest.raises(MacroError):
        load_macros(folder)


def test_a_missing_folder_means_no_macros(tmp_path: Path) -> None:
    loaded = load_macros(tmp_path / "nowhere")
    assert len(loaded) == 0 and loaded.problems == ()
    with pytest.raises(MacroError) as caught:
        loaded.get("x")
    assert caught.value.exit_code == 3


def test_favourites_map_quick_keys_and_a_clash_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "macros"
    write(
        folder,
        "a.toml",
        '[[macro]]\nid = "a"\ntitle = "A"\nfavourite = 2\nbody = { en = "a" }\n'
        '[[macro]]\nid = "b"\ntitle = "B"\nfavourite = 1\nbody = { en = "b" }\n'
        '[[macro]]\nid = "c"\ntitle = "C"\nfavourite = 2\nbody = { en = "c" }\n',
    )
    loaded = load_macros(folder, strict=False)
    keys = loaded.favourites()
    assert list(keys) == [1, 2]
    assert keys[1].id == "b" and keys[2].id == "a"
    (problem,) = loaded.problems
    assert "favourite = 2 is already taken by macro a" in str(problem)
    assert str(problem).startswith(f"{folder / 'a.toml'}:14: macro c:")
    assert favourites(loaded.macros) == keys


def test_select_filters_by_stage_reason_language_channel_and_words(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", GOOD)
    macros, _ = parse_macro_file(path)

    def ids(**filters: object) -> list[str]:
        return [m.id for m in select_macros(macros, **filters)]  # type: ignore[arg-type]

    assert ids() == ["a.one", "a.two"]
    assert ids(stage="listen") == ["a.one", "a.two"]  # a.two has no stages: any stage
    assert ids(stage=Stage.FIX) == ["a.two"]
    assert ids(reason="wismo") == ["a.one", "a.two"]
    assert ids(reason="payment") == ["a.two"]
    assert ids(lang="de") == ["a.two"]
    assert ids(lang="it") == ["a.one"]
    assert ids(channel="chat") == ["a.two"]
    assert ids(text="ONE") == ["a.one"]
    assert ids(text="two a.") == ["a.two"]


def _loaded(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join({{m.split('.')[0] for m in sys.modules}}))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_the_macro_core_loads_no_textual_and_the_cli_no_jinja() -> None:
    """The core stays Textual-free; ``deskside`` pays for Jinja and Babel only in `macro`."""
    assert not _loaded("console.core.macros") & {"textual", "screens"}
    assert not _loaded("console.cli") & {"jinja2", "babel"}
