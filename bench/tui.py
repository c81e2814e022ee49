"""Start-up, memory, key-to-screen and typed-filter latency, measured in a real terminal.

deskside (``deskside run --no-seed`` on a cached demo desk) and the trivial
Textual app (:mod:`bench.trivial_app`) are started the same way: ``tmux
new-session`` at 120x40, then ``capture-pane`` polled every ~5 ms for the text
that proves the screen is there. Start-up is launch to the first queue screen
with rows (the status line's ``My open: 1/N`` and the first row's subject);
keys are timed from ``send-keys`` to the expected change on screen (the status
line's position, the ticket header, the queue again). Memory is the app
process's VmRSS once it is idle with the queue open.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench.common import (
    BIN,
    ROOT,
    Row,
    Section,
    Stats,
    fmt_mb,
    fmt_ms,
    fmt_ratio,
    median,
    ratio,
)
from bench.desks import AGENT, Desk, label
from bench.term import Session, Tmux, TmuxError, session, wait_idle
from bench.trivial_app import OPENED, READY

START_TARGET = 1.3
KEY_TARGET = 1.5
FLAT_TARGET = 1.25
"""Key latency at 1M over the same key at 1k: "flat" when at most this."""
RSS_TARGETS = {100_000: 60.0, 1_000_000: 150.0}
FILTER_TEXT = "lang:it reason:return"
FIRST_VIEW = "My open"
FIRST_QUERY = "assignee:me status:active sort:due"

TRIVIAL = "trivial"
KEYS = ("Down", "NPage", "Enter", "Escape")
KEY_NAMES = {
    "Down": "cursor down",
    "NPage": "page down",
    "Enter": "open ticket",
    "Escape": "back to the queue",
}
_HEADER = re.compile(r"^\s?#\d+ ", re.MULTILINE)


def _position(screen: str, view: str) -> tuple[int, int] | None:
    found = re.search(rf"{re.escape(view)}: (\d+)/(\d+)", screen)
    return (int(found.group(1)), int(found.group(2))) if found else None


def first_subject(desk: Desk) -> str:
    """The start of the first row's subject in the first view (what must be on screen)."""
    from console.core.query import QueryContext
    from console.core.queue import QueueSource

    conn = sqlite3.connect(desk.path)
    try:
        me = conn.execute("SELECT id FROM agents WHERE login = ?", (AGENT,)).fetchone()[0]
        source = QueueSource(conn, FIRST_QUERY, QueryContext(now=datetime.now(UTC), me=me))
        rows = source.page(0, 1)
    finally:
        conn.close()
    return rows[0].subject[:12].strip() if rows else ""


@dataclass
class App:
    """One app to launch: deskside on a desk, or the trivial app."""

    name: str
    argv: list[str]
    env: dict[str, str]
    ready: Callable[[str], bool]
    desk: Desk | None = None
    starts: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    anon: list[float] = field(default_factory=list)
    keys: dict[str, list[float]] = field(default_factory=dict)


def trivial_app() -> App:
    return App(
        TRIVIAL,
        [sys.executable, str(ROOT / "bench" / "trivial_app.py")],
        {"COLORTERM": "truecolor"},
        lambda screen: READY in screen,
    )


def deskside_app(desk: Desk) -> App:
    subject = first_subject(desk)
    env = {key: value for key, value in desk.env().items() if key.startswith("DESKSIDE_")}
    env["COLORTERM"] = "truecolor"

    def ready(screen: str) -> bool:
        found = _position(screen, FIRST_VIEW)
        return found is not None and found[0] == 1 and subject in screen

    argv = [str(BIN / "deskside"), "run", "--no-seed"]
    return App(label(desk.tickets), argv, env, ready, desk)


