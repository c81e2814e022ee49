"""HTTP layer placeholder: replaced by the full client factory, retry policy and budget."""

from __future__ import annotations

__all__ = ["RateBudget"]


class RateBudget:
    """How much of the helpdesk's rate limit is left (filled from response headers)."""

    def __init__(self) -> None:
        self.limit: int | None = None
        self.remaining: int | None = None
