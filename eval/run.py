"""Measure the insights against a labelled set: language accuracy, reason P/R/F1, hostility.

Usage: ``python eval/run.py [--dev] [--misses] [--strict]``

The evaluation set (``eval/messages.jsonl``, ``eval/threads.jsonl``) was written
before the rules and is only measured, never tuned on; ``--dev`` runs the
separate development set in ``eval/dev/`` that the rules were tuned on, and
``--misses`` (meant for the dev set) lists what went wrong. Only the built-in
rules are used, so a user's config files never change the numbers. ``--strict``
exits 1 when a target is missed (language >= 97% on messages of 5 words or more,
reason macro-F1 >= 0.85, rising curve on >= 90% of angry threads, <= 10% false
alarms on calm ones).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from console.core.insights import (  # noqa: E402
    DESK_LANGUAGES,
    REASONS,
    CustomerMessage,
    Insights,
    detect_language,
)
from console.core.insights import language as language_module  # noqa: E402

TARGET_LANGUAGE = 0.97
TARGET_MACRO_F1 = 0.85
TARGET_FLAGGED = 0.90
TARGET_FALSE_ALARMS = 0.10


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _words(text: str) -> int:
    return len(text.split())


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   n/a"


def language_report(
    messages: list[dict[str, Any]], threads: list[dict[str, Any]], misses: bool
) -> float:
    samples = [(m["lang"], m["text"]) for m in messages]
    samples += [(t["lang"], m["text"]) for t in threads for m in t["messages"]]
    per: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    for lang, text in samples:
        guess = detect_language(text)
        long = _words(text) >= 5
        group = lang if lang in DESK_LANGUAGES else "other"
        per[group]["all"] += 1
        per[group]["ok"] += guess.code == lang
        if long:
            per[group]["long"] += 1
            per[group]["long_ok"] += guess.code == lang
        else:
            per[group]["short_und"] += guess.code == "und"
        if guess.code != lang and long:
            wrong.append(f"    {lang} -> {guess.code} ({guess.confidence:.2f}): {text[:70]!r}")
    print("Language detection (messages and thread messages)")
    print("  lang   >=5 words          all messages")
    total_long = total_long_ok = 0
    for group in (*DESK_LANGUAGES, "other"):
        row = per[group]
        total_long += row["long"]
        total_long_ok += row["long_ok"]
        print(
            f"  {group:<5} {row['long_ok']:>4}/{row['long']:<4} {_pct(row['long_ok'], row['long'])}"
            f"   {row['ok']:>4}/{row['all']:<4} {_pct(row['ok'], row['all'])}"
        )
    print(
        f"  total {total_long_ok:>4}/{total_long:<4} {_pct(total_long_ok, total_long)}"
        "   (short texts under 3 words are reported as und by design)"
    )
    if misses and wrong:
        print("  misses (>=5 words):")
        print("\n".join(wrong))
    return total_long_ok / total_long if total_long else 0.0


def reason_report(messages: list[dict[str, Any]], insights: Insights, misses: bool) -> float:
    counts: dict[str, Counter[str]] = {r: Counter() for r in REASONS}
    wrong: list[str] = []
    exact = 0
    scored = [m for m in messages if m["lang"] in DESK_LANGUAGES]
    for message in scored:
        guess = detect_language(message["text"])
        language = guess.code if guess.determined else None
        found = insights.rules.classify(
            [message["text"]], language=language, tags=message.get("tags", [])
        )
        predicted = {m.reason for m in found}
        gold = set(message["reasons"])
        exact += predicted == gold
        for reason in REASONS:
            if reason in predicted and reason in gold:
                counts[reason]["tp"] += 1
            elif reason in predicted:
                counts[reason]["fp"] += 1
            elif reason in gold:
                counts[reason]["fn"] += 1
        if predicted != gold:
            rules = "; ".join(f"{m.reason}<-{m.matched or m.rule}" for m in found)
            wrong.append(
                f"    {message['id']}: gold {sorted(gold)} got {sorted(predicted)} [{rules}]"
                f"\n        {message['text'][:100]!r}"
            )
    print(f"\nContact reasons ({len(scored)} messages in {', '.join(DESK_LANGUAGES)})")
    print("  reason               precision  recall    F1   support")
    f1s: list[float] = []
    for reason in REASONS:
        c = counts[reason]
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"  {reason:<20} {precision:9.3f} {recall:7.3f} {f1:6.3f}   {c['tp'] + c['fn']:>4}")
    macro = sum(f1s) / len(f1s)
    print(f"  macro-F1 {macro:.3f}   exact label sets {exact}/{len(scored)}")
    if misses and wrong:
        print("  misses:")
        print("\n".join(wrong))
    return macro


def _thread_messages(thread: dict[str, Any]) -> list[CustomerMessage]:
    return [
        CustomerMessage(m["text"], datetime.fromisoformat(m["at"]), thread["channel"])
        for m in thread["messages"]
    ]


def hostility_report(
    messages: list[dict[str, Any]], threads: list[dict[str, Any]], insights: Insights, misses: bool
) -> tuple[float, float]:
    model = insights.hostility
    levels = {0: "calm", 1: "annoyed", 2: "hostile"}
    agree = 0
    tp = fp = fn = 0
    wrong: list[str] = []
    for message in messages:
        score = model.score(CustomerMessage(message["text"], None, message.get("channel")))
        gold = levels[message["anger"]]
        agree += score.level == gold
        tp += score.level == "hostile" and gold == "hostile"
        fp += score.level == "hostile" and gold != "hostile"
        fn += score.level != "hostile" and gold == "hostile"
        if score.level != gold:
            signals = ", ".join(f"{s.name}{s.weight:+.2f}" for s in score.signals)
            wrong.append(
                f"    {message['id']}: gold {gold} got {score.level} {score.value:.2f} [{signals}]"
                f"\n        {message['text'][:100]!r}"
            )
    print(f"\nHostility, single messages ({len(messages)})")
    share = _pct(agree, len(messages))
    print(f"  level agreement (calm/annoyed/hostile): {agree}/{len(messages)} {share}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"  hostile: precision {precision:.3f} recall {recall:.3f}")
    flagged: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    settled = 0
    thread_wrong: list[str] = []
    for thread in threads:
        scores, _ = model.thread(_thread_messages(thread))
        values = [s.value for s in scores]
        phases = [model.curve(values[: i + 1]).phase for i in range(len(values))]
        rose = "rising" in phases
        label = thread["label"]
        totals[label] += 1
        flagged[label] += rose
        if label == "calmed":
            settled += phases[-1] in ("calming", "calm")
        expected = label != "calm"
        if rose != expected or (label == "calmed" and phases[-1] not in ("calming", "calm")):
            points = " ".join(f"{v:.2f}" for v in values)
            thread_wrong.append(f"    {thread['id']} ({label}): {points}  {' '.join(phases)}")
    angry = totals["angry"] + totals["calmed"]
    angry_flagged = flagged["angry"] + flagged["calmed"]
    print(f"\nHostility curves ({len(threads)} threads)")
    print(
        f"  angry threads with a rising curve: {angry_flagged}/{angry} {_pct(angry_flagged, angry)}"
        f"  (angry {flagged['angry']}/{totals['angry']}, angry-then-calmed "
        f"{flagged['calmed']}/{totals['calmed']})"
    )
    print(
        f"  false alarms on calm threads:      {flagged['calm']}/{totals['calm']} "
        f"{_pct(flagged['calm'], totals['calm'])}"
    )
    print(
        f"  angry-then-calmed threads ending calming or calm: {settled}/{totals['calmed']} "
        f"{_pct(settled, totals['calmed'])}"
    )
    if misses:
        for line in (*wrong, *thread_wrong):
            print(line)
    return (
        angry_flagged / angry if angry else 0.0,
        flagged["calm"] / totals["calm"] if totals["calm"] else 0.0,
    )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cost_report(texts: Iterable[str], insights: Insights) -> None:
    batch = list(texts) * 10
    t0 = time.perf_counter()
    guesses = [detect_language(t) for t in batch]
    t1 = time.perf_counter()
    for text, guess in zip(batch, guesses, strict=True):
        insights.rules.classify([text], language=guess.code)
    t2 = time.perf_counter()
    for text, guess in zip(batch, guesses, strict=True):
        insights.hostility.score(CustomerMessage(text), language=guess.code)
    t3 = time.perf_counter()
    n = len(batch)
    print(f"\nCost per message ({n} messages, this machine)")
    print(
        f"  language {1e6 * (t1 - t0) / n:6.1f} us   reasons {1e6 * (t2 - t1) / n:6.1f} us"
        f"   hostility {1e6 * (t3 - t2) / n:6.1f} us"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="use the development set")
    parser.add_argument("--misses", action="store_true", help="list the errors")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    folder = ROOT / "dev" if args.dev else ROOT
    messages = _read(folder / "messages.jsonl")
    threads = _read(folder / "threads.jsonl")
    print(
        f"deskside insights evaluation: {'development' if args.dev else 'evaluation'} set {folder}"
    )
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    language_module._detector()
    load = time.perf_counter() - t0
    print(f"language model: loaded in {1000 * load:.0f} ms, peak RSS +{_rss_mb() - rss0:.0f} MB\n")
    insights = Insights.builtin()
    language = language_report(messages, threads, args.misses)
    macro = reason_report(messages, insights, args.misses)
    flagged, false_alarms = hostility_report(messages, threads, insights, args.misses)
    cost_report([m["text"] for m in messages], insights)
    missed = [
        name
        for name, ok in (
            ("language", language >= TARGET_LANGUAGE),
            ("reason macro-F1", macro >= TARGET_MACRO_F1),
            ("rising curves", flagged >= TARGET_FLAGGED),
            ("false alarms", false_alarms <= TARGET_FALSE_ALARMS),
        )
        if not ok
    ]
    print(f"\ntargets: {'all met' if not missed else 'missed: ' + ', '.join(missed)}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
