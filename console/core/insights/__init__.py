"""What deskside knows about a customer message before the agent reads it, computed offline.

The customer's language (answer in it), why they write (prepared answers exist for
the usual reasons), and how hostile they are and whether that is rising (listen
and apologise before solving). Everything runs locally with no network: a
bundled fastText language model, and rules and lexicons in TOML files that users
extend from their config directory. Nothing here imports Textual.
"""

from __future__ import annotations

from console.core.insights.analyze import (
    Insights,
    RecordError,
    ThreadInsights,
    analyze_record,
    default_insights,
)
from console.core.insights.curve import Curve, CurveSettings, Phase, curve
from console.core.insights.hostility import (
    CustomerMessage,
    HostilityModel,
    HostilityScore,
    Signal,
)
from console.core.insights.language import (
    DESK_LANGUAGES,
    UNDETERMINED,
    LanguageGuess,
    detect_language,
    ticket_language,
)
from console.core.insights.reasons import (
    OTHER,
    REASON_ALIASES,
    REASONS,
    ReasonMatch,
    ReasonRules,
    resolve_reason,
)

__all__ = [
    "DESK_LANGUAGES",
    "OTHER",
    "REASONS",
    "REASON_ALIASES",
    "UNDETERMINED",
    "Curve",
    "CurveSettings",
    "CustomerMessage",
    "HostilityModel",
    "HostilityScore",
    "Insights",
    "LanguageGuess",
    "Phase",
    "ReasonMatch",
    "ReasonRules",
    "RecordError",
    "Signal",
    "ThreadInsights",
    "analyze_record",
    "curve",
    "default_insights",
    "detect_language",
    "resolve_reason",
    "ticket_language",
]
