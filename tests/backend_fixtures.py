"""What the tests of the HTTP helpdesk backends share, whatever the helpdesk.

Each backend's tests (``tests/unit/test_{zendesk,freshdesk,gorgias}_*.py``) run the real
backend against its fake helpdesk (``tests/contract/*_mock.py``), seeded with the
contract WORLD by its harness (``tests/contract/harness_*.py``). Only the types differ,
so the pieces here are generic: a :class:`Desk` (fake, seeded ids, backend), a
:class:`Line` (an outbox and its deliverer over that backend), the client the console
builds, and the :class:`~tests.contract.harnesses.Seeded` the contract suite takes.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import httpx

from api_client.backend import Backend
from api_client.http import RateBudget, RetryTransport, make_client
from console.core.db import open_store
from console.core.delivery import Deliverer
from console.core.outbox import Outbox
from tests.contract.mock_base import MockHelpdesk

if TYPE_CHECKING:  # harnesses.py imports the harness modules, which import this one
    from tests.contract.harnesses import Seeded

__all__ = [
    "Desk",
    "Line",
    "SeededIds",
    "no_sleep",
    "open_desk",
    "open_line",
    "retrying_client",
    "seeded",
]


class SeededIds(Protocol):
    """The ids a fake gave the WORLD's records (each harness's ``*World``)."""

    me: int
    customers: dict[str, int]
    tickets: dict[str, int]


M = TypeVar("M", bound=MockHelpdesk)
W = TypeVar("W", bound=SeededIds)
B = TypeVar("B", bound=Backend)


async def no_sleep(_: float) -> None:
    """Instead of ``asyncio.sleep``: retries and back-offs take no time."""
    return None


def retrying_client(mock: MockHelpdesk, budget: RateBudget | None = None) -> httpx.AsyncClient:
    """The client the console builds (reads retried, writes never), without real sleeps."""
    return make_client(transport=RetryTransport(mock.transport, budget=budget, sleep=no_sleep))


@dataclass
class Desk(Generic[M, W, B]):
    """A backend signed in to its fake helpdesk, seeded with the contract WORLD."""

    mock: M
    world: W
    backend: B

    def q(self, native: int | str) -> str:
        """Our id of the helpdesk's record ``native``."""
        return self.backend.qid(native)

    def ticket(self, key: str) -> str:
        """Our id of the WORLD's ticket ``key``."""
        return self.q(self.world.tickets[key])


@contextlib.asynccontextmanager
async def open_desk(
    mock: M, seed: Callable[[M], W], connect: Callable[[M], B]
) -> AsyncIterator[Desk[M, W, B]]:
    """``mock`` seeded by ``seed``, behind the backend ``connect`` signs in (closed after)."""
    world = seed(mock)
    backend = connect(mock)
    try:
        yield Desk(mock, world, backend)
    finally:
        await backend.aclose()


@dataclass
class Line(Generic[M, W]):
    """The outbox and its deliverer over a backend signed in to its fake helpdesk."""

    mock: M
    world: W
    outbox: Outbox
    deliverer: Deliverer
    local: dict[str, int]
    """The local ticket id of each WORLD ticket."""
    clock: list[float]
    """The outbox's clock (epoch seconds): move it on to let a retry come due."""


@contextlib.contextmanager
def open_line(
    mock: M, seed: Callable[[M], W], connect: Callable[[M], Backend]
) -> Iterator[Line[M, W]]:
    """An in-memory mirror holding the seeded tickets, its outbox and deliverer."""
    world = seed(mock)
    conn = open_store(":memory:")
    conn.execute("INSERT INTO customers(id, name, created_at) VALUES (1, 'c', 0)")
    local: dict[str, int] = {}
    for key, native in world.tickets.items():
        cursor = conn.execute(
            "INSERT INTO tickets(remote_id, subject, status, channel, customer_id, created_at, "
            "updated_at) VALUES (?, ?, 'open', 'email', 1, 0, 0)",
            (str(native), key),
        )
        local[key] = int(cursor.lastrowid)  # type: ignore[arg-type]
    clock = [mock.now.timestamp()]  # the outbox and the helpdesk agree on the time
    backend = connect(mock)
    outbox = Outbox(conn, backend.profile, clock=lambda: clock[0])
    deliverer = Deliverer(outbox, backend, sleep=no_sleep)
    try:
        yield Line(mock, world, outbox, deliverer, local, clock)
    finally:
        conn.close()


def seeded(backend: Backend, ids: SeededIds) -> Seeded:
    """What the contract suite takes of a seeded backend: our ids of the WORLD's records."""
    from tests.contract.harnesses import Seeded

    return Seeded(
        backend=backend,
        tickets={key: backend.qid(native) for key, native in ids.tickets.items()},
        customers={key: backend.qid(native) for key, native in ids.customers.items()},
        me=backend.qid(ids.me),
    )
