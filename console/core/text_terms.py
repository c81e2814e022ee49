"""A searched prefix spelled out as the index's own words, so FTS5 streams its hits.

FTS5 answers ``"ordine"*`` by merging the whole posting list of every word that
starts with "ordine" before it yields the first hit: 10-50 ms at 1M tickets, paid
again by each of the count, the page and the cursor's position. The same words
ORed (``"ordine" OR "ordini"``) are read lazily in rowid order, so a page that
stops after 105 hits costs under a millisecond. The words come from the index's
vocabulary (``fts5vocab``), once per query; the typed word is folded by a
scratch FTS5 table with the index's own tokenizer, so case and diacritics
(``Größe``, ``devolución``) fold exactly as the index folded them.
"""

from __future__ import annotations

import sqlite3

__all__ = ["MAX_WORDS", "TOKENIZER", "PrefixWords"]

TOKENIZER = "unicode61 remove_diacritics 2"
"""The tokenizer of ``ticket_text`` (see the store schema); folding must match it."""

MAX_WORDS = 64
"""A prefix with more words than this keeps FTS5's own prefix search."""

_LAST = "\U0010ffff"


class PrefixWords:
    """Expands prefixes against ``ticket_text`` on one connection (scratch tables in temp)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._ready = False

    def _prepare(self) -> None:
        if self._ready:
            return
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.ticket_text_words "
            "USING fts5vocab(main, ticket_text, row)"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.typed_word "
            f"USING fts5(word, tokenize='{TOKENIZER}')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.typed_word_tokens "
            "USING fts5vocab(temp, typed_word, instance)"
        )
        self._ready = True

    def fold(self, word: str) -> list[str]:
        """The tokens the index's tokenizer makes of ``word``, in order."""
        self._prepare()
        self.conn.execute("DELETE FROM temp.typed_word")
        self.conn.execute("INSERT INTO temp.typed_word(rowid, word) VALUES (1, ?)", (word,))
        rows = self.conn.execute(
            "SELECT term FROM temp.typed_word_tokens ORDER BY offset"
        ).fetchall()
        self.conn.execute("DELETE FROM temp.typed_word")
        return [str(row[0]) for row in rows]

    def expression(self, word: str) -> str | None:
        """An FTS5 expression for ``word`` as a prefix, or ``None`` to keep ``"word"*``.

        Only a word that folds to one token is spelled out (a phrase's last token cannot
        be an OR), and only when the index holds one to sixty-four words with that prefix.
        """
        tokens = self.fold(word)
        if len(tokens) != 1:
            return None
        prefix = tokens[0]
        words = self.conn.execute(
            "SELECT term FROM temp.ticket_text_words WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + _LAST, MAX_WORDS + 1),
        ).fetchall()
        if not words or len(words) > MAX_WORDS:
            return None  # none: the prefix search finds nothing at once
        quoted = ['"' + str(row[0]).replace('"', '""') + '"' for row in words]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
