"""Where Textual bounds the queue's keys: deskside beside a table that costs nothing to draw.

``python -m bench.floor [1k|100k|1M] [keys]`` starts, in the same tmux server and
in turns (so load on the machine falls on all three alike), the trivial app
(:mod:`bench.trivial_app`: a label and a footer), the floor app
(:mod:`bench.floor_app`: the queue screen's widgets around a 120-column table
whose lines are built once) and deskside on a cached bench desk. Start-up is
timed as in ``bench/tui.py`` (launch to the first screen, 7 interleaved runs after
an unrecorded one); then, in two rounds, each app in its All view gets ``keys``
presses of:
down within the screen (two lines redrawn), down at the bottom edge (the table
scrolls by one line: every line redrawn) and page down (every line new), each
timed from ``send-keys`` until the status line shows the new position. The floor
app's times are what Textual, the compositor and tmux cost for the same screen
change; what deskside takes beyond them is its own.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from bench.common import ROOT, Row, Section, cache_dir, fmt_ms
from bench.desks import Desk, label
from bench.term import Session, Tmux, wait_idle
from bench.trivial_app import READY
from bench.tui import _position, deskside_app

SIZES = {"1k": 1_000, "100k": 100_000, "1M": 1_000_000}
MOVES = ("down", "down, scrolling", "page down")
START_RUNS = 7


def _at(screen: str) -> int:
    return (_position(screen, "All") or (0, 0))[0]


def _at_position(wanted: int) -> Callable[[str], bool]:
    return lambda screen: _at(screen) == wanted


def _beyond(position: int) -> Callable[[str], bool]:
    return lambda screen: _at(screen) > position


def _pressed(count: int) -> Callable[[str], bool]:
    return lambda screen: f"presses {count} " in screen


def _press(run: Session, key: str, moved: Callable[[str], bool]) -> float:
    sent = run.keys(key)
    took = run.wait_for(moved, since=sent, timeout=30)
    time.sleep(0.1)
    return took


def _table_keys(run: Session, keys: int, times: dict[str, list[float]]) -> None:
    """Down from the top (no scroll), to the bottom edge, then scrolling, then pages."""
    for _ in range(keys):
        times["down"].append(_press(run, "Down", _at_position(_at(run.screen()) + 1)))
    run.keys("NPage")
    time.sleep(0.5)
    for _ in range(keys):
        moved = _at_position(_at(run.screen()) + 1)
        times["down, scrolling"].append(_press(run, "Down", moved))
    for _ in range(keys):
        times["page down"].append(_press(run, "NPage", _beyond(_at(run.screen()) + 1)))


def _trivial_keys(run: Session, keys: int, times: dict[str, list[float]]) -> None:
    presses = 0
    for move in MOVES:
        for _ in range(keys):
            presses += 1
            key = "NPage" if move == "page down" else "Down"
            times[move].append(_press(run, key, _pressed(presses)))


def measure(
    desk: Desk, keys: int
) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]]]:
    """Start-up samples and key samples per app (trivial, floor, deskside on ``desk``)."""
    deskside = deskside_app(desk)
    name_of_deskside = f"deskside {label(desk.tickets)}"
    apps: dict[str, tuple[list[str], dict[str, str], Callable[[str], bool]]] = {
        "trivial": (
            [sys.executable, str(ROOT / "bench" / "trivial_app.py")],
            {"COLORTERM": "truecolor"},
            lambda s: READY in s,
        ),
        "floor": (
            [sys.executable, str(ROOT / "bench" / "floor_app.py")],
            {"COLORTERM": "truecolor"},
            _at_position(1),
        ),
        name_of_deskside: (deskside.argv, deskside.env, deskside.ready),
    }
    times: dict[str, dict[str, list[float]]] = {name: {m: [] for m in MOVES} for name in apps}
    starts: dict[str, list[float]] = {name: [] for name in apps}
    with Tmux() as tmux:
        for rep in range(START_RUNS + 1):  # the first round unrecorded: bytecode, page cache
            for name, (command, env, ready) in apps.items():
                run = tmux.start(command, env)
                try:
                    took = run.wait_for(ready, timeout=120)
                    if rep:
                        starts[name].append(took)
                finally:
                    run.stop()
        for _ in range(2):
            for name, (command, env, ready) in apps.items():
                run = tmux.start(command, env)
                try:
                    run.wait_for(ready, timeout=120)
                    if name.startswith("deskside"):
                        run.keys("h")  # the All view
                        run.wait_for(_at_position(1), timeout=60)
                    wait_idle(run.pid, quiet=0.3, limit=20)
                    if name == "trivial":
                        _trivial_keys(run, keys, times[name])
                    else:
                        _table_keys(run, keys, times[name])
                finally:
                    run.stop()
    return starts, times


def section(desk: Desk, keys: int = 15) -> Section:
    """The floor as rows of ``make bench``: deskside against the trivial app and the floor."""
    starts, times = measure(desk, keys)
    size = label(desk.tickets)
    deskside = f"deskside {size}"
    out = Section(f"Textual's floor ({size})")
    trivial, floor, ours = (statistics.median(starts[n]) for n in ("trivial", "floor", deskside))
    out.rows.append(
        Row(
            f"floor: start to first screen, {size}: deskside / the floor app",
            f"{fmt_ms(ours)} / {fmt_ms(floor)}",
            f"trivial app {fmt_ms(trivial)}",
            f"{ours / trivial:.2f}× / {floor / trivial:.2f}×",
            "(info: what Textual costs for the queue's widgets)",
        )
    )
    for move in MOVES:
        base = statistics.median(times["trivial"][move])
        mine = statistics.median(times[deskside][move])
        floor_ms = statistics.median(times["floor"][move])
        out.rows.append(
            Row(
                f"floor: key to screen, {move}, {size}: deskside / the floor app",
                f"{fmt_ms(mine)} / {fmt_ms(floor_ms)}",
                f"trivial app {fmt_ms(base)}",
                f"{mine / base:.2f}× / {floor_ms / base:.2f}×",
                "(info: ≤ 1.5× is the key target)",
            )
        )
    out.details = [
        "The floor app (`bench/floor_app.py`) has the queue screen's widgets around a "
        "120-column table whose lines are built once: what Textual, its compositor and tmux "
        "cost for the same screen change. Median of "
        f"{keys * 2} presses per move; start-up median of {START_RUNS} interleaved launches.",
        "",
        "| app | start | " + " | ".join(MOVES) + " |",
        "|---|---|" + "---|" * len(MOVES),
    ]
    for name, moves in times.items():
        cells = []
        for move in MOVES:
            samples = sorted(moves[move])
            p90 = samples[int(len(samples) * 0.9)]
            cells.append(f"{fmt_ms(statistics.median(samples))} (p90 {fmt_ms(p90)})")
        start = fmt_ms(statistics.median(starts[name]))
        out.details.append(f"| {name} | {start} | " + " | ".join(cells) + " |")
    return out


def main(argv: list[str]) -> int:
    size = argv[0] if argv else "100k"
    keys = int(argv[1]) if len(argv) > 1 else 15
    desk = Desk(SIZES[size], cache_dir() / f"desk-{size}", 0.0, built_now=False)
    found = section(desk, keys)
    print("\n".join(found.details))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
