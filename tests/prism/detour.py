"""A loopback HTTP proxy in front of Prism that detours the paths a spec gets wrong.

A vendor's spec can break an operation the vendor documents and serves (a required
parameter that has no place in the path, a path left out). The backend-level tests
reroute such a request inside their own HTTP client; the end-to-end tests run the real
``deskside`` command, whose client they cannot reach, so this proxy does it on the wire:
every request is forwarded to Prism unchanged, except that a path matching one of the
``detours`` goes to its stand-in, a documented path with the same response schema.
Every detour taken is recorded, so a test can say exactly which requests needed one,
and so is every request forwarded (method, path, query, body), so a test can assert what
the command sent. ``lose_answer`` makes the proxy forward one write and then hang up
without answering: the lost answer after which a write's outcome is unknown.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

__all__ = ["Detour", "Forwarded", "detour_proxy"]

_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"}
)


@dataclass(frozen=True)
class Forwarded:
    """One request as Prism received it (after any detour)."""

    method: str
    path: str
    query: str
    body: bytes


@dataclass
class Detour:
    """The running proxy: its address, the detours it took (``"GET /a -> /b"``) and
    every request it forwarded."""

    url: str
    taken: list[str] = field(default_factory=list)
    forwarded: list[Forwarded] = field(default_factory=list)
    lost: set[str] = field(default_factory=set)
    """``"PUT /path"``: forward the next such request, then hang up without an answer."""

    def lose_answer(self, method: str, path: str) -> None:
        self.lost.add(f"{method} {path}")

    def requests(self, method: str, path: str) -> list[Forwarded]:
        return [r for r in self.forwarded if r.method == method and r.path == path]


def _handler(
    client: httpx.Client, detours: Mapping[re.Pattern[str], str], record: Detour
) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            path, sep, query = self.path.partition("?")
            for pattern, stand_in in detours.items():
                if pattern.match(path):
                    record.taken.append(f"{self.command} {path} -> {stand_in}")
                    path = stand_in
                    break
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            record.forwarded.append(Forwarded(self.command, path, query, body))
            answer = client.request(self.command, path + sep + query, headers=headers, content=body)
            if f"{self.command} {path}" in record.lost:
                record.lost.discard(f"{self.command} {path}")
                self.close_connection = True  # Prism did the write; its answer is lost
                return
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in _HOP_BY_HOP and key.lower() != "content-encoding":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _forward

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: Prism logs every request itself."""

    return Forward


@contextmanager
def detour_proxy(upstream: str, detours: Mapping[re.Pattern[str], str]) -> Iterator[Detour]:
    """A proxy on a free loopback port forwarding to ``upstream`` while the block runs."""
    record = Detour(url="")
    client = httpx.Client(base_url=upstream, timeout=30.0, follow_redirects=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(client, detours, record))
    record.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="prism-detour", daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        client.close()
