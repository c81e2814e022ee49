"""What deskside knows about a customer message before the agent reads it, computed offline.

The customer's language (answer in it), why they write (prepared answers exist for
the usual reasons), and how hostile they are and whether that is rising (listen
and apologise before solving). Everything runs locally with no network: a
bundled fastText language model, and rules and lexicons in TOML files that users
extend from their config directory. Nothing here imports Textual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# ``curve`` is also a submodule's name: once any import loads that submodule, Python
# binds the package attribute to the module, so the function is bound here, eagerly
# (the module is a few dataclasses).
from console.core.insights.curve import Curve, CurveSettings, Phase, curve

# The other names load on first use (PEP 562, ``__getattr__`` below): the queue's query
# language needs only reason aliases, and importing the analysers (hostility lexicons,
# the language model wrapper, config) with them would delay the console's first frame.
if TYPE_CHECKING:
    from console.core.insights.analyze import (
        Insights,
        RecordError,
        ThreadInsights,
        analyze_record,
        default_insights,
    )
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

_HOME: dict[str, str] = {
    "CustomerMessage": "console.core.insights.hostility",
    "DESK_LANGUAGES": "console.core.insights.language",
    "HostilityModel": "console.core.insights.hostility",
    "HostilityScore": "console.core.insights.hostility",
    "Insights": "console.core.insights.analyze",
    "LanguageGuess": "console.core.insights.language",
    "OTHER": "console.core.insights.reasons",
    "REASONS": "console.core.insights.reasons",
    "REASON_ALIASES": "console.core.insights.reasons",
    "ReasonMatch": "console.core.insights.reasons",
    "ReasonRules": "console.core.insights.reasons",
    "RecordError": "console.core.insights.analyze",
    "Signal": "console.core.insights.hostility",
    "ThreadInsights": "console.core.insights.analyze",
    "UNDETERMINED": "console.core.insights.language",
    "analyze_record": "console.core.insights.analyze",
    "default_insights": "console.core.insights.analyze",
    "detect_language": "console.core.insights.language",
    "resolve_reason": "console.core.insights.reasons",
    "ticket_language": "console.core.insights.language",
}
"""Which submodule defines each public name."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once: later look-ups skip this function
    return value
