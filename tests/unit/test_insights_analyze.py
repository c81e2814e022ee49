"""analyze_record and `deskside insights analyze`: one result per JSON line, offline."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from console.cli import main
from console.core.insights import Insights, RecordError, analyze, analyze_record


@functools.cache
def builtin() -> Insights:
    return Insights.builtin()


def test_a_record_with_its_thread() -> None:
    result = analyze_record(
        {
            "id": "t-1",
            "text": "Terza mail!!! Siete dei truffatori, voglio il rimborso",
            "channel": "email",
            "created_at": "2025-03-06T10:00:00Z",
            "previous": [
                {"text": "Buongiorno, il pacco non è ancora arrivato", "at": "2025-03-01T09:00Z"},
                "Ancora niente?",
            ],
        },
        builtin(),
    )
    assert result["id"] == "t-1"
    assert result["language"] == "it"
    assert result["reasons"] == ["where_is_my_order", "return_refund"]
    assert result["level"] == "hostile"
    assert result["phase"] == "rising"
    assert len(result["curve"]) == 3
    assert {s["name"] for s in result["signals"]} >= {"insult", "punctuation"}
    assert all(set(s) == {"name", "weight", "detail"} for s in result["signals"])
    json.dumps(result)


def test_the_profile_language_wins_and_short_messages_are_und() -> None:
    result = analyze_record({"id": 1, "text": "ok 👍", "profile_language": "de-DE"}, builtin())
    assert result["language"] == "de"
    assert result["message_language"] == "und"
    assert result["reasons"] == ["other"]
    assert result["hostility"] == 0.0 and result["phase"] == "calm"


def test_an_empty_message_has_a_calm_result() -> None:
    result = analyze_record({"id": 2, "text": ""}, builtin())
    assert result["language"] == "und"
    assert result["signals"] == []


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ([], "JSON object"),
        ({"id": 1}, "`text`"),
        ({"text": "x", "previous": "y"}, "`previous`"),
        ({"text": "x", "previous": [3]}, r"previous\[0\]"),
        ({"text": "x", "tags": "vip"}, "`tags`"),
        ({"text": "x", "created_at": "yesterday"}, "ISO 8601"),
        ({"text": "x", "channel": 5}, "`channel`"),
    ],
)
def test_bad_records_are_record_errors(record: object, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        analyze_record(record, builtin())  # type: ignore[arg-type]


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKSIDE_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(analyze, "_default", None)
    return tmp_path


def test_the_command_prints_json_lines(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "reasons.toml").write_text(
        "[reasons.subscription.any]\nkeywords = ['abbonamento']\n"
    )
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 1, "text": "Vorrei disdire il mio abbonamento, grazie mille"})
        + "\n\n"
        + json.dumps({"id": 2, "text": "WHERE IS MY PARCEL??? You are thieves"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["insights", "analyze", str(source), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in lines] == [1, 2]
    assert lines[0]["reasons"] == ["subscription"]
    assert lines[1]["language"] == "en" and lines[1]["level"] == "hostile"


def test_the_command_reads_stdin_as_text_and_reports_bad_lines(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(
        sys, "stdin", io.StringIO('{"id": "a", "text": "Il vaso è arrivato rotto!!"}\nnope\n{}\n')
    )
    assert main(["insights", "analyze"]) == 2
    out, err = capsys.readouterr()
    fields = out.splitlines()[0].split("\t")
    assert fields[:3] == ["a", "it", "damaged_wrong_item"]
    assert "line 2: not JSON" in err and "line 3: `text`" in err


def test_a_bad_user_file_stops_the_command(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "hostility.toml").write_text("[lexicon.insult.en]\npatterns = ['(']\n")
    assert main(["insights", "analyze", "-"]) == 1
    assert "hostility.toml, line 2" in capsys.readouterr().err


def test_a_missing_file_is_not_found(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insights", "analyze", str(config_dir / "none.jsonl")]) == 3


def test_the_insights_load_no_textual() -> None:
    code = (
        "import sys, console.core.insights as i\n"
        "i.detect_language('ciao come stai oggi')\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert "textual" not in loaded and "screens" not in loaded
