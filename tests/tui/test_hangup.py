"""An SSH drop (SIGHUP) to a real deskside process keeps the draft being typed."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from api_client.backends.local.desk import Desk
from console.core.db import open_store
from console.core.drafts import DraftStore
from console.core.paths import desk_path
from tests.tui.conftest import seed

ROOT = Path(__file__).resolve().parents[2]


class Terminal:
    """A pseudo-terminal running one process, with its output collected in the background."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
        self.master = master
        self.output = bytearray()
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: bytes, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert self.process.poll() is None, self.output[-2000:].decode(errors="replace")
            assert time.monotonic() < deadline, f"{text!r} never appeared"
            time.sleep(0.05)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())


def test_sighup_saves_the_draft_being_typed(tmp_path: Path) -> None:
    conn = open_store(desk_path("local"))
    desk = Desk(conn, "local")
    me = desk.ensure_agent("giulia", "Giulia Rossi")
    seed(desk, 6, me)
    env = {
        **os.environ,
        "DESKSIDE_AGENT": "giulia",
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
        "TEXTUAL_ANIMATIONS": "none",
    }
    terminal = Terminal([sys.executable, "-m", "console.cli", "run", "--no-seed"], env)
    try:
        terminal.wait_for(b"My open")
        time.sleep(0.5)
        terminal.type("\r")  # open the first ticket
        terminal.wait_for(b"Reply")
        terminal.type("R")
        time.sleep(0.3)
        terminal.type("scrivo ancora e cade la linea")
        time.sleep(0.3)  # well under the 1 s autosave: only the hang-up can save it
        terminal.process.send_signal(signal.SIGHUP)
        terminal.process.wait(timeout=15)
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.master)
    drafts = DraftStore(conn, "giulia")
    saved = [drafts.load(t) for t in drafts.tickets_with_drafts()]
    assert [d.body for d in saved if d] == ["scrivo ancora e cade la linea"]
