"""When two event mentions tell of one event, and which event a report belongs to.

Mentions play one of two roles:
- an *event* mention dates a happening with a time expression of its own (or one it hangs
  from): "the spillway collapsed on Wednesday night", "at a hearing on Friday";
- a *report* tells of an event without dating a new one: a sentence dated only by its
  article ("Lawmakers voted 141 to 37 for the package"), or a speech act about something
  ("in a written statement, Orren said ...", "she told lawmakers ...", "the IDF announced the
  raid on Thursday").

Event mentions are joined by a symmetric test (`same_event`, and `same_episode` for the
start and end of one operation, at most EPISODE_DAYS apart); the events are the connected components. A report never
joins two events: it is attached to the one event mention that suits it best (`host_score`),
or stands alone, so a vague sentence cannot chain two days together. Every test reads only
the two mentions, so the outcome does not depend on the order they arrive in.
"""

from __future__ import annotations

import datetime as dt
import json

from ..nlp.events.dating import calendar
from ..nlp.events.embed import from_blob

NEAR_DAYS = 1  # a mention dated only by its article may report something of the day before
FAR_DAYS = 30  # ... or, with strong evidence, of the weeks before
SPEECH_DAYS = 2  # an announcement or statement about an event, made up to two days after it
EPISODE_DAYS = 730  # the end of an operation, a campaign, a war this long after its start at most
CONFIDENT = 0.5
LEDE_SIMILARITY = 0.25  # an undated detail about something else entirely stays apart ("dock workers marched")
SAME_ARTICLE = 1.0  # a report's own article is where its event is told first: that host wins
START_PHASES = {"begin", "start", "launch", "open", "commence", "resume"}
END_PHASES = {"end", "finish", "conclude", "complete", "stop", "cease", "halt"}
# speech that tells of something rather than being the news: what it is about is the event
REPORT_LEMMAS = {"announce", "announcement", "deny", "reveal", "disclose", "admit", "acknowledge", "testify",
                 "statement", "concede"}
THEME = "of:"  # class label naming what a start or end is of ("of:operation")


def bucket(row) -> tuple[str, int | None]:
    """('d', ordinal) for a day, ('p', None) for a coarser period, ('x', None) without a date."""
    when = calendar(row["date"] or "")
    if when is None:
        return "x", None
    if when.precision != "day":
        return "p", None
    return "d", when.lo.toordinal()


def role(row) -> str:
    """"report" for a mention dated only by its article or by the time an earlier sentence of its
    paragraph was about ("carried:"), or a speech act about something; else "event"."""
    if row["confidence"] < CONFIDENT or row["lemma"] in REPORT_LEMMAS or (row["anchor"] or "").startswith("carried:"):
        return "report"
    if row["lemma"] in START_PHASES and row["precision"] in ("week", "month"):
        return "report"  # "since the war began earlier this month": a reference to its first event
    return "event"


def period(row) -> tuple[int, int] | None:
    when = calendar(row["date"] or "")
    return (when.lo.toordinal(), when.hi.toordinal()) if when else None


def labels(f: dict) -> list[str]:
    return [f"c:{c}" for c in sorted(f["classes"])] + [f"e:{e}" for e in sorted(f["entities"])]


def own_keys(f: dict) -> list[str]:
    """The keys a mention is filed under in `event_keys`."""
    kind, day = f["bucket"]
    if kind == "x":
        return []
    if f["role"] == "report":
        base = f"r{day}" if kind == "d" else f"rp{f['date']}"
    else:
        base = f"d{day}" if kind == "d" else f"p{f['date']}"
    keys = [f"{base}|{label}" for label in labels(f)]
    if f["role"] == "event" and f["lemma"] in START_PHASES | END_PHASES and kind == "d":
        keys += episode_keys(f, [dt.date.fromordinal(day).year])
    return keys


def episode_keys(f: dict, years: list[int]) -> list[str]:
    """A start or end of something ("of:operation"), by year (store migration 18: without the year,
    every start of an operation met every end of one the store held, over decades)."""
    return [f"ep|{c}@{y}" for c in sorted(f["classes"]) if c.startswith(THEME) for y in years]


