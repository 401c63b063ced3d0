"""Misdated reports: an article whose content predates its stated date, found from other articles.

Evidence (each citing both sides):
- pending_but_done: it reports as still to come (a forecast or plan it gives as standing on its own
  date, not someone's earlier words) what an earlier-dated report gives as done;
- state_ended: it gives as still holding a state ("he would stay") that an earlier-dated report
  says had ended ("resigned");
- stale_figure: it gives as current a figure the series had already moved past (link/figures.py);
  supporting only, with one of the above or a latest reference far before the stated date;
- latest_reference: supporting only: its latest resolvable date, when far before its stated date.

One flag per article (`content_predates_stated_date`) lists all of it and gives the window the
content fits (`content_window`, also in the article's meta); the stated date is never changed.
Re-evaluated for the articles a run touches: new ones, those whose forecasts were re-examined (a new
earlier-dated report can settle them), those named in stale-figure discrepancies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
import json

import numpy as np

from ..nlp.events.dating import calendar
from ..nlp.events.embed import from_blob
from .forecast_index import query_keys, years
from .forecasts import REPEATABLE, STATES, Resolver, standing

KIND = "content_predates_stated_date"
FAR_DAYS = 30  # a latest reference this much older than the stated date supports the flag
MIN_GAP_DAYS, MAX_GAP_DAYS = 2, 90  # a report of it done this long before the stated date (a day is a time zone)
MATCH_SIM, UNNAMED_SIM = 0.4, 0.55
# verbs too common to tie two reports to one occurrence ("is expected to tell jurors" / "told the BBC")
COMMON = {"tell", "speak", "testify", "hear", "see", "agree", "return", "start", "begin", "end", "release", "pay",
          "play", "appear", "attend", "visit", "talk", "call", "ask", "show", "face", "accompany", "question", "cover",
          "work", "continue", "deliver", "send", "die", "win", "lose", "use", "find", "get", "receive"}


def flag_misdated(store, articles: set[str], moved: set[str] | None = None) -> int:
    """Recompute the flag of these articles (the reduce step adds those whose stale-figure
    discrepancies the figures step changed); returns how many carry it and adds to `moved` those
    whose content window changed (their forecasts were made at another time)."""
    if not articles:
        return 0
    resolver = Resolver(store)
    flagged = 0
    updates, problems = [], []
    for article in sorted(articles):
        row = store.scalar("SELECT json_object('date', date, 'date_source', date_source, 'flags', flags, 'meta', meta,"
                           " 'source', source)"
                           " FROM articles WHERE id=? AND current=1", (article,))
        if row is None:
            continue
        a = json.loads(row)
        flags = [f for f in json.loads(a["flags"]) if f.get("kind") != KIND]
        meta = json.loads(a["meta"])
        window = meta.pop("content_date_window", None)
        if a["date"] and a["date_source"] in ("stated", "metadata"):
            try:
                flag = evaluate(store, resolver, article, a["date"], stale_of(store, article))
            except Exception as error:  # one article's odd data must not stop the others' check
                problems.append(Problem(a["source"], f"the misdated check failed ({type(error).__name__}: {error})"))
                flag = None
            if flag is not None:
                flags.append(flag)
                meta["content_date_window"] = flag["content_window"]
                flagged += 1
        if moved is not None and meta.get("content_date_window") != window:
            moved.add(article)
        updates.append((json.dumps(flags, ensure_ascii=False), json.dumps(meta, ensure_ascii=False), article))
    with store.transaction():
        store.db.executemany("UPDATE articles SET flags=?, meta=? WHERE id=?", updates)
    store.record_rejections(problems, kind="warning")
    return flagged


@dataclass
class Problem:
    source: str
    reason: str


def stale_of(store, article: str) -> list[tuple[list, str]]:
    """The stale-figure discrepancies about the article: (items, series), read through the series its
    own claims are in."""
    out = []
    for r in store.query("""SELECT items, series FROM discrepancies WHERE kind='stale_figure' AND series IN
                            (SELECT DISTINCT series FROM claims WHERE article=? AND series IS NOT NULL)
                            ORDER BY id""", (article,)):
        items = json.loads(r["items"])
        if items and items[0]["article"] == article:
            out.append((items, r["series"]))
    return out


def evaluate(store, resolver: Resolver, article: str, stated: str, stale: list) -> dict | None:
    evidence, bounds_hi, bounds_lo = [], [], []
    for f in store.query("""SELECT f.*, s.text AS sentence_text FROM forecasts f
                            LEFT JOIN sentences s ON s.article = f.article AND s.idx = f.sentence
                            WHERE f.article = ? ORDER BY f.start""", (article,)):
        if not standing(dict(f, article_date=stated)):
            continue  # only what the article itself gives as still to come, on its own date
        found = done_before(store, resolver, f, stated)
        if found is None:
            continue
        kind, m, when = found
        evidence.append({
            "kind": kind, "article": article, "sentence": f["sentence_text"] or f["text"], "start": f["start"],
            "end": f["end"], "text": f["text"],
            "against": {"article": m["article"], "sentence": m["sentence_text"] or "", "start": m["start"],
                        "end": m["end"], "date": when, "article_date": m["article_date"]}})
        bounds_hi.append(when)
    for items, series in stale:
        own, old, moved = items[0], items[1], first_move(store, series, items[1], resolver.cache) or items[-1]
        evidence.append({
            "kind": "stale_figure", "article": article, "sentence": own["sentence"] or own["text"],
            "start": own["start"], "end": own["end"], "text": own["anchor"],
            "against": {"article": moved["article"], "sentence": moved["sentence"] or moved["text"],
                        "start": moved["start"], "end": moved["end"], "date": moved["as_of"],
                        "same_as": {"article": old["article"], "sentence": old["sentence"], "date": old["as_of"]}}})
        bounds_lo.append(first_day(old["as_of"]))
        bounds_hi.append(moved["as_of"])
    if not evidence:
        return None
    latest = latest_reference(store, article, stated)
    far = False
    if latest is not None:
        bounds_lo.append(latest[0])
        gap = (dt.date.fromisoformat(stated) - dt.date.fromisoformat(latest[0])).days
        if gap > FAR_DAYS:
            far = True
            evidence.append({"kind": "latest_reference", "article": article, "sentence": latest[1], "date": latest[0],
                             "days_before_stated": gap})
    if not any(e["kind"] in ("pending_but_done", "state_ended") for e in evidence) and not far:
        return None  # a stale figure alone is weak (a series can be misread): it needs an event or an old text
    hi = min(day_before(d) for d in bounds_hi) if bounds_hi else stated
    lo = max(bounds_lo) if bounds_lo else None
    if lo is None or lo > hi:
        lo = min(lo or hi, hi)
    return {"kind": KIND, "reason": reason(stated, lo, hi, evidence), "evidence": evidence,
            "content_window": [lo, hi]}


def done_before(store, resolver: Resolver, f, stated: str):
    """An earlier-dated report that the forecast's outcome had already come about (or, for a state,
    had ended) before `stated`: (kind, the mention, its date) or None. Stricter than settling a
    forecast, since news repeats itself (another hearing, another tribute): the report must use the
    predicted lemma or one listed as realising it, name something the forecast names, be close in
    meaning, come at least two days before the stated date and no more than MAX_GAP_DAYS."""
    lemma = f["trigger"]
    vector = from_blob(f["embedding"])
    entities = resolver.entities(f["article"], json.loads(f["participants"]))
    if lemma in STATES:
        lemmas, kind = resolver.refuting(lemma, json.loads(f["classes"])), "state_ended"
    elif lemma in REPEATABLE or lemma in COMMON:
        return None
    else:
        lemmas, kind = resolver.realising(lemma), "pending_but_done"
    latest = (dt.date.fromisoformat(stated) - dt.timedelta(days=MIN_GAP_DAYS)).isoformat()
    earliest = (dt.date.fromisoformat(stated) - dt.timedelta(days=MAX_GAP_DAYS)).isoformat()
    if not lemmas:
        return None
    words = set(json.loads(f["keywords"]))
    mention_ids, _ = resolver.evidence(query_keys(lemmas, list(words), entities, f["article"], years(earliest, latest)))
    rows = [m for m in resolver.rows("event_mentions", mention_ids)
            if m["lemma"] in lemmas and m["article"] != f["article"] and (m["article_date"] or "9999") < stated]
    rows.sort(key=lambda m: (m["article_date"], m["article"], m["start"]))
    best = None
    for m in rows:
        when = calendar(m["date"] or "")
        if when is None or when.hi.isoformat() > latest or when.lo.isoformat() < earliest:
            continue
        if not resolver.match([f], words, vector, entities, m, need_name=kind == "state_ended"):
            continue
        sim = float(np.dot(vector, from_blob(m["embedding"])))
        if sim < (MATCH_SIM if json.loads(f["subject"]) else UNNAMED_SIM):
            continue  # a forecast that does not say who ("it will launch an appeal") needs a close match
        if best is None or sim > best[0]:
            best = (sim, m, when.lo.isoformat())
    return (kind, best[1], best[2]) if best else None


def first_move(store, series: str | None, old: dict, cache: dict | None = None) -> dict | None:
    """The series' first point after `old` with another value: when the figure the article gives
    stopped being current."""
    if not series:
        return None
    key = (series, old["as_of"], json.dumps(old["value"]))
    if cache is not None and key in cache:
        return cache[key]
    found = _first_move(store, series, old)
    if cache is not None:
        cache[key] = found
    return found


def _first_move(store, series: str, old: dict) -> dict | None:
    rows = store.query("""SELECT c.*, s.text AS sentence FROM claims c JOIN articles a ON a.id = c.article
                          AND a.current = 1 LEFT JOIN sentences s ON s.article = c.article AND s.idx = c.sentence
                          WHERE c.series = ? AND c.as_of > ? AND c.kind = 'level' ORDER BY c.as_of, c.article,
                          c.start""", (series, old["as_of"]))
    for c in rows:
        if json.loads(c["value"]) != old["value"]:
            return {"article": c["article"], "sentence": c["sentence"], "text": c["anchor"], "start": c["start"],
                    "end": c["end"], "as_of": c["as_of"]}
    return None


def latest_reference(store, article: str, stated: str) -> tuple[str, str] | None:
    """The latest day the text refers to, on or before its stated date, and the sentence."""
    best = None
    for t in store.query("""SELECT t.value, s.text FROM timexes t LEFT JOIN sentences s
                            ON s.article = t.article AND s.idx = t.sentence
                            WHERE t.article = ? AND t.type IN ('DATE', 'TIME')""", (article,)):
        value = (t["value"] or "")[:10]
        when = calendar(value)
        if when is None or when.precision != "day" or value > stated:
            continue
        if best is None or value > best[0]:
            best = (value, t["text"] or "")
    return best


def day_before(value: str) -> str:
    """The day before the period a date value names starts ("2010-09" -> 2010-08-31)."""
    when = calendar(value)
    start = when.lo if when is not None else dt.date.fromisoformat(value[:10])
    return (start - dt.timedelta(days=1)).isoformat()


def first_day(value: str) -> str:
    when = calendar(value)
    return when.lo.isoformat() if when is not None else value[:10]


def reason(stated: str, lo: str, hi: str, evidence: list[dict]) -> str:
    parts = []
    for e in evidence:
        if e["kind"] == "pending_but_done":
            parts.append(f"it reports as still to come \"{short(e['text'])}\", which a report dated "
                         f"{e['against']['article_date']} gives as done on {e['against']['date']}")
        elif e["kind"] == "state_ended":
            parts.append(f"it gives as still holding \"{short(e['text'])}\", which a report dated "
                         f"{e['against']['article_date']} says ended on {e['against']['date']}")
        elif e["kind"] == "stale_figure":
            parts.append(f"it gives {e['text']} as current, the figure of {e['against']['same_as']['date']}, which "
                         f"had moved by {e['against']['date']}")
        elif e["kind"] == "latest_reference":
            parts.append(f"its latest date, {e['date']}, is {e['days_before_stated']} days before it")
    window = lo if lo == hi else f"{lo}…{hi}"
    return f"stated {stated}, but its content fits {window}: " + "; ".join(parts)


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
