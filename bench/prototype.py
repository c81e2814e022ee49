"""`deskside` with proposed fixes patched in at start, to measure a fix before proposing it.

Not used by ``make bench``; ``bench/run.py --prototype status,cursor,rows`` runs the
terminal and live-update parts through this launcher instead of ``deskside`` and
prints (never writes) the results. Each fix is named in ``BENCH_PROTOTYPE``:

* ``status``: the queue's status line is updated without a layout pass
  (``Static.update(..., layout=False)``; its height is fixed at one line);
* ``cursor``: moving the table's cursor repaints the two rows that changed, not the
  whole table (the ``cursor`` reactive with ``repaint=False``; ``watch_cursor``
  already refreshes those lines);
* ``rows``: a change-feed poll redraws the changed rows in place
  (``TicketTable.update_rows``) when the result's count is unchanged, instead of
  reloading the table. A real fix must also reload when a changed ticket moves in
  the sort order; this prototype does not check that.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ENV = "BENCH_PROTOTYPE"


def patch(fixes: set[str]) -> None:
    if "status" in fixes:
        from textual.widgets import Static

        original_update = Static.update

        def update(self: Static, content: Any = "", *, layout: bool = True) -> None:
            original_update(self, content, layout=layout and self.id != "status")

        Static.update = update  # type: ignore[method-assign]
    if "cursor" in fixes:
        from screens.widgets.ticket_table import TicketTable

        TicketTable.__dict__["cursor"]._repaint = False
    if "rows" in fixes:
        from screens.queue import QueueScreen

        def apply_changes(
            self: QueueScreen, ticket_ids: set[int], *, everything: bool = False
        ) -> None:
            table = self.table
            if everything or table.source is None:
                table.reload()
            elif not ticket_ids:
                return
            elif table.source.count() != table.total:
                table.reload()
            else:
                table.update_rows(ticket_ids)
            self.refresh_status()

        QueueScreen.apply_changes = apply_changes  # type: ignore[method-assign]


def main() -> int:
    patch({name for name in os.environ.get(ENV, "").split(",") if name})
    from console.cli import main as deskside

    sys.argv[0] = "deskside"
    return deskside(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
