"""Splitting an email's new text from the quoted history below it, in five languages.

Customers reply on top of the whole previous conversation; shown in full, every
message of a long thread repeats all the others. The ticket screen shows what is
new and folds the quoted part behind a key. Nothing is ever dropped: ``new`` +
``quoted`` is the whole body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Folded", "fold", "split_quoted"]

# A line that starts the quoted history: an attribution, a forwarded or original
# message header, or an Outlook header block.
_ATTRIBUTION = re.compile(
    r"""^\s*(
        on\ .{3,200}\ wrote:? |
        il\ giorno\ .{3,200}\ ha\ scritto:? | il\ .{3,200}\ ha\ scritto:? |
        le\ .{3,200}\ a\ [ée]crit\s?:? |
        am\ .{3,200}\ schrieb\ .{0,120}:? |
        el\ .{3,200}\ escribi[óo]:? |
        -{2,}\s*(original\ message|messaggio\ originale|message\ d'origine|
                 urspr[üu]ngliche\ nachricht|mensaje\ original|forwarded\ message|
                 messaggio\ inoltrato|message\ transf[ée]r[ée]|weitergeleitete\ nachricht|
                 mensaje\ reenviado)\s*-{2,} |
        (from|da|de|von):\ .{1,200}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_OUTLOOK_NEXT = re.compile(
    r"^\s*(sent|date|inviato|data|envoy[ée]|gesendet|datum|enviado|fecha):\s", re.IGNORECASE
)


@dataclass(frozen=True)
class Folded:
    """A message body split for display."""

    new: str
    quoted: str
    hidden_lines: int
    """How many lines of ``new`` are folded away when the message is long."""

    @property
    def has_quote(self) -> bool:
        return bool(self.quoted.strip())


def split_quoted(body: str) -> tuple[str, str]:
    """``(new, quoted)``: the text the author wrote, and the history they quoted below it."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if _ATTRIBUTION.match(line):
            if line.lstrip().lower().startswith(("from:", "da:", "de:", "von:")):
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if not _OUTLOOK_NEXT.match(following):
                    continue
            return _join(lines[:index]), "\n".join(lines[index:])
        if line.startswith(">") and all(
            not rest.strip() or rest.startswith(">") for rest in lines[index:]
        ):
            return _join(lines[:index]), "\n".join(lines[index:])
    return body, ""


def _join(lines: list[str]) -> str:
    return "\n".join(lines).rstrip()


def fold(body: str, *, max_lines: int = 12) -> Folded:
    """Split off the quoted history and count what a long message hides beyond ``max_lines``."""
    new, quoted = split_quoted(body)
    if not new.strip():  # a message that is all quote: show it
        new, quoted = body, ""
    hidden = max(0, len(new.split("\n")) - max_lines)
    return Folded(new=new, quoted=quoted, hidden_lines=hidden)
