"""Scoring forecasts against the sample gold (`forecasts`, and the articles' misdated flags), a
cue-word-only baseline, and the hedge readings against the survey medians.

- detection: a gold forecast matches a predicted one of the same article whose span overlaps its
  text, one to one (the largest overlap first); P, R, F1;
- probability: mean absolute error over matched pairs where both give one;
- horizon: matched pairs whose deadlines agree (a gold value such as "2025-W13" is read as the last
  day of its period, "2025-05" as its middle when the gold says "middle", else its end);
- resolution: over the gold forecasts the gold settles (confirmed, refuted, mixed), the share whose
  match has the same status (an unmatched one counts as wrong); open ones are reported apart;
- misdated: gold articles flagged content_predates_stated_date that we flag, and articles we flag
  that the gold does not.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from typing import Any

from ..nlp.forecasts.horizon import period
from .gold import locate, match_articles

MISDATED = "content_predates_stated_date"
SETTLED = ("confirmed", "refuted", "mixed")


def gold_spans(gold: dict, ids: dict[str, str], texts: dict[str, str]) -> list[dict]:
    out = []
    for g in gold["forecasts"]:
        aid = ids.get(g["article"])
        span = locate(texts.get(aid, ""), g["text"], g.get("occurrence", 0)) if aid else None
        out.append(dict(g, _article=aid, _span=span))
    return out


def match(golds: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    by_article = defaultdict(list)
    for i, p in enumerate(predicted):
        by_article[p["article"]].append(i)
    candidates = []
    for gi, g in enumerate(golds):
        if g["_span"] is None:
            continue
        lo, hi = g["_span"]
        for pi in by_article.get(g["_article"], []):
            p = predicted[pi]
            overlap = min(hi, p["end"]) - max(lo, p["start"])
            if overlap > 0:
                candidates.append((-overlap, gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _o, gi, pi in sorted(candidates):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((golds[gi], predicted[pi]))
    return pairs


def deadline(value: str | None) -> str | None:
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return value
    span = period(value, None)
    return span[1].isoformat() if span else None


def prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def same_holder(gold: str | None, ours: str | None) -> bool:
    if not gold or not ours:
        return gold == ours
    g, o = gold.lower(), ours.lower()
    return g in o or o in g or g.split()[-1] == o.split()[-1]


def score_forecasts(gold: dict, export: dict, texts: dict[str, str], predicted: list[dict]) -> dict[str, Any]:
    ids = match_articles(gold, export)
    golds = gold_spans(gold, ids, texts)
    pairs = match(golds, predicted)
    located = [g for g in golds if g["_span"] is not None]
    detection = prf(len(pairs), len(predicted), len(golds))
    errors = [abs(g["probability"] - p["probability"]) for g, p in pairs
              if g.get("probability") is not None and p.get("probability") is not None]
    horizons = [deadline(g.get("horizon")) == deadline(p.get("horizon")) for g, p in pairs]
    holders = [same_holder(g.get("holder"), p.get("holder")) for g, p in pairs]
    matched = {id(g): p for g, p in pairs}
    settled = [g for g in golds if g["status"] in SETTLED]
    right = [g for g in settled if id(g) in matched and matched[id(g)].get("status") == g["status"]]
    opened = [g for g in golds if g["status"] == "open"]
    open_right = [g for g in opened if id(g) in matched and matched[id(g)].get("status") == "open"]
    by_status = {}
    for status in SETTLED:
        items = [g for g in settled if g["status"] == status]
        by_status[status] = {"gold": len(items), "right": sum(1 for g in items if g in right)}
    return {
        "gold": len(golds), "unlocated_gold": len(golds) - len(located), "predicted": len(predicted),
        "detection": detection,
        "probability_mae": statistics.mean(errors) if errors else None, "probability_pairs": len(errors),
        "horizon_accuracy": sum(horizons) / len(horizons) if horizons else None,
        "holder_accuracy": sum(holders) / len(holders) if holders else None,
        "resolution_accuracy": len(right) / len(settled) if settled else None, "resolution_gold": len(settled),
        "resolution_by_status": by_status,
        "open_accuracy": len(open_right) / len(opened) if opened else None, "open_gold": len(opened),
        "errors": {
            "missed": [{"id": g["id"], "text": g["text"]} for g in golds if id(g) not in matched],
            "spurious": [{"article": p["article"], "text": p["text"]} for p in predicted
                         if not any(p is q for _g, q in pairs)],
            "status": [{"id": g["id"], "gold": g["status"], "ours": matched[id(g)].get("status") if id(g) in matched
                        else "missed", "text": g["text"]} for g in settled + opened if g not in right
                       and g not in open_right],
            "probability": [{"id": g["id"], "gold": g["probability"], "ours": p["probability"], "cue": p.get("cue")}
                            for g, p in pairs if g.get("probability") is not None and p.get("probability") is not None
                            and abs(g["probability"] - p["probability"]) > 0.1],
            "horizon": [{"id": g["id"], "gold": g.get("horizon"), "ours": p.get("horizon")} for g, p in pairs
                        if deadline(g.get("horizon")) != deadline(p.get("horizon"))],
        },
    }


def score_misdated(gold: dict, export: dict) -> dict[str, Any]:
    ids = match_articles(gold, export)
    ours = {a["id"]: a for a in export["articles"]}
    wanted = {ids.get(a["source"]) for a in gold["articles"] if any(f["kind"] == MISDATED for f in a.get("flags", []))}
    wanted.discard(None)
    flagged = {a["id"] for a in export["articles"] if any(f["kind"] == MISDATED for f in a["flags"])}
    return {"gold": len(wanted), "found": len(wanted & flagged), "false": len(flagged - wanted),
            "false_articles": sorted(ours[a]["source"] for a in flagged - wanted),
            "missed_articles": sorted(ours[a]["source"] for a in wanted - flagged if a in ours)}


def survey_mae(readings: dict[str, float | None], medians: dict[str, float]) -> dict[str, Any]:
    """MAE in probability points (0-100) of readings against survey medians; a phrase the reader
    cannot read counts as 0.5."""
    errors = {p: abs((readings.get(p) if readings.get(p) is not None else 0.5) - m) for p, m in medians.items()}
    return {"mae_points": 100 * statistics.mean(errors.values()) if errors else None, "phrases": len(errors),
            "unread": sorted(p for p in medians if readings.get(p) is None),
            "worst": sorted(((round(100 * e, 1), p) for p, e in errors.items()), reverse=True)[:5]}
