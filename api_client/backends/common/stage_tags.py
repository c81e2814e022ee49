"""The workflow stage as a ``stage_<name>`` tag, for helpdesks with no field to hold it.

Zendesk, Freshdesk and Gorgias all keep deskside's stage in a tag: reading a ticket
takes the furthest stage among its tags and hides those tags from ``Ticket.tags``;
writing a stage adds its tag and removes the others; a macro that adds a stage tag sets
the stage. How the tag edits reach the helpdesk (added and removed, or the whole list)
is each backend's own business.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from api_client.models import MacroActions, Stage, TicketUpdate

__all__ = [
    "STAGE_TAGS",
    "STAGE_TAG_PREFIX",
    "macro_actions",
    "stage_of",
    "stage_tag",
    "tag_edits",
    "visible_tags",
]

STAGE_TAG_PREFIX = "stage_"
STAGE_TAGS = {f"{STAGE_TAG_PREFIX}{stage.value}": stage for stage in Stage}
"""Every stage tag and the stage it names."""


def stage_tag(stage: Stage) -> str:
    """The tag that holds ``stage`` (``stage_fix``)."""
    return f"{STAGE_TAG_PREFIX}{stage.value}"


def stage_of(tags: Iterable[str]) -> Stage:
    """The stage a ticket's ``stage_<name>`` tag says (the furthest one if several)."""
    found = [STAGE_TAGS[tag] for tag in tags if tag in STAGE_TAGS]
    return max(found, key=lambda stage: stage.order) if found else Stage.LISTEN


def visible_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The tags an agent sees: all but the stage tags."""
    return tuple(tag for tag in tags if tag not in STAGE_TAGS)


def tag_edits(update: TicketUpdate) -> tuple[list[str], list[str]]:
    """The tags ``update`` adds and removes, its stage included.

    A tag both added and removed is removed. A new stage adds its tag and removes the
    tags of every other stage.
    """
    adds = [tag for tag in update.tags_add if tag not in update.tags_remove]
    removes = list(update.tags_remove)
    if update.stage is not msgspec.UNSET:
        removes += [stage_tag(s) for s in Stage if s is not update.stage]
        adds.append(stage_tag(update.stage))
    return adds, removes


def macro_actions(
    adds: Iterable[str], removes: Iterable[str], *, note: str | None, **changes: Any
) -> MacroActions:
    """A macro's actions from its tag edits: the last stage tag it adds sets the stage."""
    added, removed = list(adds), list(removes)
    stages = [STAGE_TAGS[tag] for tag in added if tag in STAGE_TAGS]
    if stages:
        changes["stage"] = stages[-1]
    return MacroActions(
        tags_add=visible_tags(added),
        tags_remove=visible_tags(removed),
        note=note,
        **changes,
    )
