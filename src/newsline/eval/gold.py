"""Score a newsline/1 export against a gold file in the same schema (the sample corpus gold).

Gold records name their article by source key (a path under the corpus folder, or the
item's URL) and their spans by exact text (+ `occurrence` when repeated), so the gold
does not depend on how ingest cuts or normalises text: spans are located in our text.

Sections are scored as far as the tool fills them; an empty array on our side scores 0
recall, which is honest for capabilities not built yet.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from .quotes import score_quotes
from .tempeval import TempEvalScorer


def load_gold(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def match_articles(gold: dict, export: dict) -> dict[str, str]:
    """gold source key -> our article id, by URL or by path suffix."""
    ours = [(a["source"].replace("\\", "/"), a["id"]) for a in export["articles"]]
    ours += [(other["source"].replace("\\", "/"), a["id"]) for a in export["articles"] for other in a.get("also_at", [])]
    matched = {}
    for g in gold["articles"]:
        key = g["source"]
        for source, aid in ours:
            if source == key or source.endswith("/" + key):
                matched[key] = aid
                break
    return matched


def locate(text: str, needle: str, occurrence: int = 0) -> tuple[int, int] | None:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def score_articles(gold: dict, export: dict, ids: dict[str, str]) -> dict[str, Any]:
    ours = {a["id"]: a for a in export["articles"]}
    rows = []
    for g in gold["articles"]:
        if g.get("duplicate_of") and ids.get(g["source"]) == ids.get(g["duplicate_of"]):
            continue  # an exact duplicate is the same stored article: scored once
        a = ours.get(ids.get(g["source"], ""))
        if a is None:
            rows.append({"source": g["source"], "found": False})
            continue
        window = a["date_window"] or [a["date"], a["date"]]
        gold_flags = {f["kind"] for f in g.get("flags", [])}
        rows.append({
            "source": g["source"], "found": True,
            "stated_date_ok": a["stated_date"] == g.get("stated_date"),
            "date_ok": a["date"] == g["date"],
            "date_in_window": bool(window[0]) and window[0] <= g["date"] <= window[1],
            "date_source_ok": a["date_source"] == g.get("date_source"),
            "flags_expected": sorted(gold_flags),
            "flags_found": sorted(gold_flags & {f["kind"] for f in a["flags"]}),
            "flags_extra": sorted({f["kind"] for f in a["flags"]} - gold_flags),
        })
    found = [r for r in rows if r["found"]]
    n = len(rows) or 1

    def share(key: str) -> float:
        return sum(1 for r in found if r[key]) / n

    flags_expected = sum(len(r["flags_expected"]) for r in found)
    return {
        "articles": len(rows), "found": len(found) / n,
        "stated_date_accuracy": share("stated_date_ok"), "date_accuracy": share("date_ok"),
        "date_in_window": share("date_in_window"), "date_source_accuracy": share("date_source_ok"),
        "flag_recall": (sum(len(r["flags_found"]) for r in found) / flags_expected) if flags_expected else 1.0,
        "rows": rows,
    }


def score_timexes(gold: dict, export: dict, ids: dict[str, str], texts: dict[str, str]) -> dict[str, Any]:
    gold_by_article: dict[str, list[dict]] = defaultdict(list)
    unlocated = []
    for t in gold["timexes"]:
        aid = ids.get(t["article"])
        if aid is None or aid not in texts:
            continue
        span = locate(texts[aid], t["text"], t.get("occurrence", 0))
        if span is None:
            unlocated.append(t)
            continue
        gold_by_article[aid].append({"start": span[0], "end": span[1], "type": t["type"], "value": t["value"],
                                     "text": t["text"]})
    ours_by_article: dict[str, list[dict]] = defaultdict(list)
    for t in export["timexes"]:
        ours_by_article[t["article"]].append(t)
    scorer = TempEvalScorer()
    errors = []
    scored_ids = {aid for aid in ids.values() if aid in texts}
    for aid in sorted(scored_ids):
        result = scorer.add(gold_by_article.get(aid, []), ours_by_article.get(aid, []))
        for g, s in result.pairs:
            if g["value"] != s["value"] or g["type"] != s["type"]:
                errors.append({"article": aid, "text": s["text"], "gold": f"{g['type']} {g['value']}",
                               "ours": f"{s['type']} {s['value']}"})
        errors += [{"article": aid, "text": g["text"], "gold": f"{g['type']} {g['value']}", "ours": "missed"}
                   for g in result.missed]
        errors += [{"article": aid, "text": s["text"], "gold": "none", "ours": f"{s['type']} {s['value']}"}
                   for s in result.spurious]
    scores = scorer.scores()
    return {
        "gold": scores.counts.gold, "unlocated_gold": len(unlocated),
        "strict_f1": scores.strict_f1, "relaxed_p": scores.relaxed_p, "relaxed_r": scores.relaxed_r,
        "relaxed_f1": scores.relaxed_f1, "type_accuracy": scores.type_accuracy,
        "value_accuracy": scores.value_accuracy, "value_f1": scores.value_f1, "errors": errors,
    }


def score_entities(gold: dict, export: dict) -> dict[str, Any]:
    """Alias merging as pairs: two surface forms of one gold entity should be in one of ours."""
    gold_of: dict[str, int] = {}
    for n, e in enumerate(gold["entities"]):
        for alias in e["aliases"]:
            gold_of.setdefault(alias, n)
    ours_of: dict[str, set[str]] = defaultdict(set)
    for e in export["entities"]:
        for alias in e["aliases"]:
            ours_of[alias].add(e["id"])
    same_gold = [(a, b) for e in gold["entities"] for a, b in itertools.combinations(sorted(set(e["aliases"])), 2)
                 if a in ours_of and b in ours_of]
    merged = [p for p in same_gold if ours_of[p[0]] & ours_of[p[1]]]
    wrong = []
    for e in export["entities"]:
        known = [a for a in e["aliases"] if a in gold_of]
        for a, b in itertools.combinations(sorted(set(known)), 2):
            if gold_of[a] != gold_of[b]:
                wrong.append((a, b))
    pairs_ours = sum(len(list(itertools.combinations(sorted({a for a in e["aliases"] if a in gold_of}), 2)))
                     for e in export["entities"])
    found_names = sum(1 for e in gold["entities"] if any(a in ours_of for a in e["aliases"]))
    return {
        "gold_entities": len(gold["entities"]),
        "entity_recall": found_names / (len(gold["entities"]) or 1),
        "alias_pair_recall": len(merged) / (len(same_gold) or 1),
        "alias_pair_precision": 1 - len(wrong) / (pairs_ours or 1),
        "missed_merges": [p for p in same_gold if p not in merged][:50],
        "wrong_merges": wrong[:50],
    }


def squash(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def date_fits(ours: str | None, gold: str, gold_end: str | None = None) -> bool:
    """Our event date is the gold date, or a period inside the gold period (or span, with date_end)."""
    from ..nlp.events.dating import calendar

    if not ours:
        return False
    if ours == gold:
        return True
    mine, theirs = calendar(ours), calendar(gold)
    if mine is None or theirs is None:
        return False
    hi = calendar(gold_end).hi if gold_end and calendar(gold_end) else theirs.hi
    if theirs.precision == "day" and not gold_end:
        return False
    return theirs.lo <= mine.lo and mine.hi <= hi


def score_events(gold: dict, export: dict, ids: dict[str, str]) -> dict[str, Any]:
    """Recall: a gold event has an entry on its gold date citing one of its (non-future) sentences.
    Merge precision: found gold events / entries on their dates citing them (1.0 = never two entries
    for one real event). Purity: our entries citing gold sentences whose cited gold events are one."""
    def cites(event: dict) -> set[tuple[str, str]]:
        return {(m["article"], squash(m["sentence"])) for m in event["mentions"]}

    def same(ours: tuple[str, str], theirs: tuple[str, str]) -> bool:
        return ours[0] == theirs[0] and (ours[1] == theirs[1] or theirs[1] in ours[1] or ours[1] in theirs[1])

    ours = [(e, cites(e)) for e in export["events"]]
    rows = []
    entries_for_found = 0
    gold_of_entry: dict[str, set[str]] = defaultdict(set)
    for g in gold["events"]:
        wanted = [(ids.get(m["article"], "?"), squash(m["sentence"])) for m in g["mentions"]
                  if m.get("modality") != "future"]
        citing = [e for e, c in ours if any(same(x, w) for x in c for w in wanted)]
        on_date = [e for e in citing if date_fits(e["date"], g["date"], g.get("date_end"))]
        for e in on_date:
            gold_of_entry[e["id"]].add(g["id"])
        rows.append({"id": g["id"], "date": g["date"], "summary": g["summary"], "found": bool(on_date),
                     "entries": [{"id": e["id"], "date": e["date"], "summary": e["summary"]} for e in on_date],
                     "misdated": [{"id": e["id"], "date": e["date"], "summary": e["summary"]}
                                  for e in citing if e not in on_date]})
        if on_date:
            entries_for_found += len(on_date)
    found = sum(1 for r in rows if r["found"])
    return {
        "gold": len(rows), "recall": found / (len(rows) or 1),
        "merge_precision": found / entries_for_found if entries_for_found else 0.0,
        "purity": (sum(1 for g in gold_of_entry.values() if len(g) == 1) / len(gold_of_entry)) if gold_of_entry else 0.0,
        "entries": len(export["events"]),
        "rows": rows,
    }


def score_export(gold: dict, export: dict, texts: dict[str, str]) -> dict[str, Any]:
    ids = match_articles(gold, export)
    return {
        "articles": score_articles(gold, export, ids),
        "timexes": score_timexes(gold, export, ids, texts),
        "entities": score_entities(gold, export),
        "events": score_events(gold, export, ids),
        "quotes": score_quotes(gold, export, ids, texts).as_dict(),
        "filled": {k: len(export[k]) for k in ("quotes", "claims", "events", "forecasts", "discrepancies")},
        "gold_counts": {k: len(gold[k]) for k in ("quotes", "claims", "events", "forecasts", "discrepancies")},
    }
