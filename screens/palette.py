"""Command palette (`ctrl+p`) providers: tickets, saved views, and every action with an id.

* :class:`TicketProvider` finds tickets by number, subject words or customer
  (:func:`console.core.lookup.find_tickets`) and opens the one chosen;
* :class:`ViewProvider` switches the queue to a saved view;
* :class:`CommandProvider` lists the bindings active where the palette was opened
  (focused widget, screen, app) that have an id and a description, and runs the
  chosen one's action where it is defined, so ``queue.*`` and ``ticket.*`` actions
  are reachable without remembering their keys.

Screens must not import the app, so the providers reach it through two small
protocols, :class:`TicketOpener` and :class:`ViewSwitcher`; an app that does not
implement one simply gets no hits from that provider.

Every prompt is a ``Content`` built from plain strings: the palette parses a
``str`` prompt or help as markup, so a subject such as ``[@click=app.quit]x`` would
become a live action. Nothing here passes customer text as ``str`` to a hit, and
``Matcher.highlight`` (which parses markup too) is not used.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import Protocol, runtime_checkable

from textual.binding import ActiveBinding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.style import Style

from console.core.lookup import TicketHit, find_tickets, ticket_number
from console.core.workspace import Workspace

__all__ = [
    "CommandProvider",
    "TicketOpener",
    "TicketProvider",
    "ViewProvider",
    "ViewSwitcher",
    "ticket_prompt",
]

_MUTED = "dim"
_NUMBER_SCORE = 100.0
"""A ticket found by its number outranks any fuzzy command match."""
_PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})


@runtime_checkable
class TicketOpener(Protocol):
    """What :class:`TicketProvider` needs from the app."""

    @property
    def workspace(self) -> Workspace: ...

    def open_ticket(self, ticket_id: int) -> None: ...


@runtime_checkable
class ViewSwitcher(Protocol):
    """What :class:`ViewProvider` needs from the app."""

    def view_names(self) -> list[str]: ...

    def show_view(self, name: str) -> None: ...


class TicketProvider(Provider):
    """Tickets by ``#number``, subject words, customer name or email; enter opens one."""

    LIMIT = 20

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, TicketOpener):
            return
        by_number = ticket_number(query) is not None
        hits = find_tickets(app.workspace.conn, query, limit=self.LIMIT)
        for rank, ticket in enumerate(hits):
            # Keep the lookup's order (newest first) inside the palette's sort by score.
            score = _NUMBER_SCORE if by_number else 1.0 - rank / (self.LIMIT * 2)
            yield Hit(
                score,
                ticket_prompt(ticket, query, self.match_style),
                partial(app.open_ticket, ticket.id),
                text=f"#{ticket.number} {ticket.subject}",
            )


def ticket_prompt(ticket: TicketHit, query: str = "", match_style: Style | None = None) -> Content:
    """``#number subject`` over ``customer · status``, with typed words highlighted.

    Built from plain strings only: customer text is never parsed as markup.
    """
    words = [w for w in re.split(r"\W+", query) if w][:12]
    subject = _highlight_words(Content(ticket.subject), words, match_style)
    customer = _highlight_words(Content(ticket.customer), words, match_style)
    return Content.assemble(
        (f"#{ticket.number}", "bold"),
        "  ",
        subject,
        "\n",
        customer.stylize(_MUTED),
        (f" · {ticket.status}", _MUTED),
    )


def _highlight_words(content: Content, words: list[str], style: Style | None) -> Content:
    """Style the starts of words that the typed words are prefixes of."""
    if not words:
        return content
    for word in words:
        for match in re.finditer(r"\b" + re.escape(word), content.plain, re.IGNORECASE):
            content = content.stylize(style or "reverse", match.start(), match.end())
    return content


class ViewProvider(Provider):
    """The queue's saved views ("View: At risk"); enter switches to it."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, ViewSwitcher):
            return
        matcher = self.matcher(query)
        for name in app.view_names():
            candidate = f"View: {name}"
            score, prompt = _fuzzy(matcher, candidate)
            if score > 0:
                yield Hit(score, prompt, partial(app.show_view, name), text=candidate)

    async def discover(self) -> Hits:
        app = self.app
        if not isinstance(app, ViewSwitcher):
            return
        for name in app.view_names():
            candidate = f"View: {name}"
            yield DiscoveryHit(Content(candidate), partial(app.show_view, name), text=candidate)


class CommandProvider(Provider):
    """The actions bound where the palette was opened, run where they are defined.

    A binding takes part if it has an id and a description (the palette's own key
    and Textual's system bindings have neither). Its keys, id and tooltip are shown
    under the description, so the palette also teaches the keys.
    """

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for active, keys in self._commands():
            score, title = _fuzzy(matcher, active.binding.description)
            if score > 0:
                prompt = Content.assemble(title, "\n", self._details(active, keys))
                yield Hit(score, prompt, self._runner(active), text=active.binding.description)

    async def discover(self) -> Hits:
        for active, keys in self._commands():
            description = active.binding.description
            prompt = Content.assemble(description, "\n", self._details(active, keys))
            yield DiscoveryHit(prompt, self._runner(active), text=description)

    def _commands(self) -> Iterator[tuple[ActiveBinding, list[str]]]:
        """Each enabled binding with an id and a description once, with all its keys."""
        seen: dict[str, tuple[ActiveBinding, list[str]]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if (
                not binding.id
                or not binding.description
                or not active.enabled
                or binding.system
                or binding.action in _PALETTE_ACTIONS
            ):
                continue
            key = self.app.get_key_display(binding)
            if binding.id in seen:
                seen[binding.id][1].append(key)
            else:
                seen[binding.id] = (active, [key])
        yield from seen.values()

    def _details(self, active: ActiveBinding, keys: list[str]) -> Content:
        binding = active.binding
        tooltip = active.tooltip or binding.tooltip
        details = f"{' '.join(keys)} · {binding.id}" + (f" · {tooltip}" if tooltip else "")
        return Content.styled(details, _MUTED)

    def _runner(self, active: ActiveBinding) -> Callable[[], Awaitable[bool]]:
        """Run the action in the namespace of the node that binds it, as a key press would."""
        return partial(self.app.run_action, active.binding.action, active.node)


def _fuzzy(matcher: Matcher, candidate: str) -> tuple[float, Content]:
    """Score ``candidate`` and highlight the matched letters, without parsing markup."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    content = Content(candidate)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return score, content
