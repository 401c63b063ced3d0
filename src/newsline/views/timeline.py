"""Timeline entries: events when the store has them, else dated references.

Until event extraction lands, a dated reference is a sentence anchored by a
day- or month-precise time expression: the sentence says something happened
(or will) at that time, and it cites its article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import BadRequest

CALENDAR = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025, 2025-03 or 2025-03-19)"
# TIMEX3 parts of the day, placed at a representative clock time so they sort among clock times
PART_OF_DAY = {"MO": "08:00", "MI": "12:00", "DT": "12:00", "AF": "15:00", "EV": "19:00", "NI": "22:00"}
CLOCK = re.compile(r"^T(\d{2})(?::(\d{2}))?")


@dataclass
class Entry:
    date: str
    text: str
    kind: str  # "event" | "reference"
    citations: list[dict] = field(default_factory=list)  # [{article, source, date, sentence, start, end}]
    expression: str | None = None
    time: str | None = None  # time of day from a TIME value: "14:30", or a part of the day ("MO", "NI")


def parse_bound(text: str) -> str:
    """A --from/--to bound as given (YYYY, YYYY-MM or YYYY-MM-DD), checked; BadRequest says what is wrong."""
    match = BOUND.match(text.strip())
    if not match:
        raise BadRequest(f"{EXPECTED}, got {text!r}{hint(text.strip())}")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise BadRequest(f"{EXPECTED}, got {text!r}: there is no month {int(month)}")
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError as err:
            raise BadRequest(f"{EXPECTED}, got {text!r}: {err}") from None
    return "-".join(part.zfill(2) for part in (year, month, day) if part)


def hint(text: str) -> str:
    """What the user probably meant by a date in another form, when it can be told."""
    match = NUMERIC_DATE.match(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return f" (day first? then write {year}-{second:02d}-{first:02d})"
        if second > 12 >= first:
            return f" (month first? then write {year}-{first:02d}-{second:02d})"
        return f" ({year}-{second:02d}-{first:02d} or {year}-{first:02d}-{second:02d}? the order is ambiguous)"
    if text.isalpha():
        return " (relative dates are not read here: give the calendar date)"
    return ""


def check_range(date_from: str | None, date_to: str | None, names: tuple[str, str] = ("date_from", "date_to")
                ) -> tuple[str | None, str | None]:
    """Both bounds checked, and not reversed: a bound covers all of its year or month."""
    lo = parse_bound(date_from) if date_from else None
    hi = parse_bound(date_to) if date_to else None
    if lo and hi:
        common = min(len(lo), len(hi))
        if lo[:common] > hi[:common]:
            raise BadRequest(f"{names[0]} {lo} is after {names[1]} {hi}: the range is empty (swap them?)")
    return lo, hi


def time_of_day(value: str) -> str | None:
    """The clock part of a TIMEX3 value ("2025-03-19T14:30" -> "14:30", "2025-03-19TNI" -> "NI")."""
    rest = value[10:]
    if not rest.startswith("T"):
        return None
    if rest[1:3] in PART_OF_DAY:
        return rest[1:3]
    clock = CLOCK.match(rest)
    return f"{clock.group(1)}:{clock.group(2) or '00'}" if clock else None


def order_key(entry: Entry) -> tuple:
    """By date; within a day untimed entries first, then by clock; then the citing report's date."""
    clock = PART_OF_DAY.get(entry.time or "", entry.time) or ""
    first = entry.citations[0] if entry.citations else {}
    return (entry.date, clock, first.get("date") or "9999", first.get("article") or "", first.get("start") or 0,
            entry.text)


def timeline_entries(data: dict, *, date_from: str | None = None, date_to: str | None = None,
                     query: str | None = None, limit: int | None = None) -> list[Entry]:
    """The timeline from a newsline/1 object; BadRequest for a bound in the wrong form or a reversed range."""
    date_from, date_to = check_range(date_from, date_to)
    if limit is not None and limit < 1:
        raise BadRequest(f"limit must be at least 1, got {limit}")
    articles = {a["id"]: a for a in data["articles"]}

    def cite(record: dict) -> dict:
        article = articles.get(record["article"], {})
        return dict(record, source=article.get("source"), date=article.get("date"))

    entries: list[Entry] = []
    if data["events"]:
        for event in data["events"]:
            if not event["date"]:
                continue
            citations = sorted((cite(m) for m in event["mentions"]), key=lambda c: (c["date"] or "9999", c["article"]))
            entries.append(Entry(event["date"], event["summary"], "event", citations))
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
            citation = cite({"article": t["article"], "sentence": t["sentence"], "start": t["start"], "end": t["end"]})
            entries.append(Entry(date, t["sentence"], "reference", [citation], expression=t["text"],
                                 time=time_of_day(t["value"]) if t["type"] == "TIME" else None))
    if date_from:
        entries = [e for e in entries if e.date[: len(date_from)] >= date_from]
    if date_to:
        entries = [e for e in entries if e.date[: len(date_to)] <= date_to]
    if query:
        q = query.lower()
        entries = [e for e in entries if q in e.text.lower()]
    entries.sort(key=order_key)
    return entries[:limit] if limit else entries
