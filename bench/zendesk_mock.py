"""A Zendesk-shaped HTTP server on 127.0.0.1 with added latency, for the sync benchmark.

A real HTTP/1.1 server (the standard library's ``ThreadingHTTPServer``, one
thread per connection, keep-alive) that sleeps ``latency`` seconds before
every answer, like a helpdesk far away, and answers what a sync asks of
Zendesk: the cursor-based incremental ticket export (up to 1,000 tickets a page,
``include=users``), the time-based ticket events export with
``include=comment_events`` (up to 1,000 events a page), each ticket's comments
(offset or cursor pagination, up to 100 a page), tickets and users by id, the
agent ``me``, agents and groups, and the search export (``filter[type]=ticket``,
``updated>…``, cursor pages of up to 1,000, the fallback for agents' tokens). Data comes
from the first tickets of a demo desk: real multilingual threads, customers and agents.
Every request is counted by endpoint, so "how many requests did that sync need" is
answered exactly.

The ticket events stream is as long as a real one would be, not only the comments:
each comment is an ``Audit`` event (the comment as its child event, a ``Notification``
beside it), and each ticket has one more audit without a comment (the change that
gave it its current status), so a sync reading comments from the stream also reads
and skips the events that carry none.

Rate-limit headers announce a generous budget (the benchmark is about latency
and paging, not about being throttled). ``export_limit`` (off in the benchmark) gives
the incremental exports Zendesk's own limit: past that many requests in a minute they
answer 429 with ``Retry-After``, the seconds until the oldest request leaves the
window.
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

EXPORT_MAX = 1000
EVENTS_MAX = 1000
COMMENTS_MAX = 100
USER_BASE = 10_000_000
AGENT_BASE = 20_000_000
COMMENT_BASE = 30_000_000
GROUP_BASE = 40_000_000
STATUS_EVENT_BASE = 50_000_000
SEARCH_MAX = 1000

_STATUS = {"on_hold": "hold"}
_CHANNEL = {
    "email": "email",
    "chat": "chat",
    "phone": "voice",
    "web_form": "web",
    "facebook": "facebook",
    "twitter": "twitter",
    "instagram": "instagram_dm",
    "whatsapp": "whatsapp",
    "sms": "sms",
}


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class Data:
    """The helpdesk's records as Zendesk JSON (pre-encoded), and the export order."""

    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    groups: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    log: list[int] = field(default_factory=list)
    """Ticket ids in the order the export stream gives them (updates append)."""
    me: int = 0
    encoded: dict[tuple[str, int], bytes] = field(default_factory=dict)
    next_comment: int = 0
    stream: list[tuple[int, int, int, dict[str, Any] | None]] | None = None
    """The ticket events in time order: (stamp, event id, ticket, comment or None)."""

    def events(self) -> list[tuple[int, int, int, dict[str, Any] | None]]:
        if self.stream is None:
            found: list[tuple[int, int, int, dict[str, Any] | None]] = []
            for tid, comments in self.comments.items():
                for comment in comments:
                    stamp = int(
                        datetime.fromisoformat(comment["created_at"][:-1] + "+00:00").timestamp()
                    )
                    found.append((stamp, comment["id"], tid, comment))
                ticket = self.tickets[tid]
                found.append((ticket["generated_timestamp"], STATUS_EVENT_BASE + tid, tid, None))
            found.sort(key=lambda e: (e[0], e[1]))
            self.stream = found
        return self.stream

    def blob(self, kind: str, key: int) -> bytes:
        cached = self.encoded.get((kind, key))
        if cached is None:
            source = self.tickets[key] if kind == "ticket" else self.users[key]
            cached = self.encoded[(kind, key)] = _encode(source)
        return cached


