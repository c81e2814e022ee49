"""Driving apps in a real terminal: a private tmux server, read through control mode.

Every terminal measurement starts the app in ``tmux new-session`` with a fixed
size and polls ``capture-pane`` (every ~5 ms) for the text that proves the
screen is there. Commands go through one long-lived control-mode client
(``tmux -C``), so a poll costs a pipe round trip (~0.2 ms) instead of starting a
tmux client process, and the polling itself stays out of the measured app's way.
The server has its own socket and an empty config; it is killed at the end.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

POLL = 0.005
WIDTH = 120
HEIGHT = 40


def app_environment() -> dict[str, str]:
    """The environment apps start in: this one, less what a user's shell would not have.

    ``PYTHONDONTWRITEBYTECODE`` (set in some sandboxes) would make every start
    compile the project's modules again; users' installs have their bytecode.
    """
    env = dict(os.environ)
    for name in ("PYTHONDONTWRITEBYTECODE", "TMUX", "TMUX_PANE"):
        env.pop(name, None)
    return env


class TmuxError(RuntimeError):
    pass


def _quote(arg: str) -> str:
    if "'" in arg:
        raise ValueError(f"cannot pass a single quote to tmux here: {arg!r}")
    return f"'{arg}'"


class Tmux:
    """One private tmux server and a control-mode client to command it."""

    def __init__(self) -> None:
        self.socket = f"deskside-bench-{os.getpid()}"
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._process = subprocess.Popen(
            [
                "tmux", "-L", self.socket, "-f", "/dev/null", "-C",
                "new-session", "-s", "keep", "-x", "80", "-y", "24", "sleep", "86400",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            env=app_environment(),
        )  # fmt: skip
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._lock = threading.Lock()
        self._block()  # the answer to the new-session that started the client
        self.command("set -g default-terminal tmux-256color")
        self.command("set -g escape-time 0")
        self._count = 0

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _block(self, timeout: float = 10.0) -> list[str]:
        """The next %begin ... %end block (notifications between blocks are skipped)."""
        deadline = time.monotonic() + timeout
        inside = False
        body: list[str] = []
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TmuxError("tmux did not answer") from None
            if line is None:
                raise TmuxError("the tmux control client exited")
            if not inside:
                if line.startswith("%begin "):
                    inside = True
                continue
            if line.startswith(("%end ", "%error ")):
                if line.startswith("%error "):
                    raise TmuxError("\n".join(body) or line)
                return body
            body.append(line)

    def command(self, text: str) -> list[str]:
        with self._lock:
            assert self._process.stdin is not None
            self._process.stdin.write(text + "\n")
            self._process.stdin.flush()
            return self._block()

    # -- sessions ------------------------------------------------------------------------

    def start(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        width: int = WIDTH,
        height: int = HEIGHT,
    ) -> Session:
        """Launch ``argv`` (executed directly, no shell) in a new detached session."""
        self._count += 1
        name = f"b{self._count}"
        flags = " ".join(f"-e {_quote(f'{key}={value}')}" for key, value in env.items())
        args = " ".join(_quote(a) for a in argv)
        started = time.perf_counter()
        self.command(f"new-session -d -s {name} -x {width} -y {height} {flags} -- {args}")
        pid = int(self.command(f"display -p -t {name} '#{{pane_pid}}'")[0])
        return Session(self, name, pid, started)

    def close(self) -> None:
        with contextlib.suppress(TmuxError, OSError, ValueError):
            self.command("kill-server")
        with contextlib.suppress(OSError, ValueError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Session:
    tmux: Tmux
    name: str
    pid: int
    started: float
    """perf_counter just before ``new-session`` was sent."""

    def screen(self) -> str:
        return "\n".join(self.tmux.command(f"capture-pane -p -t {self.name}"))

    def styled(self) -> str:
        """The screen with its colours (SGR sequences): shows a moved cursor row too."""
        return "\n".join(self.tmux.command(f"capture-pane -p -e -t {self.name}"))

    def wait_changed(self, before: str, *, since: float, timeout: float = 30.0) -> float:
        """Seconds from ``since`` until the styled screen differs from ``before``."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.styled()
            now = time.perf_counter()
            if text != before:
                return now - since
            if now > deadline:
                raise TmuxError(f"nothing changed in {self.name}")
            time.sleep(POLL / 5)

    def lines(self) -> list[str]:
        return self.tmux.command(f"capture-pane -p -t {self.name}")

    def keys(self, *names: str) -> float:
        """Send keys (tmux names: Down, NPage, Enter, Escape); returns the time sent."""
        sent = time.perf_counter()
        self.tmux.command(f"send-keys -t {self.name} {' '.join(names)}")
        return sent

    def type(self, text: str) -> float:
        sent = time.perf_counter()
        self.tmux.command(f"send-keys -t {self.name} -l {_quote(text)}")
        return sent

    def wait_for(
        self, check: Callable[[str], bool], *, timeout: float = 60.0, since: float | None = None
    ) -> float:
        """Seconds from ``since`` (default: launch) until ``check(screen)`` holds."""
        origin = self.started if since is None else since
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen()
            now = time.perf_counter()
            if check(text):
                return now - origin
            if now > deadline:
                raise TmuxError(f"timed out waiting in {self.name}; screen:\n{text}")
            if not self.alive():
                raise TmuxError(f"the app in {self.name} exited; screen:\n{text}")
            time.sleep(POLL)

    def alive(self) -> bool:
        return Path(f"/proc/{self.pid}").exists()

    def memory(self) -> dict[str, float]:
        """VmRSS, RssAnon and RssFile of the app process, in MB."""
        return process_memory(self.pid)

    def stop(self, timeout: float = 10.0) -> None:
        """Kill the session (the app gets SIGHUP) and wait for the process to go."""
        with contextlib.suppress(TmuxError):
            self.tmux.command(f"kill-session -t {self.name}")
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            while self.alive():
                time.sleep(0.02)


def process_memory(pid: int) -> dict[str, float]:
    values: dict[str, float] = {}
    text = Path(f"/proc/{pid}/status").read_text()
    for key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
        found = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
        if found:
            values[key] = int(found.group(1)) / 1024
    return values


def thread_cpu(pid: int, tid: int | None = None) -> float:
    """CPU seconds one thread (default: the main thread) has used, from schedstat (ns)."""
    path = Path(f"/proc/{pid}/task/{tid or pid}/schedstat")
    return int(path.read_text().split()[0]) / 1e9


def process_cpu(pid: int) -> float:
    """CPU seconds of the whole process (all threads), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


@contextlib.contextmanager
def session(tmux: Tmux, argv: Sequence[str], env: Mapping[str, str]) -> Iterator[Session]:
    started = tmux.start(argv, env)
    try:
        yield started
    finally:
        started.stop()


def wait_idle(
    pid: int, *, quiet: float = 0.5, limit: float = 30.0, threshold: float = 0.05
) -> float:
    """Wait until the process used under ``threshold`` of a core for ``quiet`` seconds."""
    started = time.monotonic()
    last = process_cpu(pid)
    while time.monotonic() - started < limit:
        time.sleep(quiet)
        now = process_cpu(pid)
        if now - last <= threshold * quiet:
            break
        last = now
    return time.monotonic() - started
