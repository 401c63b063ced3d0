"""Everything shown of an event, derived from its member mentions alone (so the same members
give the same event whatever order they arrived in): id, date and span, summary, participants,
independent sources and importance."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter

import numpy as np

from ..nlp.events.embed import from_blob
from .event_match import CONFIDENT, END_PHASES, START_PHASES, role


def member_key(row) -> str:
    return f"{row['article']}:{row['start']:09d}:{row['trigger_start']:09d}"


def source_key(store, row) -> str:
    """Independent sources: copies of one wire story are one source, and so is one outlet."""
    first = row["near_duplicate_of"] or row["article"]
    if first != row["article"]:
        outlet = store.scalar("SELECT outlet FROM articles WHERE id=?", (first,))
        return "outlet:" + outlet if outlet else "article:" + first
    return "outlet:" + row["outlet"] if row["outlet"] else "article:" + first


def span_of(rows) -> tuple[str, str] | None:
    """An episode's first and last day, when its members start it and end it on different days."""
    starts = [r["date"] for r in rows if r["lemma"] in START_PHASES and len(r["date"] or "") == 10]
    ends = [r["date"] for r in rows if r["lemma"] in END_PHASES and len(r["date"] or "") == 10]
    if not starts or not ends or min(starts) >= max(ends):
        return None
    return min(starts), max(ends)


def choose_date(rows) -> tuple[str, str | None]:
    """The date most of the best-dated event mentions give (reports date nothing when an event
    mention does), and the latest end any of them gives (a span, or an episode's end)."""
    dated = [r for r in rows if r["confidence"] >= CONFIDENT and role(r) == "event"] or \
        [r for r in rows if r["confidence"] >= CONFIDENT] or list(rows)
    episode = span_of(dated)
    if episode:
        return episode
    weight: Counter = Counter()
    for r in dated:
        weight[r["date"]] += r["confidence"]
    date = min(weight, key=lambda d: (-round(weight[d], 6), d))
    ends = sorted(r["date_end"] for r in dated if r["date"] == date and r["date_end"])
    return date, (ends[-1] if ends else None)


def derive_event(store, rows) -> dict:
    """Every field of an event from its member mentions (sorted by member key)."""
    date, date_end = choose_date(rows)
    date_rows = [r for r in rows if r["date"] == date] or list(rows)
    vectors = np.stack([from_blob(r["embedding"]) for r in rows])
    centroid = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = vectors @ (centroid / norm)
    best = max(range(len(rows)), key=lambda i: (rows[i]["date"] == date, role(rows[i]) == "event",
                                                round(float(centrality[i]) * (0.5 + rows[i]["confidence"]), 6), -i))
    summary_row = rows[best]
    entities: Counter = Counter()
    places: Counter = Counter()
    for r in rows:
        entities.update(set(json.loads(r["entities"])))
        places.update(set(json.loads(r["places"])))
    sources = len({source_key(store, r) for r in rows})
    articles = len({r["article"] for r in rows})
    confidence = max(r["confidence"] for r in rows)
    importance = sources * confidence * (1.0 + math.log(articles)) + 0.001 * len(rows)
    lemmas = Counter(r["lemma"] for r in rows)
    return {
        "id": "ev" + hashlib.sha1(member_key(rows[0]).encode()).hexdigest()[:12],
        "date": date, "date_end": date_end,
        "precision": date_rows[0]["precision"], "confidence": round(confidence, 3),
        "summary": summary_row["sentence_text"] or "", "summary_article": summary_row["article"],
        "summary_start": summary_row["start"], "summary_end": summary_row["end"],
        "entities": [e for e, _n in sorted(entities.items(), key=lambda x: (-x[1], x[0]))],
        "places": [p for p, _n in sorted(places.items(), key=lambda x: (-x[1], x[0]))],
        "sources": sources, "importance": round(importance, 4),
        "trigger": min(lemmas, key=lambda k: (-lemmas[k], k)),
    }