def load(desk_path: Path, tickets: int, *, agent_login: str) -> Data:
    """The first ``tickets`` tickets of a demo desk, with their threads and people."""
    conn = sqlite3.connect(f"file:{desk_path}?mode=ro", uri=True)
    data = Data()
    try:
        for gid, name in conn.execute("SELECT id, name FROM groups"):
            data.groups.append(
                {"id": GROUP_BASE + gid, "name": name, "created_at": _iso(0), "deleted": False}
            )
        for aid, name, email, login, gid in conn.execute(
            "SELECT id, name, email, login, group_id FROM agents"
        ):
            data.users[AGENT_BASE + aid] = {
                "id": AGENT_BASE + aid,
                "name": name,
                "email": email or f"{login}@verdemare.example",
                "role": "agent",
                "active": True,
                "default_group_id": GROUP_BASE + gid if gid else None,
                "created_at": _iso(0),
                "updated_at": _iso(0),
            }
            if login == agent_login:
                data.me = AGENT_BASE + aid
        rows = conn.execute(
            "SELECT t.id, t.subject, t.status, t.priority, t.channel, t.customer_id, "
            "t.assignee_id, t.group_id, t.tags, t.created_at, t.updated_at, t.due_at, "
            "c.name, c.email, c.language, c.timezone, c.created_at "
            "FROM tickets AS t JOIN customers AS c ON c.id = t.customer_id "
            "WHERE t.id <= ? ORDER BY t.id",
            (tickets,),
        ).fetchall()
        for (
            tid, subject, status, priority, channel, cid, aid, gid, tags, created, updated,
            due, cname, cemail, clang, ctz, ccreated,
        ) in rows:  # fmt: skip
            requester = USER_BASE + cid
            data.users.setdefault(
                requester,
                {
                    "id": requester,
                    "name": cname,
                    "email": cemail,
                    "role": "end-user",
                    "locale": clang or "en",
                    "time_zone": ctz,
                    "active": True,
                    "created_at": _iso(ccreated),
                    "updated_at": _iso(ccreated),
                },
            )
            data.tickets[tid] = {
                "id": tid,
                "url": f"/api/v2/tickets/{tid}.json",
                "subject": subject,
                "raw_subject": subject,
                "status": _STATUS.get(status, status),
                "priority": priority,
                "type": None,
                "via": {"channel": _CHANNEL.get(channel, "api")},
                "requester_id": requester,
                "submitter_id": requester,
                "assignee_id": AGENT_BASE + aid if aid else None,
                "group_id": GROUP_BASE + gid if gid else None,
                "organization_id": None,
                "tags": tags.split(),
                "created_at": _iso(created),
                "updated_at": _iso(updated),
                "generated_timestamp": updated,
                "due_at": _iso(due) if due else None,
                "custom_fields": [],
                "is_public": True,
            }
            data.comments[tid] = []
        for mid, tid, role, author, public, body, created in conn.execute(
            "SELECT id, ticket_id, author_role, author_id, public, body, created_at "
            "FROM messages WHERE ticket_id <= ? ORDER BY ticket_id, created_at, id",
            (tickets,),
        ):
            if role == "customer":
                author_id = USER_BASE + author if author else data.tickets[tid]["requester_id"]
            else:
                author_id = AGENT_BASE + author if author else data.me
            data.comments[tid].append(
                {
                    "id": COMMENT_BASE + mid,
                    "type": "Comment",
                    "author_id": author_id,
                    "body": body,
                    "plain_body": body,
                    "public": bool(public),
                    "created_at": _iso(created),
                    "attachments": [],
                    "via": data.tickets[tid]["via"],
                    "metadata": {},
                }
            )
            data.next_comment = max(data.next_comment, COMMENT_BASE + mid + 1)
    finally:
        conn.close()
    data.log = sorted(data.tickets, key=lambda t: (data.tickets[t]["generated_timestamp"], t))
    data.events()  # the stream is the helpdesk's, ready before any request
    return data


