"""Timeline entries: events when the store has them, else dated references.

Until event extraction lands, a dated reference is a sentence anchored by a
day- or month-precise time expression: the sentence says something happened
(or will) at that time, and it cites its article.
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


def timeline_entries(data: dict, *, date_from: str | None = None, date_to: str | None = None,
                     query: str | None = None) -> list[Entry]:
    sources = {a["id"]: a["source"] for a in data["articles"]}
    entries: list[Entry] = []
    if data["events"]:
        for event in data["events"]:
            if not event["date"]:
                continue
            entries.append(Entry(event["date"], event["summary"], "event",
                                 [dict(m, source=sources.get(m["article"])) for m in event["mentions"]]))
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
    entries.sort(key=lambda e: (e.date, e.text))
    return entries
