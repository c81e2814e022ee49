"""The CPU one live update costs the UI thread while 50 changes a second arrive (100k desk).

Method: deskside runs in tmux on a scratch copy of the 100k desk, its first
view open. The UI thread is the process's main thread, so its CPU time is read
from ``/proc/<pid>/task/<pid>/schedstat`` (nanoseconds): first over an idle
window, then over an equal window while a second process writes 50 ticket
updates a second through ``Desk.update_ticket`` (one in five on a ticket shown
on screen, the rest anywhere in the desk). The app polls the change feed every
``CHANGE_POLL_SECONDS`` and hands each batch to ``QueueScreen.apply_changes``
(which reloads the table) and the repaint; so

    CPU per update = (main-thread CPU while writing - idle CPU) / polls that had changes

where an "update" is one poll's batch redrawn (about 25 changed tickets). The
insights worker, a second thread, also hears every change; its CPU is reported
beside (whole process minus main thread) but is not on the UI thread.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.common import OUT, ROOT, Row, Section
from bench.desks import Desk, label, scratch_copy
from bench.term import Tmux, process_cpu, thread_cpu, wait_idle
from bench.tui import deskside_app

RATE = 50
WINDOW = 12.0
TARGET = 0.016

_WRITER = """
import random, sys, time
from api_client.backends.local.desk import Desk
from api_client.models import Priority, TicketUpdate
from console.core.db import open_store

path, rate, seconds, visible = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
shown = [int(x) for x in visible.split(",") if x]
conn = open_store(path)
desk = Desk(conn, "local")
top = int(conn.execute("SELECT max(id) FROM tickets").fetchone()[0])
pick = random.Random(7)
priorities = [Priority.LOW, Priority.NORMAL, Priority.HIGH]
count = int(rate * seconds)
started = time.perf_counter()
for n in range(count):
    wait = started + n / rate - time.perf_counter()
    if wait > 0:
        time.sleep(wait)
    ticket = shown[n % len(shown)] if shown and n % 5 == 0 else pick.randint(1, top)
    desk.update_ticket(ticket, TicketUpdate(priority=priorities[n % 3]))
print(count, time.perf_counter() - started)
"""


def _visible_ids(desk: Desk) -> list[int]:
    from datetime import UTC, datetime

    from bench.desks import AGENT
    from console.core.db import open_store
    from console.core.query import QueryContext
    from console.core.queue import QueueSource

    conn = open_store(desk.path)
    try:
        me = int(conn.execute("SELECT id FROM agents WHERE login = ?", (AGENT,)).fetchone()[0])
        source = QueueSource(
            conn, "assignee:me status:active sort:due", QueryContext(now=datetime.now(UTC), me=me)
        )
        return [row.id for row in source.page(0, 30)]
    finally:
        conn.close()


def run(desk: Desk) -> list[Section]:
    from console.app import CHANGE_POLL_SECONDS

    began = time.perf_counter()
    scratch = scratch_copy(desk, OUT / "live-desk")
    section = Section(f"Live updates ({label(desk.tickets)})")
    visible = _visible_ids(scratch)
    app = deskside_app(scratch)
    with Tmux() as tmux:
        run_ = tmux.start(app.argv, app.env)
        try:
            run_.wait_for(app.ready, timeout=120)
            wait_idle(run_.pid, quiet=0.5, limit=20)
            main0, all0 = thread_cpu(run_.pid), process_cpu(run_.pid)
            time.sleep(WINDOW)
            main1, all1 = thread_cpu(run_.pid), process_cpu(run_.pid)
            writer = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _WRITER,
                    str(scratch.path),
                    str(RATE),
                    str(WINDOW),
                    ",".join(map(str, visible)),
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            main2, all2 = thread_cpu(run_.pid), process_cpu(run_.pid)
            out, _ = writer.communicate(timeout=WINDOW * 4)
            time.sleep(CHANGE_POLL_SECONDS * 2)  # the last batch is polled and drawn
            main3, all3 = thread_cpu(run_.pid), process_cpu(run_.pid)
            written, seconds = out.split()
        finally:
            run_.stop()
    elapsed_active = float(seconds) + CHANGE_POLL_SECONDS * 2
    idle_rate = (main1 - main0) / WINDOW
    idle_all = (all1 - all0) / WINDOW
    busy = (main3 - main2) - idle_rate * elapsed_active
    polls = max(1, round(float(seconds) / CHANGE_POLL_SECONDS))
    per_update = busy / polls
    per_ticket = busy / int(written)
    worker = ((all3 - all2) - (main3 - main2)) - (idle_all - idle_rate) * elapsed_active
    section.rows.append(
        Row(
            f"one live row update while {RATE} changes/s arrive, {label(desk.tickets)} "
            "(UI-thread CPU per change-feed poll)",
            f"{busy / polls * 1000:.1f} ms",
            "—",
            "—",
            f"≤ {TARGET * 1000:.0f} ms CPU per update",
            per_update <= TARGET,
            f"{per_ticket * 1000:.2f} ms per changed ticket; {polls} polls of "
            f"~{int(written) // polls} changes",
        )
    )
    section.details.append(
        f"Writer: {written} updates in {float(seconds):.1f} s. UI thread idle: "
        f"{idle_rate * 1000:.1f} ms CPU/s; while writing: "
        f"{(main3 - main2) / elapsed_active * 1000:.1f} ms CPU/s. Insights worker and other "
        f"threads: {worker / elapsed_active * 1000:.1f} ms CPU/s above idle (off the UI thread)."
    )
    section.seconds = time.perf_counter() - began
    _cleanup(scratch.home)
    return [section]


def _cleanup(home: Path) -> None:
    import shutil

    shutil.rmtree(home, ignore_errors=True)