def episode_years(f: dict) -> list[int]:
    """The years its other end may be filed under: a start looks ahead, an end back (EPISODE_DAYS)."""
    day = f["bucket"][1]
    lo, hi = (day, day + EPISODE_DAYS) if f["lemma"] in START_PHASES else (day - EPISODE_DAYS, day)
    return list(range(dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year + 1))


def query_keys(f: dict) -> list[str]:
    """The keys under which every mention the tests below could accept for this one is filed."""
    kind, day = f["bucket"]
    if kind == "x":
        return []
    if f["role"] == "report":
        if kind == "d":
            bases = [f"d{day - k}" for k in range(0, FAR_DAYS + 1)]
        else:
            lo, hi = period(f)
            bases = [f"d{d}" for d in range(lo, hi + 1)] if hi - lo <= 31 else []
    elif kind == "d":
        when = dt.date.fromordinal(day)
        year, week, _ = when.isocalendar()
        bases = [f"d{day}"] + [f"r{day + k}" for k in range(0, FAR_DAYS + 1)] + [
            f"rp{year:04d}-W{week:02d}", f"rp{when.year:04d}-{when.month:02d}"]
    else:
        bases = [f"p{f['date']}"]
    keys = [f"{b}|{label}" for b in bases for label in labels(f)]
    if f["role"] == "event" and f["lemma"] in START_PHASES | END_PHASES and kind == "d":
        keys += episode_keys(f, episode_years(f))
    return keys


def features(row, entities: list[str], actors: set[str]) -> dict:  # actors: the agents' entity ids
    """What the tests read of a stored mention row."""
    return {
        "id": row["id"], "article": row["article"], "date": row["date"], "bucket": bucket(row),
        "lemma": row["lemma"], "sentence": row["sentence"], "confidence": row["confidence"],
        "classes": frozenset(json.loads(row["classes"])), "entities": frozenset(entities),
        "actors": frozenset(actors), "vector": from_blob(row["embedding"]),
        "event": row["event"], "row": row, "role": role(row), "days": days_of(row, bucket(row)),
    }


def days_of(row, kind_day: tuple[str, int | None]) -> tuple[int, int] | None:
    """A day mention's first and last day (its date to its date_end, a week at most)."""
    if kind_day[0] != "d":
        return None
    end = calendar(row["date_end"] or "")
    last = end.hi.toordinal() if end else kind_day[1]
    return kind_day[1], max(kind_day[1], min(last, kind_day[1] + 7))


def overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b) and a[0] <= b[1] and b[0] <= a[1]


def similarity(a: dict, b: dict) -> float:
    return round(float(a["vector"] @ b["vector"]), 6)


def evidence(a: dict, b: dict, sim: float) -> bool:
    """Enough in common for two mentions of compatible dates: the bar falls as more agrees."""
    shared_class = bool(a["classes"] & b["classes"])
    shared_entity = bool(a["entities"] & b["entities"])
    return (sim >= 0.8 or (shared_class and sim >= 0.45) or (shared_class and shared_entity and sim >= 0.35)
            or (shared_entity and sim >= 0.65))


def same_event(a: dict, b: dict) -> bool:
    """Symmetric, for two event mentions: the same happening on the same date?"""
    if a["role"] != "event" or b["role"] != "event":
        return False
    if not (a["classes"] & b["classes"] or a["entities"] & b["entities"]):
        return False
    ka, kb = a["bucket"], b["bucket"]
    same_article = a["article"] == b["article"]
    if ka[0] == "x" or ka[0] != kb[0] or (ka[0] == "p" and a["date"] != b["date"]):
        return False
    if ka != kb and not (same_article and overlap(a["days"], b["days"])):
        return False  # another day, unless its own article tells one episode over both
    sim = similarity(a, b)
    if a["actors"] and b["actors"] and not a["actors"] & b["actors"] and sim < 0.6:
        return False  # Hamas's offensive and Israel's airstrikes on one day: two events
    if same_article and sim >= 0.2 and (a["actors"] & b["actors"] or (ka != kb and a["entities"] & b["entities"])):
        return True  # one article, the same actor (or, across the days of one episode, the same participant)
    if a["classes"] & b["classes"] and (a["lemma"] == b["lemma"] or same_article):
        # "collapsed on March 12" twice: the same word on the same day, about the same things
        return sim >= (0.2 if a["entities"] & b["entities"] or a["article"] == b["article"] else 0.35)
    return evidence(a, b, sim)