def measure_starts(tmux: Tmux, apps: Sequence[App], reps: int) -> None:
    """Launch each app ``reps`` times, interleaved, recording launch-to-screen and RSS.

    One unrecorded launch of each first: bytecode written, files in the page cache.
    """
    for app in apps:
        with session(tmux, app.argv, app.env) as warm:
            warm.wait_for(app.ready, timeout=180)
    for rep in range(reps):
        for app in apps:
            run = tmux.start(app.argv, app.env)
            try:
                app.starts.append(run.wait_for(app.ready, timeout=120))
                wait_idle(run.pid, quiet=0.3, limit=10)
                memory = run.memory()
                app.rss.append(memory["VmRSS"])
                app.anon.append(memory.get("RssAnon", 0.0))
            finally:
                run.stop()
            time.sleep(0.2)
        print(f"    start-up round {rep + 1}/{reps} done", flush=True)


def _settle() -> None:
    time.sleep(0.12)


def measure_keys(tmux: Tmux, app: App, cycles: int) -> None:
    """``cycles`` rounds of down, page down, enter, escape; each timed to its screen."""
    run = tmux.start(app.argv, app.env)
    try:
        run.wait_for(app.ready, timeout=120)
        wait_idle(run.pid, quiet=0.3, limit=20)
        if app.name == TRIVIAL:
            _trivial_keys(run, app, cycles)
        else:
            _deskside_keys(run, app, cycles)
    finally:
        run.stop()


def _timed_key(
    run: Session, app: App, key: str, check: Callable[[str], bool], *, first: bool
) -> None:
    """Send ``key``; record until ``check`` holds, and (``first``) until anything changed."""
    before = run.styled() if first else ""
    sent = run.keys(key)
    if first:
        app.keys.setdefault(f"{key}:first", []).append(run.wait_changed(before, since=sent))
    app.keys.setdefault(key, []).append(run.wait_for(check, since=sent))
    _settle()


