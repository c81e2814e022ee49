"""`deskside sync` takes ``--profile`` after the command, as login's hint and the README
write it (``deskside sync --profile acme``), and still honours the global one."""

from __future__ import annotations

import pytest

from console.cli import main


@pytest.mark.parametrize("argv", [["sync", "--profile", "local"], ["--profile", "local", "sync"]])
def test_sync_takes_the_profile_before_or_after_the_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    assert "local is the embedded desk" in capsys.readouterr().out


def test_sync_names_an_unknown_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "--profile", "nowhere"]) != 0
    assert "nowhere" in capsys.readouterr().err