def same_episode(a: dict, b: dict) -> bool:
    """Symmetric: the start and the end of one thing ("the operation began on March 13", "the army
    ended its relief operation on Monday"), told in one article or by the same actors."""
    if a["role"] != "event" or b["role"] != "event" or a["bucket"][0] != "d" or b["bucket"][0] != "d":
        return False
    start, end = (a, b) if a["lemma"] in START_PHASES else (b, a)
    if start["lemma"] not in START_PHASES or end["lemma"] not in END_PHASES:
        return False
    themes = {c for c in start["classes"] if c.startswith(THEME)} & end["classes"]
    if not themes or not 0 <= end["bucket"][1] - start["bucket"][1] <= EPISODE_DAYS:
        return False
    return start["article"] == end["article"] or bool(start["actors"] & end["actors"]) or similarity(a, b) >= 0.6


def host_score(report: dict, event: dict) -> float | None:
    """How well `event` (an event mention) suits `report` as the event it tells of; None if not.
    A report may come after its event (an announcement the next day, an article's undated
    details of the day before), never before it. In the report's own article a shared class,
    actor or a fair similarity is enough, and that article's events win over other articles'."""
    if report["role"] != "report" or event["role"] != "event":
        return None
    if event["bucket"][0] != "d" and not (report["row"]["anchor"] or "").startswith("carried:"):
        return None
    kind, day = report["bucket"]
    if kind == "x":
        return None
    sim = similarity(report, event)
    if (report["row"]["anchor"] or "").startswith("carried:"):  # the sentence it was carried from
        return SAME_ARTICLE + sim if report["article"] == event["article"] and report["date"] == event["date"] else None
    shared_class = bool(report["classes"] & event["classes"])
    shared_actor = bool(report["actors"] & event["actors"])
    if kind == "p":  # "told lawmakers last week": an event inside that week
        lo, hi = period(report)
        if not lo <= event["bucket"][1] <= hi or not shared_class:
            return None
        if report["lemma"] in START_PHASES:  # "the war began earlier this month": its first event
            return SAME_ARTICLE * (report["article"] == event["article"]) + 1.0 - (event["bucket"][1] - lo) / (hi - lo + 1)
        return sim if shared_actor or sim >= 0.6 else None
    gap = day - event["bucket"][1]
    if gap < 0:
        return None
    near = NEAR_DAYS if report["confidence"] < CONFIDENT else SPEECH_DAYS
    if report["article"] == event["article"] and gap <= near:
        if shared_class or shared_actor or sim >= 0.6:
            return SAME_ARTICLE + sim
        return None
    if gap <= near:
        return sim if evidence(report, event, sim) else None
    if report["confidence"] < CONFIDENT and gap <= FAR_DAYS and shared_class and (
            (report["lemma"] == event["lemma"] and shared_actor and sim >= 0.5)
            or (report["entities"] & event["entities"] and sim >= 0.8)):
        return sim  # "in her televised address, Korvath had predicted ...": the same occasion, named again
    return None


def lede_score(report: dict, event: dict) -> float | None:
    """A weak host for a report dated only by its article: an event mention of its own article,
    of that day or the day before (`lede_of` picks the article's first). Any host with real
    evidence scores higher."""
    if report["role"] != "report" or event["role"] != "event" or report["article"] != event["article"]:
        return None
    if "speech" in report["classes"]:
        return None  # a statement is about something of its own: it needs evidence of which event
    if report["bucket"][0] != "d" or event["bucket"][0] != "d":
        return None
    if not 0 <= report["bucket"][1] - event["bucket"][1] <= NEAR_DAYS:
        return None
    sim = similarity(report, event)
    return round(0.5 * sim, 6) if sim >= LEDE_SIMILARITY else None


def nested(a: str | None, b: str | None) -> bool:
    """One date's period holds the other's (2011 and March 2011), and they are not the same."""
    pa, pb = calendar(a or ""), calendar(b or "")
    if pa is None or pb is None or a == b:
        return False
    return (pa.lo <= pb.lo and pb.hi <= pa.hi) or (pb.lo <= pa.lo and pa.hi <= pb.hi)
