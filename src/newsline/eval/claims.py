"""Scoring figures (numeric claims) against gold: the sample gold's `claims` and figure
`discrepancies`, and the CQE value+unit test sets.

A gold quantity matches a predicted claim of the same value in the same sentence, one to one
(the CQE protocol: numerically close values; a range matches a range with both ends equal).
value+unit also needs the unit to agree (for counts, the counted noun may stand for the unit).
Qualifier and `what` accuracy are over matched pairs; `what` is right when the head nouns agree.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .gold import locate, match_articles


def same_value(a, b) -> bool:
    if isinstance(a, list) != isinstance(b, list):
        return False
    if isinstance(a, list):
        return all(same_value(x, y) for x, y in zip(a, b))
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def match_sentence(gold_items: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of equal value; among equal values the same unit, then the nearest, first."""
    pairs, used = [], set()
    for g in gold_items:
        candidates = [(p.get("unit") != g.get("unit"), abs(p.get("start", 0) - g.get("start", 0)), i)
                      for i, p in enumerate(predicted) if i not in used and same_value(p["value"], g["value"])]
        if candidates:
            i = min(candidates)[2]
            used.add(i)
            pairs.append((g, predicted[i]))
    return pairs


def score_sample(gold: dict, export: dict, texts: dict[str, str], predicted: list[dict],
                 head: Callable[[str | None], str | None]) -> dict[str, Any]:
    """`predicted`: claims with article (our id), start, end, value, unit, qualifier, what."""
    ids = match_articles(gold, export)
    by_sentence: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
    unlocated = 0
    for g in gold["claims"]:
        aid = ids.get(g["article"])
        span = locate(texts.get(aid, ""), g["sentence"]) if aid else None
        if span is None:
            unlocated += 1
            continue
        anchor = texts[aid].find(g["anchor"], span[0], span[1])
        by_sentence[(aid, *span)].append(dict(g, start=anchor))
    scored_articles = {aid for aid in ids.values()}
    preds = [p for p in predicted if p["article"] in scored_articles]
    pairs = []
    for (aid, lo, hi), items in by_sentence.items():
        in_sentence = [p for p in preds if p["article"] == aid and lo <= p["start"] < hi]
        pairs += match_sentence(items, in_sentence)
    n_gold = sum(len(v) for v in by_sentence.values()) + unlocated
    unit_ok = [(g, p) for g, p in pairs if (g.get("unit") or None) == (p.get("unit") or None)]
    heads = [(head(g.get("what")), head(p.get("what"))) for g, p in pairs]
    return {
        "gold": n_gold, "predicted": len(preds), "matched": len(pairs), "unlocated_gold": unlocated,
        "value": prf(len(pairs), len(preds), n_gold),
        "value_unit": prf(len(unit_ok), len(preds), n_gold),
        "qualifier_accuracy": (sum(1 for g, p in pairs if g.get("qualifier") == p.get("qualifier")) / len(pairs))
        if pairs else 0.0,
        "what_accuracy": (sum(1 for g, p in heads if g and g == p) / len(heads)) if heads else 0.0,
        "errors": {
            "missed": [{"article": g["article"], "anchor": g["anchor"], "value": g["value"]} for g in gold["claims"]
                       if not any(g["anchor"] == x["anchor"] and g["sentence"] == x["sentence"] for x, _ in pairs)],
            "qualifier": [{"anchor": g["anchor"], "gold": g.get("qualifier"), "ours": p.get("qualifier")}
                          for g, p in pairs if g.get("qualifier") != p.get("qualifier")],
            "what": [{"anchor": g["anchor"], "gold": g.get("what"), "ours": p.get("what")}
                     for (g, p), (gh, ph) in zip(pairs, heads) if not gh or gh != ph],
        },
    }


def score_conflicts(gold: dict, export: dict, texts: dict[str, str], discrepancies: list[dict]) -> dict[str, Any]:
    """Planted conflicts (gold figure discrepancies) found, and conflicts reported that the gold
    does not have (a rising series called a conflict is one of these)."""
    ids = match_articles(gold, export)
    planted = [d for d in gold["discrepancies"] if d["kind"] == "figure"]
    ours = [d for d in discrepancies if d["kind"] == "figure"]

    def covers(mine: dict, item: dict) -> bool:
        aid = ids.get(item["article"])
        return any(i["article"] == aid and item["text"] in (i.get("sentence") or i.get("text") or "")
                   for i in mine["items"])

    found = [d for d in planted if any(all(covers(m, it) for it in d["items"]) for m in ours)]
    false = [m for m in ours if not any(all(covers(m, it) for it in d["items"]) for d in planted)]
    return {"planted": len(planted), "found": len(found), "false_conflicts": len(false),
            "false": [m["description"] for m in false]}


def score_quantities(items: list[dict], predicted: list[list[dict]], unit_name: Callable[[dict], str]) -> dict:
    """CQE sets: items [{text, quantities: [{value, normalized_unit}]}], predicted[i] the claims
    for items[i] ({value, unit, what}); `unit_name` maps a prediction to the set's unit names."""
    n_gold = n_pred = matched = matched_unit = 0
    for item, preds in zip(items, predicted):
        gold = [{"value": _cqe_value(q["value"]), "unit": q["normalized_unit"]} for q in item["quantities"]]
        gold = [g for g in gold if g["value"] is not None]
        mine = [dict(p, value=p["value"], unit=unit_name(p)) for p in preds]
        n_gold += len(gold)
        n_pred += len(mine)
        pairs = match_sentence(gold, mine)
        matched += len(pairs)
        matched_unit += sum(1 for g, p in pairs if g["unit"] == p["unit"])
    return {"gold": n_gold, "predicted": n_pred, "value": prf(matched, n_pred, n_gold),
            "value_unit": prf(matched_unit, n_pred, n_gold)}


def _cqe_value(text: str):
    parts = [p.strip() for p in str(text).split(" - ")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    return values if len(values) == 2 else values[0]

