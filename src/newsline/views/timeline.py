"""Timeline entries: events when the store has them, else dated references.

An event entry is one real event merged across articles: its date, its summary (a source
sentence) and every sentence that reports it. A store without events (nothing extracted
yet) falls back to dated references: sentences anchored by a day- or month-precise time
expression, each citing its article. `limit` keeps the N most important dates (the independent sources that tell of the
date, by an event or a time expression referring to it; then its events' importance) and, on
each, its most important event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import BadRequest

CALENDAR = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025, 2025-03 or 2025-03-19)"
# TIMEX3 parts of the day, placed at a representative clock time so they sort among clock times
PART_OF_DAY = {"MO": "08:00", "MI": "12:00", "DT": "12:00", "AF": "15:00", "EV": "19:00", "NI": "22:00"}
CLOCK = re.compile(r"^T(\d{2})(?::(\d{2}))?")
TITLE = 150  # a first paragraph this short is the title line
UNDATED = 0.5  # an event's confidence below this: no mention has a time expression of its own


@dataclass
class Entry:
    date: str
    text: str
    kind: str  # "event" | "reference"
    citations: list[dict] = field(default_factory=list)  # [{article, source, date, sentence, start, end}]
    expression: str | None = None
    time: str | None = None  # time of day from a TIME value: "14:30", or a part of the day ("MO", "NI")
    id: str | None = None  # the event id (events only)
    date_end: str | None = None
    importance: float = 0.0
    sources: int = 0
    entities: list[str] = field(default_factory=list)  # participant names (events only)
    weight: tuple = (0, 0.0)  # the date's weight (date_weights): sources telling of it, its events' importance
    by_report: bool = False  # an event no time expression dates: its date is that of the one report telling it


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
                     query: str | None = None, entity: str | None = None, limit: int | None = None,
                     every: bool = False) -> list[Entry]:
    """The timeline from a newsline/1 object (events; dated references in a store without events);
    `limit` keeps the N most important dates, one entry each. An event dated only by the date of
    the one report that tells it ("most had been found safe", in an article of March 28) is left
    out unless `every` or it is that report's lede: it says when it was reported, not when it
    happened. BadRequest for a
    bound in the wrong form or a reversed range."""
    date_from, date_to = check_range(date_from, date_to)
    if limit is not None and limit < 1:
        raise BadRequest(f"limit must be at least 1, got {limit}")
    articles = {a["id"]: a for a in data["articles"]}
    if data["events"]:
        names = {e["id"]: e["name"] for e in data.get("entities", [])}
        texts = {a["id"]: a.get("text") or "" for a in data["articles"]}
        entries = event_entries(data["events"], articles, timexes=data["timexes"], names=names,
                                lede=None if every else (lambda article, start: in_lede(texts.get(article, ""), start)))
    else:
        entries = reference_entries(data["timexes"], articles)
    weights = date_weights(data)
    for e in entries:
        e.weight = weights.get(e.date, (0, 0.0))
    return filter_entries(entries, date_from=date_from, date_to=date_to, query=query, entity=entity, limit=limit)


def cite(record: dict, articles: dict[str, dict]) -> dict:
    """A citation with the source and date of the article it cites."""
    article = articles.get(record["article"], {})
    return dict(record, source=article.get("source"), date=article.get("date"))


def event_entries(events, articles: dict[str, dict], *, timexes=(), names: dict[str, str] | None = None,
                  lede=None) -> list[Entry]:
    """Dated events, each citing every sentence that reports it, with the time of day its mentions'
    anchoring expressions give ("Wednesday night", "14:30"). `articles`: id -> {source, date}.
    With `lede` (article, start -> is it in the article's lede?), an event dated only by its one
    report's date is kept only where that report tells it in its lede (see `undated`)."""
    clock = {(t["article"], t["text"]): time_of_day(t["value"]) for t in timexes if "T" in t["value"]}
    names = names or {}
    entries = []
    for event in events:
        if not event["date"]:
            continue
        if lede is not None and undated(event) and not any(lede(m["article"], m["start"]) for m in event["mentions"]):
            continue
        citations = sorted((cite(m, articles) for m in event["mentions"]),
                           key=lambda c: (c["date"] or "9999", c["article"]))
        times = [clock.get((m["article"], m.get("anchor"))) for m in event["mentions"]
                 if (m.get("date") or "")[:10] == event["date"][:10]]
        entries.append(Entry(event["date"], event["summary"], "event", citations,
                             time=next((t for t in times if t), None), id=event["id"],
                             date_end=event.get("date_end"), importance=event.get("importance") or 0.0,
                             sources=event.get("sources") or 0,
                             entities=[names.get(e, e) for e in event["entities"]], by_report=undated(event)))
    return entries


def reference_entries(timexes, articles: dict[str, dict]) -> list[Entry]:
    """Dated references from export-shaped timexes (in export order): one per date and sentence."""
    entries: list[Entry] = []
    seen = set()
    for t in timexes:
        if t["type"] not in ("DATE", "TIME") or not CALENDAR.match(t["value"]):
            continue
        date = t["value"][:10]
        key = (date, t["sentence"])
        if key in seen:
            continue
        seen.add(key)
        citation = cite({"article": t["article"], "sentence": t["sentence"], "start": t["start"], "end": t["end"]},
                        articles)
        entries.append(Entry(date, t["sentence"], "reference", [citation], expression=t["text"],
                             time=time_of_day(t["value"]) if t["type"] == "TIME" else None))
    return entries


def filter_entries(entries: list[Entry], *, date_from: str | None = None, date_to: str | None = None,
                   query: str | None = None, entity: str | None = None, limit: int | None = None) -> list[Entry]:
    """The CLI's and the web app's filters: a date prefix range, a case-blind text match, a participant
    (or, for references, a name in the sentence), the N most important dates; in timeline order."""
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
    return sorted(entries, key=order_key)


def undated(event: dict) -> bool:
    """Dated only by its article's date, and told by one source."""
    return (event.get("confidence") or 0.0) < UNDATED and (event.get("sources") or 0) < 2


def in_lede(text: str, start: int) -> bool:
    """Is `start` in the article's first paragraph (after a title line)? What the lede tells is the
    news of the article's day, dated or not ("Netanyahu has declared the start of ...")."""
    paragraphs = text[:start].split("\n\n")
    return len(paragraphs) == 1 or (len(paragraphs) == 2 and len(paragraphs[0]) <= TITLE)


def date_weights(data: dict) -> dict[str, tuple[int, float]]:
    """How important each date is: (independent sources that tell of it, summed importance of its
    events). A source tells of a date when one of its articles reports an event of that date or
    refers to the date by a time expression ("on June 25, when Jackson died"): the days many
    reports come back to are the days that mattered. Sources are outlets, a wire story's copies
    counting once (an article of no known outlet is a source of its own)."""
    source = {a["id"]: a.get("outlet") or a.get("near_duplicate_of") or a["id"] for a in data["articles"]}
    told: dict[str, set] = {}
    importance: dict[str, float] = {}
    for e in data["events"]:
        if not e["date"]:
            continue
        told.setdefault(e["date"], set()).update(source.get(m["article"], m["article"]) for m in e["mentions"])
        importance[e["date"]] = importance.get(e["date"], 0.0) + (e.get("importance") or 0.0)
    for t in data["timexes"]:
        if t["type"] in ("DATE", "TIME") and CALENDAR.match(t["value"]):
            value = t["value"][:10] if DAY.match(t["value"]) else t["value"]
            told.setdefault(value, set()).add(source.get(t["article"], t["article"]))
    return {d: (len(told[d]), round(importance.get(d, 0.0), 6)) for d in told}


def most_important(entries: list[Entry], n: int) -> list[Entry]:
    """The N most important dates (their `weight`, see `date_weights`), each with its top event."""
    by_date: dict[str, list[Entry]] = {}
    for e in entries:
        by_date.setdefault(e.date, []).append(e)
    ranked = sorted(by_date, key=lambda d: (tuple(-w for w in max(e.weight for e in by_date[d])), d))[: max(0, n)]
    return [max(by_date[d], key=lambda e: (e.importance, len(e.citations), e.text)) for d in ranked]


def rank_dates(data: dict, n: int, *, first: str | None = None, last: str | None = None) -> dict[str, list[dict]]:
    """The N most important days between `first` and `last` of a newsline/1 object, each with its
    events, most important first: what a timeline of N dates shows (bench/tls builds on it)."""
    weights = date_weights(data)
    by_date: dict[str, list[dict]] = {}
    for e in data["events"]:
        day = e["date"] or ""
        if len(day) == 10 and (first is None or day >= first) and (last is None or day <= last):
            by_date.setdefault(day, []).append(e)
    ranked = sorted(by_date, key=lambda d: (-weights[d][0], -weights[d][1], d))[: max(0, n)]
    return {d: sorted(by_date[d], key=lambda e: (-e["importance"], e["id"])) for d in ranked}


def sentences_for(events: list[dict], k: int) -> list[str]:
    """Up to k sentences for a date: its events' summaries, most important first, then their other
    sentences (those of the event's own date first), each once."""
    chosen: list[str] = []
    for e in events:
        if len(chosen) >= k:
            break
        if e["summary"] not in chosen:
            chosen.append(e["summary"])
    for e in events:
        others = sorted(e["mentions"], key=lambda m: (m.get("date") != e["date"], -(m.get("confidence") or 0.0)))
        for m in others:
            if len(chosen) >= k:
                return chosen
            if m["sentence"] not in chosen:
                chosen.append(m["sentence"])
    return chosen
