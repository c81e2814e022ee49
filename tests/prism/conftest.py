"""A Stoplight Prism mock of a vendor's published OpenAPI spec, for the whole session.

The specs are found through ``DESKSIDE_SPECS_DIR`` (default ``<repo>/../shared/specs``).
Prism (``@stoplight/prism-cli`` 5.14.2, the newest release that supports Node 20) is
installed once with npm into ``<repo>/.cache/prism`` (never into git) and started as
``npx prism mock -h 127.0.0.1 -p PORT SPEC`` on a free port; the suite waits until it
answers and stops it afterwards. Without the spec, node, npx or npm the suite is skipped
and says why.

Prism answers 422 to a request that breaks the spec and logs every violation; the
``prism`` fixture fails a test whose requests caused a violation line it did not expect,
and one that expected a violation Prism never logged (``test_prism_harness.py`` shows
both checks failing).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli"
PRISM_VERSION = "5.14.2"
START_TIMEOUT = 90.0
INSTALL_TIMEOUT = 600.0
LOG_MARK = "/__deskside_log_mark/"
"""A path no spec has: a request for it is how the harness knows Prism's log caught up."""
FLUSH_TIMEOUT = 30.0
VIOLATION_MARKERS = ("[VALIDATOR] ✖", "Violation", "NO_PATH_MATCHED", "NO_METHOD_MATCHED")
"""Lines naming a violation (each comes after a generic "did not pass" warning line), and
the lines of a request for a path or method the spec does not have (a 404 or 405 that a
backend might otherwise take for "no such record")."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "prism: runs a backend against Stoplight Prism serving a vendor's spec"
    )


def specs_dir() -> Path:
    configured = os.environ.get("DESKSIDE_SPECS_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "specs"


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "SCARF_ANALYTICS": "false",
        "npm_config_cache": str(CACHE / "npm-cache"),
        "npm_config_update_notifier": "false",
        "NO_COLOR": "1",
    }


def _installed_version() -> str | None:
    manifest = CACHE / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    """One npm install at a time, also across pytest-xdist workers."""
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no lock, installs are rare anyway
        yield
        return
    with (CACHE / ".install.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_prism() -> None:
    """Install Prism into the cache unless the right version is already there."""
    with _install_lock():
        if _installed_version() == PRISM_VERSION:
            return
        manifest = CACHE / "package.json"
        if not manifest.exists():
            manifest.write_text('{"name": "deskside-prism", "private": true}\n', encoding="utf-8")
        try:
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    f"{PRISM_PACKAGE}@{PRISM_VERSION}",
                ],
                cwd=CACHE,
                env=_environment(),
                capture_output=True,
                text=True,
                check=True,
                timeout=INSTALL_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            said = (getattr(error, "stderr", "") or "").strip().splitlines()[-3:]
            pytest.skip(
                f"Prism suite: could not install {PRISM_PACKAGE}@{PRISM_VERSION} with npm "
                f"into {CACHE}: {' / '.join(said) or type(error).__name__}"
            )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PrismServer:
    """A running ``prism mock`` and what it has logged."""

    url: str
    spec: Path
    log: Path
    process: subprocess.Popen[bytes]
    offset: int = 0
    marks: int = 0
    expected: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()

    def flush(self) -> None:
        """Wait until Prism has logged everything it answered before now.

        Prism writes its log as it goes, behind its answers (well behind on a loaded
        machine). It logs requests in the order it handles them, so once the answer to
        a request for a fresh :data:`LOG_MARK` path is in the log, so is every line
        about the requests answered before it.
        """
        self.marks += 1
        path = f"{LOG_MARK}{self.marks}"
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{self.url}{path}", timeout=10.0)
        deadline = time.monotonic() + FLUSH_TIMEOUT
        while time.monotonic() < deadline:
            if any(path in line and "NO_PATH_MATCHED" in line for line in self.lines()):
                return
            time.sleep(0.05)
        pytest.fail(f"Prism did not log the request for {path} within {FLUSH_TIMEOUT:.0f} s")

    def mark(self) -> None:
        """Start a test's window of log lines (after everything logged before it)."""
        self.flush()
        self.offset = len(self.lines())
        self.expected = []
        self.excused = []

    def expect_violation(self, text: str) -> None:
        """A violation whose line contains ``text`` is what the test is about."""
        self.expected.append(text)

    def _violation_lines(self) -> list[str]:
        self.flush()
        return [
            line
            for line in self.lines()[self.offset :]
            if any(marker in line for marker in VIOLATION_MARKERS) and LOG_MARK not in line
        ]

    def excuse(self, text: str) -> None:
        """A violation whose line contains ``text`` may come (a known spec defect on a
        path the test passes through) and does not fail the test."""
        self.excused.append(text)

    def violations(self, *excused: str) -> list[str]:
        """Violation lines logged since :meth:`mark` that were neither expected nor
        excused (here or with :meth:`excuse`)."""
        allowed = (*self.expected, *self.excused, *excused)
        return [line for line in self._violation_lines() if not any(t in line for t in allowed)]

    def missing(self) -> list[str]:
        """Expected violations (:meth:`expect_violation`) that Prism did not log."""
        found = self._violation_lines()
        return [text for text in self.expected if not any(text in line for line in found)]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the process group this suite started (npx and the node it runs)."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def start_prism(spec: Path, log: Path) -> PrismServer:
    for tool in ("node", "npm", "npx"):
        if shutil.which(tool) is None:
            pytest.skip(f"Prism suite: {tool} is not installed (Prism needs Node.js 20)")
    ensure_prism()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["npx", "--no", "prism", "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            cwd=CACHE,
            env=_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PrismServer(url=url, spec=spec, log=log, process=process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = "\n".join(server.lines()[-20:])
            pytest.fail(f"Prism exited with {process.returncode} before answering:\n{tail}")
        try:
            httpx.get(f"{url}/", timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.25)
            continue
        return server
    _stop(process)
    pytest.fail(f"Prism did not answer on {url} within {START_TIMEOUT:.0f} s")


def serve(
    tmp_path_factory: pytest.TempPathFactory, spec_name: str, log_name: str, missing: str
) -> Iterator[PrismServer]:
    """Prism serving ``spec_name`` while the generator runs (for a session fixture);
    without the spec the suite is skipped with ``missing`` (``{spec}`` is its path)."""
    spec = specs_dir() / spec_name
    if not spec.is_file():
        pytest.skip(missing.format(spec=spec))
    server = start_prism(spec, tmp_path_factory.mktemp("prism") / log_name)
    try:
        yield server
    finally:
        _stop(server.process)


def watch(server: PrismServer, *excused: str) -> Iterator[PrismServer]:
    """``server`` for one test, which fails on any violation line that does not contain
    one of ``excused`` (or what the test itself expects), and on an expected violation
    that Prism never logged."""
    server.mark()
    yield server
    unexpected = server.violations(*excused)
    assert not unexpected, "Prism reported spec violations:\n" + "\n".join(unexpected)
    missing = server.missing()
    assert not missing, f"Prism logged no violation containing {missing}"


@pytest.fixture(scope="session")
def prism_zendesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """Prism serving ``zendesk-support.yaml`` for the whole session."""
    yield from serve(
        tmp_path_factory,
        "zendesk-support.yaml",
        "zendesk.log",
        "Prism suite: no Zendesk spec at {spec} (set DESKSIDE_SPECS_DIR)",
    )


@pytest.fixture
def prism(prism_zendesk: PrismServer) -> Iterator[PrismServer]:
    """The Zendesk Prism server; the test fails on any violation it did not expect."""
    yield from watch(prism_zendesk)
