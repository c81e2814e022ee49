"""The one sanitizer for text that came from outside (customers, helpdesks, mail).

Customer text is hostile input for a terminal: ESC, OSC and C1 bytes pass through
every widget to the terminal (OSC 52 writes the clipboard), bidi overrides make a
line read differently from what it is, and zero-width characters hide words from
search and from the agent. Every model runs each of its strings through
``sanitize`` when it is built, so nothing downstream has to remember to.

What it does:

* C0 controls other than newline and tab become their visible Unicode "control
  picture" (ESC is shown as U+241B), DEL becomes U+2421;
* C1 controls (U+0080..U+009F) become U+FFFD, the replacement character;
* CR LF and lone CR become LF; U+2028/U+2029 become LF;
* bidi embeddings, overrides and isolates, zero-width characters, the BOM, Unicode
  tag characters and lone surrogates are removed or replaced;

``sanitize(sanitize(s)) == sanitize(s)`` for every string: the output contains none
of the characters it rewrites.

Markup is *not* escaped here: the UI shows customer text only as ``Content``/``Text``
objects, never as a markup string (see ARCHITECTURE.md, "Untrusted text").
"""

from __future__ import annotations

import re

__all__ = ["is_clean", "sanitize", "sanitize_optional"]

_C0_PICTURE_BASE = 0x2400
_DEL_PICTURE = "\u2421"
_REPLACEMENT = "\ufffd"

# Removed outright: they carry no visible meaning in a support console.
_INVISIBLE = (
    "\u200b-\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\ufeff"  # BOM / zero-width no-break space
    "\U000e0000-\U000e007f"  # tag characters (invisible ASCII smuggling)
)

# Everything the sanitizer may rewrite; a string without any of these is returned as is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _INVISIBLE + "\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(_C0_PICTURE_BASE + code)
    if code == 0x7F:
        return _DEL_PICTURE
    return _REPLACEMENT


def is_clean(text: str) -> bool:
    """True when ``sanitize`` would return ``text`` unchanged."""
    return _UNSAFE.search(text) is None


def sanitize(text: str) -> str:
    """Return ``text`` safe to put in front of a terminal and an agent."""
    if _UNSAFE.search(text) is None:
        return text
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _SURROGATE.sub(_REPLACEMENT, text)
    return _CONTROLS.sub(_picture, text)


def sanitize_optional(text: str | None) -> str | None:
    """``sanitize`` that lets ``None`` through."""
    return None if text is None else sanitize(text)
