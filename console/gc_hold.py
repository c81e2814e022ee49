"""The cyclic garbage collector waits while the console starts.

Starting the console imports Textual and our screens, parses their CSS and draws the
first frame: hundreds of thousands of new objects, nearly all of which live as long
as the app. Python's collector meanwhile runs every few hundred allocations and
rescans everything alive each time; measured on the 100k desk it took 50-110 ms of a
~400 ms start (headless, first frame at 310 ms with it held, 365-530 ms without).

So ``deskside run`` holds the collector from its first step, and the app lets it go
once the first frame is drawn, after freezing what is alive by then (the modules,
classes and first screen: the collector stops rescanning them, see
:func:`gc.freeze`). The little cyclic garbage made meanwhile is collected then.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Stop automatic collection until :func:`release` (a no-op if already stopped)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release(*, freeze: bool) -> None:
    """Collect automatically again, if :func:`hold` stopped it; ``freeze`` first.

    Idempotent: the app releases at its first frame, ``deskside run`` again on the
    way out in case the app never drew one.
    """
    global _held
    if freeze:
        gc.freeze()
    if _held:
        _held = False
        gc.enable()


def held() -> bool:
    """Whether :func:`hold` is in force (for tests)."""
    return _held
