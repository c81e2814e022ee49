"""Mirror writes off the event loop, one at a time.

A page of 1,000 tickets or messages takes SQLite a noticeable while to upsert; on the
loop that runs the UI it would freeze the screen for as long. The sync engine hands
each write to a worker thread (``asyncio.to_thread``) and awaits it, so the loop keeps
drawing and the next page's request is already on its way. The mirror connection is
opened with ``check_same_thread=False`` but is not safe to use from two threads at
once: writes run strictly one after another, and a cancelled caller still waits for
its write to finish before the next may start (so a transaction is never interleaved).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["SerialWrites"]

P = ParamSpec("P")
R = TypeVar("R")


class SerialWrites:
    """Runs blocking mirror calls in a worker thread, strictly one after another."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def __call__(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        async with self._lock:
            work = asyncio.ensure_future(asyncio.to_thread(fn, *args, **kwargs))
            try:
                return await asyncio.shield(work)
            except asyncio.CancelledError:
                await asyncio.wait([work])  # the transaction ends before the lock is free
                raise