def _contains(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def _trivial_keys(run: Session, app: App, cycles: int) -> None:
    presses = 0
    for _ in range(cycles):
        for key in KEYS:
            presses += 1
            expected = f"{OPENED} {presses}" if key == "Enter" else f"presses {presses} "
            _timed_key(run, app, key, _contains(expected), first=True)


def _deskside_keys(run: Session, app: App, cycles: int) -> None:
    # The "All" view (the whole desk, newest first): its size is the desk's size.
    view = "All"
    run.keys("h")
    run.wait_for(lambda s: (_position(s, view) or (0, 0))[0] == 1, timeout=60)
    wait_idle(run.pid, quiet=0.3, limit=10)

    def at(s: str) -> int:
        return (_position(s, view) or (0, 0))[0]

    for _ in range(cycles):
        start = at(run.screen()) or 1
        _timed_key(run, app, "Down", _queue_at(view, start + 1), first=True)
        _timed_key(run, app, "NPage", _queue_after(view, start + 1), first=True)
        position = at(run.screen())
        _timed_key(
            run, app, "Enter", lambda s: bool(_HEADER.search(s)) and "Reply" in s, first=True
        )
        wait_idle(run.pid, quiet=0.2, limit=5)
        _timed_key(run, app, "Escape", _queue_at(view, position), first=True)


def _status_ends(text: str) -> Callable[[str], bool]:
    return lambda s: any(line.rstrip().endswith(text) for line in s.splitlines())


def _queue_at(view: str, wanted: int) -> Callable[[str], bool]:
    """The queue (no ticket open) with the cursor at ``wanted``."""
    return lambda s: (_position(s, view) or (0, 0))[0] == wanted and not _HEADER.search(s)


def _queue_after(view: str, beyond: int) -> Callable[[str], bool]:
    return lambda s: (_position(s, view) or (0, 0))[0] > beyond


def measure_filter_typing(tmux: Tmux, app: App, passes: int) -> dict[str, list[float]]:
    """Type the filter a key at a time; each key timed until its result is on screen.

    Includes the screen's typing debounce (``screens.queue.FILTER_DELAY``): each
    key waits for its own result, so each pays the full delay.
    """
    from console.core.query import QueryError, combine, parse

    view_query = "sort:-updated"  # the All view
    results: dict[str, list[float]] = {}
    run = tmux.start(app.argv, app.env)
    try:
        run.wait_for(app.ready, timeout=120)
        run.keys("h")
        run.wait_for(lambda s: (_position(s, "All") or (0, 0))[0] == 1, timeout=60)
        wait_idle(run.pid, quiet=0.3, limit=10)
        for _ in range(passes):
            run.keys("/")
            time.sleep(0.3)
            previous = ""
            for end in range(1, len(FILTER_TEXT) + 1):
                prefix = FILTER_TEXT[:end]
                try:
                    parse(combine(view_query, prefix))
                except QueryError as problem:
                    marker = str(problem)[:30]
                    check = _contains(marker)
                    shown = f"error:{marker}"
                else:
                    shown = f"filter: {prefix.rstrip()}"
                    check = _status_ends(shown)
                sent = run.type(prefix[-1])
                if shown == previous:
                    time.sleep(0.3)  # nothing visible changes (a trailing space)
                    continue
                results.setdefault(prefix, []).append(run.wait_for(check, since=sent, timeout=30))
                previous = shown
                time.sleep(0.05)
                wait_idle(run.pid, quiet=0.1, limit=10)
            run.keys("Escape")
            run.wait_for(lambda s: "· filter:" not in s, timeout=30)
            wait_idle(run.pid, quiet=0.2, limit=10)
    finally:
        run.stop()
    return results


# -- the report ----------------------------------------------------------------------------


def run(desks: Sequence[Desk], *, reps: int, cycles: int, typing_passes: int) -> list[Section]:
    trivial = trivial_app()
    apps = [trivial, *(deskside_app(desk) for desk in desks)]
    start_section = Section("Start-up and memory")
    key_section = Section("Key to screen")
    typing: dict[str, list[float]] = {}
    began = time.perf_counter()
    with Tmux() as tmux:
        measure_starts(tmux, apps, reps)
        start_section.seconds = time.perf_counter() - began
        began = time.perf_counter()
        for app in apps:
            try:
                measure_keys(tmux, app, cycles)
            except TmuxError as error:
                key_section.details.append(f"- {app.name}: keys failed: {error}")
            print(f"    keys measured for {app.name}", flush=True)
        biggest = apps[-1]
        if typing_passes and biggest.desk is not None:
            try:
                typing = measure_filter_typing(tmux, biggest, typing_passes)
            except TmuxError as error:
                key_section.details.append(f"- filter typing failed: {error}")
        key_section.seconds = time.perf_counter() - began
    _start_rows(start_section, trivial, apps[1:])
    _key_rows(key_section, trivial, apps[1:])
    sections = [start_section, key_section]
    if typing:
        sections.append(_typing_section(typing, biggest))
    return sections


def _start_rows(section: Section, trivial: App, apps: Sequence[App]) -> None:
    base = median(trivial.starts)
    base_rss = median(trivial.rss)
    for app in apps:
        assert app.desk is not None
        value = median(app.starts)
        times = ratio(value, base)
        target = app.desk.tickets in (100_000, 1_000_000)
        section.rows.append(
            Row(
                f"start to first queue screen with rows, {app.name} (tmux)",
                fmt_ms(value),
                f"trivial app {fmt_ms(base)}",
                fmt_ratio(times),
                f"≤ {START_TARGET}×" if target else "(info)",
                (times is not None and times <= START_TARGET) if target else None,
            )
        )
    for app in apps:
        assert app.desk is not None
        extra = median(app.rss) - base_rss
        limit = RSS_TARGETS.get(app.desk.tickets)
        section.rows.append(
            Row(
                f"memory (VmRSS) with the queue open, {app.name}",
                f"{fmt_mb(median(app.rss))} (+{extra:.0f} MB)",
                f"trivial app {fmt_mb(base_rss)}",
                fmt_ratio(ratio(median(app.rss), base_rss)),
                f"≤ +{limit:.0f} MB" if limit else "(info)",
                (extra <= limit) if limit else None,
            )
        )
    section.details.append(
        "Launch to first screen, median of each app's runs (interleaved), p95 and range:"
    )
    section.details.append("")
    section.details.append("| app | runs | median | p95 | min | max | VmRSS | RssAnon |")
    section.details.append("|---|---|---|---|---|---|---|---|")
    for app in [trivial, *apps]:
        stats = Stats.of(app.starts)
        section.details.append(
            f"| {app.name} | {stats.n} | {fmt_ms(stats.median)} | {fmt_ms(stats.p95)} | "
            f"{fmt_ms(stats.low)} | {fmt_ms(stats.high)} | {fmt_mb(median(app.rss))} | "
            f"{fmt_mb(median(app.anon))} |"
        )


def _key_rows(section: Section, trivial: App, apps: Sequence[App]) -> None:
    smallest = apps[0] if apps else None
    for key in KEYS:
        base_samples = trivial.keys.get(key)
        if not base_samples:
            continue
        base = median(base_samples)
        for app in apps:
            samples = app.keys.get(key)
            if not samples:
                continue
            value = median(samples)
            times = ratio(value, base)
            flat = None
            note = ""
            if smallest is not None and app is not smallest and smallest.keys.get(key):
                flat = ratio(value, median(smallest.keys[key]))
                note = f"{fmt_ratio(flat)} of {smallest.name}"
            met = times is not None and times <= KEY_TARGET
            if flat is not None:
                met = met and flat <= FLAT_TARGET
            section.rows.append(
                Row(
                    f"key to screen: {KEY_NAMES[key]}, {app.name}",
                    fmt_ms(value),
                    f"trivial app {fmt_ms(base)}",
                    fmt_ratio(times),
                    f"≤ {KEY_TARGET}×, flat (≤ {FLAT_TARGET}× of 1k)",
                    met,
                    note,
                )
            )
    section.details.append(
        "Key to screen: from `send-keys` until the screen shows the key's whole result "
        "(deskside: the status line's position, the ticket header and footer, the queue "
        "again; the trivial app: its label, its second screen). First paint: until anything "
        "on the screen changed, colours included (`capture-pane -e`). Median / p95 / n:"
    )
    section.details.append("")
    section.details.append("| app | " + " | ".join(KEY_NAMES[k] for k in KEYS) + " |")
    section.details.append("|---|" + "---|" * len(KEYS))
    for app in [trivial, *apps]:
        cells = []
        for key in KEYS:
            samples = app.keys.get(key)
            early = app.keys.get(f"{key}:first")
            if samples:
                stats = Stats.of(samples)
                first = f" (first paint {fmt_ms(median(early))})" if early else ""
                cells.append(f"{fmt_ms(stats.median)} / {fmt_ms(stats.p95)} / {stats.n}{first}")
            else:
                cells.append("—")
        section.details.append(f"| {app.name} | " + " | ".join(cells) + " |")


def _typing_section(typing: dict[str, list[float]], app: App) -> Section:
    from screens.queue import FILTER_DELAY

    section = Section(f"Typing the filter in the terminal ({app.name})")
    every = [sample for samples in typing.values() for sample in samples]
    stats = Stats.of(every)
    section.rows.append(
        Row(
            f"filter, keystroke to updated rows on screen incl. {FILTER_DELAY * 1000:.0f} ms "
            f"debounce, {app.name} (tmux)",
            f"p95 {fmt_ms(stats.p95)}, median {fmt_ms(stats.median)}",
            "—",
            "—",
            "(info: the ≤ 50 ms target is the core path, below)",
            None,
        )
    )
    section.details.append(
        "Each key of the filter typed alone (``send-keys -l``) and timed until the status line "
        "shows the new filter (or the error line its message); keys that change nothing "
        "visible (a trailing space) are not timed:"
    )
    section.details.append("")
    section.details.append("| typed so far | median | max | n |")
    section.details.append("|---|---|---|---|")
    for prefix, samples in typing.items():
        section.details.append(
            f"| `{prefix}` | {fmt_ms(median(samples))} | {fmt_ms(max(samples))} | {len(samples)} |"
        )
    return section