class Server:
    """The mock on 127.0.0.1 (a free port), serving from a thread until closed."""

    def __init__(
        self, data: Data, *, latency: float = 0.05, export_limit: int | None = None
    ) -> None:
        self.data = data
        self.latency = latency
        self.export_limit = export_limit
        self.exports: list[float] = []
        """When recent incremental-export requests came (for ``export_limit``)."""
        self.requests: Counter[str] = Counter()
        self.paths: list[str] = []
        self.lock = threading.Lock()
        handler = _handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.port}"

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.paths.clear()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- changes made on the helpdesk side ----------------------------------------------------

    def touch(self, ticket_ids: list[int], *, at: int) -> None:
        """Tickets changed on the helpdesk: a new status and a customer comment each."""
        data = self.data
        with self.lock:
            for tid in ticket_ids:
                ticket = data.tickets[tid]
                ticket["status"] = "open"
                ticket["updated_at"] = _iso(at)
                ticket["generated_timestamp"] = at
                data.comments[tid].append(
                    {
                        "id": data.next_comment,
                        "type": "Comment",
                        "author_id": ticket["requester_id"],
                        "body": "Any news on this? Thanks.",
                        "plain_body": "Any news on this? Thanks.",
                        "public": True,
                        "created_at": _iso(at),
                        "attachments": [],
                        "via": ticket["via"],
                        "metadata": {},
                    }
                )
                data.next_comment += 1
                data.encoded.pop(("ticket", tid), None)
                data.log.append(tid)
            data.stream = None

    # -- answers ------------------------------------------------------------------------------

    def throttled(self, path: str, now: float) -> int | None:
        """Seconds to wait if this incremental-export request is over the limit."""
        if self.export_limit is None or not path.startswith("/api/v2/incremental/"):
            return None
        self.exports = [t for t in self.exports if t > now - 60]
        if len(self.exports) >= self.export_limit:
            return max(1, int(self.exports[0] + 60 - now + 0.999))
        self.exports.append(now)
        return None

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        data = self.data
        one = {key: values[-1] for key, values in query.items()}
        path = path.removesuffix(".json")
        if path == "/api/v2/users/me":
            return 200, b'{"user":' + data.blob("user", data.me) + b"}"
        if path == "/api/v2/incremental/tickets/cursor":
            return self._export(one)
        if path == "/api/v2/incremental/ticket_events":
            return self._events(one)
        if path == "/api/v2/search/export":
            return self._search(one)
        if path == "/api/v2/users":
            agents = [u for u in data.users.values() if u["role"] != "end-user"]
            return 200, _encode({**_cursor_meta(), "users": agents, "count": len(agents)})
        if path == "/api/v2/groups":
            return 200, _encode(
                {**_cursor_meta(), "groups": data.groups, "count": len(data.groups)}
            )
        if path in ("/api/v2/users/show_many", "/api/v2/tickets/show_many"):
            ids = [int(i) for i in one.get("ids", "").split(",") if i.strip().isdigit()]
            kind = "user" if "users" in path else "ticket"
            source = data.users if kind == "user" else data.tickets
            found = [data.blob(kind, i) for i in ids if i in source]
            return 200, b'{"' + kind.encode() + b's":[' + b",".join(found) + b"]}"
        match = re.fullmatch(r"/api/v2/(tickets|users)/(\d+)", path)
        if match:
            kind, key = match.group(1)[:-1], int(match.group(2))
            source = data.users if kind == "user" else data.tickets
            if key not in source:
                return 404, b'{"error":"RecordNotFound"}'
            return 200, b'{"' + kind.encode() + b'":' + data.blob(kind, key) + b"}"
        if path in ("/api/v2/ticket_fields", "/api/v2/macros", "/api/v2/organizations"):
            name = path.rsplit("/", 1)[1]
            return 200, _encode({**_cursor_meta(), name: [], "count": 0})
        match = re.fullmatch(r"/api/v2/tickets/(\d+)/comments", path)
        if match:
            return self._comments(int(match.group(1)), one)
        return 404, b'{"error":"InvalidEndpoint","description":"not in the mock"}'

    def _export(self, one: dict[str, str]) -> tuple[int, bytes]:
        data = self.data
        size = min(EXPORT_MAX, int(one.get("per_page", EXPORT_MAX)))
        if "cursor" in one:
            start = int(one["cursor"])
        else:
            since = int(one.get("start_time", "0"))
            start = next(
                (
                    i
                    for i, t in enumerate(data.log)
                    if data.tickets[t]["generated_timestamp"] >= since
                ),
                len(data.log),
            )
        ids = data.log[start : start + size]
        end = start + len(ids)
        base = f"http://{self.netloc}/api/v2/incremental/tickets/cursor.json"
        extra = {k: v for k, v in one.items() if k in ("per_page", "include")}
        after = f"{base}?{urlencode({'cursor': end, **extra})}"
        parts = [
            b'{"tickets":[' + b",".join(data.blob("ticket", t) for t in ids) + b"]",
        ]
        if "users" in one.get("include", ""):
            people: dict[int, None] = {}
            for t in ids:
                ticket = data.tickets[t]
                for key in ("requester_id", "assignee_id", "submitter_id"):
                    if ticket.get(key):
                        people[ticket[key]] = None
            parts.append(
                b'"users":['
                + b",".join(data.blob("user", u) for u in people if u in data.users)
                + b"]"
            )
        meta = {
            "after_cursor": str(end),
            "after_url": after,
            "before_cursor": str(start),
            "before_url": None,
            "end_of_stream": end >= len(data.log),
        }
        parts.append(_encode(meta)[1:-1])
        return 200, b",".join(parts) + b"}"

    def _events(self, one: dict[str, str]) -> tuple[int, bytes]:
        since = int(one.get("start_time", "0"))
        stream = self.data.events()
        first = bisect.bisect_left(stream, since, key=lambda e: e[0])
        page = stream[first : first + EVENTS_MAX]
        end_time = page[-1][0] if page else since
        comments = "comment_events" in one.get("include", "")
        body = {
            "ticket_events": [
                self._event(stamp, event_id, tid, comment, comments)
                for stamp, event_id, tid, comment in page
            ],
            "end_time": end_time,
            "count": len(page),
            "end_of_stream": len(stream) - first <= EVENTS_MAX,
            "next_page": f"http://{self.netloc}/api/v2/incremental/ticket_events.json?"
            + urlencode({"start_time": end_time, "include": one.get("include", "")}),
        }
        return 200, _encode(body)

    def _event(
        self,
        stamp: int,
        event_id: int,
        tid: int,
        comment: dict[str, Any] | None,
        with_comment: bool,
    ) -> dict[str, Any]:
        ticket = self.data.tickets[tid]
        notification = {"id": event_id + 1, "event_type": "Notification", "via": "Trigger"}
        children: list[dict[str, Any]]
        if comment is None:
            children = [
                {
                    "id": event_id,
                    "event_type": "Change",
                    "field_name": "status",
                    "value": ticket["status"],
                    "previous_value": "new",
                    "via": "Web form",
                }
            ]
        elif with_comment:
            children = [{**comment, "event_type": "Comment"}, notification]
        else:
            children = [
                {
                    "id": comment["id"],
                    "event_type": "Comment",
                    "comment_present": True,
                    "comment_public": comment["public"],
                },
                notification,
            ]
        return {
            "id": event_id,
            "ticket_id": tid,
            "timestamp": stamp,
            "created_at": _iso(stamp),
            "updater_id": comment["author_id"] if comment else ticket["assignee_id"] or -1,
            "via": "Web form",
            "system": {},
            "event_type": "Audit",
            "child_events": children,
        }

    def _search(self, one: dict[str, str]) -> tuple[int, bytes]:
        data = self.data
        if one.get("filter[type]") != "ticket":
            return 400, b'{"error":"InvalidSearchExportParameter"}'
        size = min(SEARCH_MAX, int(one.get("page[size]", "100")))
        match = re.fullmatch(r"updated>(\S+)", one.get("query", "").strip())
        if match is None:
            return 400, b'{"error":"InvalidQuery"}'
        since = int(datetime.fromisoformat(match.group(1).replace("Z", "+00:00")).timestamp())
        found = sorted(
            (t for t in data.tickets.values() if t["generated_timestamp"] > since),
            key=lambda t: (t["created_at"], t["id"]),
        )
        start = int(one.get("page[after]", "0") or 0)
        chunk = found[start : start + size]
        more = start + size < len(found)
        body: dict[str, Any] = {
            "results": [{**t, "result_type": "ticket"} for t in chunk],
            "facets": None,
            "meta": {"has_more": more, "after_cursor": str(start + size) if more else None},
            "links": {"next": None, "prev": None},
        }
        if "users" in one.get("include", ""):
            people = {t["requester_id"] for t in chunk} | {
                t["assignee_id"] for t in chunk if t["assignee_id"]
            }
            body["users"] = [data.users[u] for u in sorted(people) if u in data.users]
        return 200, _encode(body)

    def _comments(self, tid: int, one: dict[str, str]) -> tuple[int, bytes]:
        comments = self.data.comments.get(tid)
        if comments is None:
            return 404, b'{"error":"RecordNotFound"}'
        if "page[size]" in one:
            size = min(COMMENTS_MAX, int(one["page[size]"]))
            start = int(one.get("page[after]", "0") or 0)
            chunk = comments[start : start + size]
            more = start + size < len(comments)
            body: dict[str, Any] = {
                "comments": chunk,
                "meta": {"has_more": more, "after_cursor": str(start + size) if more else None},
                "links": {
                    "next": f"http://{self.netloc}/api/v2/tickets/{tid}/comments.json?"
                    + urlencode({"page[size]": size, "page[after]": start + size})
                    if more
                    else None
                },
            }
        else:
            size = min(COMMENTS_MAX, int(one.get("per_page", COMMENTS_MAX)))
            page = int(one.get("page", "1"))
            chunk = comments[(page - 1) * size : page * size]
            more = page * size < len(comments)
            body = {
                "comments": chunk,
                "next_page": f"http://{self.netloc}/api/v2/tickets/{tid}/comments.json?"
                + urlencode({"page": page + 1, "per_page": size})
                if more
                else None,
                "previous_page": None,
                "count": len(comments),
            }
        if "users" in one.get("include", ""):
            authors = {comment["author_id"] for comment in chunk}
            body["users"] = [self.data.users[a] for a in sorted(authors) if a in self.data.users]
        return 200, _encode(body)


def _cursor_meta() -> dict[str, Any]:
    return {"meta": {"has_more": False, "after_cursor": None}, "links": {"next": None}}


def _category(path: str) -> str:
    path = re.sub(r"/\d+", "/{id}", path)
    return path.removeprefix("/api/v2")


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs (+40 ms)

        def do_GET(self) -> None:
            time.sleep(server.latency)
            parts = urlsplit(self.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            with server.lock:
                server.requests[_category(parts.path)] += 1
                server.paths.append(self.path)
                wait = server.throttled(parts.path.removesuffix(".json"), time.monotonic())
                if wait is None:
                    status, body = server.answer(parts.path, query)
                else:
                    status, body = 429, b'{"error":"APIRateLimitExceeded"}'
            self.send_response(status)
            if wait is not None:
                self.send_header("Retry-After", str(wait))
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Rate-Limit", "100000")
            self.send_header("X-Rate-Limit-Remaining", "99999")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
