"""Timeline entries: events when the store has them, else dated references.

An event entry is one real event merged across articles: its date, its summary (a source
sentence) and every sentence that reports it. A store without events (nothing extracted
yet) falls back to dated references: sentences anchored by a day- or month-precise time
expression, each citing its article. `limit` keeps the N most important dates (importance:
independent sources, date confidence, articles) and, on each, its most important event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CALENDAR = re.compile(r"^\d{4}-\d{2}(-\d{2})?")


@dataclass
class Entry:
    date: str
    text: str
    kind: str  # "event" | "reference"
    citations: list[dict] = field(default_factory=list)  # [{article, source, sentence}]
    expression: str | None = None
    id: str | None = None  # the event id (events only)
    date_end: str | None = None
    importance: float = 0.0
    sources: int = 0
    entities: list[str] = field(default_factory=list)  # participant names (events only)


def timeline_entries(data: dict, *, date_from: str | None = None, date_to: str | None = None,
                     query: str | None = None, entity: str | None = None, limit: int | None = None) -> list[Entry]:
    sources = {a["id"]: a["source"] for a in data["articles"]}
    entries: list[Entry] = []
    if data["events"]:
        names = {e["id"]: e["name"] for e in data.get("entities", [])}
        for event in data["events"]:
            if not event["date"]:
                continue
            entries.append(Entry(event["date"], event["summary"], "event",
                                 [dict(m, source=sources.get(m["article"])) for m in event["mentions"]],
                                 id=event["id"], date_end=event.get("date_end"),
                                 importance=event.get("importance") or 0.0, sources=event.get("sources") or 0,
                                 entities=[names.get(e, e) for e in event["entities"]]))
    else:
        seen = set()
        for t in data["timexes"]:
            if t["type"] not in ("DATE", "TIME") or not CALENDAR.match(t["value"]):
                continue
            date = t["value"][:10]
            key = (date, t["sentence"])
            if key in seen:
                continue
            seen.add(key)
            entries.append(Entry(date, t["sentence"], "reference",
                                 [{"article": t["article"], "source": sources.get(t["article"]),
                                   "sentence": t["sentence"], "start": t["start"], "end": t["end"]}],
                                 expression=t["text"]))
    if date_from:
        entries = [e for e in entries if e.date[: len(date_from)] >= date_from]
    if date_to:
        entries = [e for e in entries if e.date[: len(date_to)] <= date_to]
    if query:
        q = query.lower()
        entries = [e for e in entries if q in e.text.lower()]
    if entity:
        wanted = entity.lower()
        entries = [e for e in entries if any(wanted == name.lower() or wanted in name.lower().split()
                                             for name in e.entities)
                   or (e.kind == "reference" and wanted in e.text.lower())]
    if limit is not None:
        entries = most_important(entries, limit)
    entries.sort(key=lambda e: (e.date, e.text))
    return entries


def most_important(entries: list[Entry], n: int) -> list[Entry]:
    """The N most important dates (summed importance of their events), each with its top event."""
    by_date: dict[str, list[Entry]] = {}
    for e in entries:
        by_date.setdefault(e.date, []).append(e)
    ranked = sorted(by_date, key=lambda d: (-sum(e.importance for e in by_date[d]), d))[: max(0, n)]
    return [max(by_date[d], key=lambda e: (e.importance, len(e.citations), e.text)) for d in ranked]
