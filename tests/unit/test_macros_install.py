"""Installing the starter library and scaffolding macros: the user's edits are never touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from console.core import paths
from console.core.macros import (
    MacroError,
    install_library,
    library_files,
    load_macros,
    macro_dir,
    new_macro,
    render,
    sample_context,
)
from console.core.macros import library as library_module
from console.core.macros.library import MANIFEST


@pytest.fixture
def release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped library that a test can change, as a later release would."""
    folder = tmp_path / "release"
    folder.mkdir()
    for source in library_files():
        shutil.copy(source, folder / source.name)
    monkeypatch.setattr(library_module, "library_dir", lambda: folder)
    return folder


def test_first_run_installs_every_library_file_with_a_manifest() -> None:
    written = install_library()
    folder = macro_dir()
    assert folder == paths.config_dir() / "macros"
    assert sorted(p.name for p in written) == sorted(p.name for p in library_files())
    for source in library_files():
        assert (folder / source.name).read_bytes() == source.read_bytes()
    manifest = json.loads((folder / MANIFEST).read_text())
    assert set(manifest["files"]) == {p.name for p in library_files()}
    assert len(load_macros(folder).macros) >= 40
    assert install_library() == []  # nothing to do the second time


def test_an_edited_file_is_never_overwritten(release: Path) -> None:
    install_library()
    target = macro_dir() / "listen.toml"
    edited = target.read_text() + "\n# my own words\n"
    target.write_text(edited)
    assert install_library() == []
    (release / "listen.toml").write_text((release / "listen.toml").read_text() + "\n# release 2\n")
    assert install_library() == []  # a new release changes nothing the user edited
    assert target.read_text() == edited


def test_a_new_release_updates_untouched_files_and_adds_new_ones(release: Path) -> None:
    install_library()
    folder = macro_dir()
    (release / "thank.toml").write_text((release / "thank.toml").read_text() + "\n# v2\n")
    (release / "extra.toml").write_text(
        '[[macro]]\nid = "extra.one"\ntitle = "Extra"\nbody = { en = "Hi" }\n'
    )
    written = install_library()
    assert sorted(p.name for p in written) == ["extra.toml", "thank.toml"]
    assert (folder / "thank.toml").read_text().endswith("# v2\n")
    assert (folder / "extra.toml").exists()


def test_a_deleted_file_is_not_brought_back(release: Path) -> None:
    install_library()
    (macro_dir() / "confirm.toml").unlink()
    (release / "confirm.toml").write_text((release / "confirm.toml").read_text() + "# v2\n")
    assert install_library() == []
    assert not (macro_dir() / "confirm.toml").exists()


def test_a_file_deskside_did_not_write_is_left_alone(release: Path) -> None:
    folder = macro_dir()
    folder.mkdir(parents=True)
    mine = '[[macro]]\nid = "mine"\ntitle = "Mine"\nbody = { en = "Hi" }\n'
    (folder / "fix.toml").write_text(mine)
    written = install_library()
    assert "fix.toml" not in {p.name for p in written}
    assert (folder / "fix.toml").read_text() == mine
    (release / "fix.toml").write_text((release / "fix.toml").read_text() + "# v2\n")
    install_library()
    assert (folder / "fix.toml").read_text() == mine


def test_a_broken_manifest_only_means_nothing_is_updated(release: Path) -> None:
    install_library()
    (macro_dir() / MANIFEST).write_text("{not json")
    (release / "solve.toml").write_text((release / "solve.toml").read_text() + "# v2\n")
    assert install_library() == []
    assert not (macro_dir() / "solve.toml").read_text().endswith("# v2\n")


# -- deskside macro new ----------------------------------------------------------------------------


def test_new_writes_a_scaffold_that_loads_and_renders() -> None:
    path = new_macro("returns.late_label", title='My "late" label', stage="fix")
    assert path == macro_dir() / "returns.late_label.toml"
    text = path.read_text()
    assert "docs/macros.md" in text and "# promised_by" in text
    (macro,) = load_macros(macro_dir()).macros
    assert macro.id == "returns.late_label" and macro.title == 'My "late" label'
    assert macro.stages[0].value == "fix" and macro.actions.stage is not None
    for lang in macro.languages:
        assert render(macro, lang, sample_context(lang)).text.startswith("Hi Emma,")
        assert render(macro, lang, sample_context(lang), short=True).text


def test_new_refuses_a_bad_id_an_existing_file_or_a_taken_id() -> None:
    with pytest.raises(MacroError) as caught:
        new_macro("Not An Id")
    assert caught.value.exit_code == 2
    with pytest.raises(MacroError) as caught:
        new_macro("ok", stage="fixing")
    assert caught.value.exit_code == 2
    new_macro("mine")
    with pytest.raises(MacroError) as caught:
        new_macro("mine")
    assert caught.value.exit_code == 4 and "already exists" in str(caught.value)
    install_library()
    with pytest.raises(MacroError) as caught:
        new_macro("listen.order_late")
    assert caught.value.exit_code == 4
    assert "listen.toml" in str(caught.value)
