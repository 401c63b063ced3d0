"""The record, one page at a time: SQL per route, records shaped by the export's own
row functions (export/build.py), so every field name is the `newsline/1` one.

Building the whole export per request would cost seconds on a store of 10,000 articles;
these queries read only the page asked for (and its total). The two summaries that need a
pass over the store (the timeline and the entity ranking) are cached per store generation
by the caller (WebState.cached).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..export.build import (article_dict, citation_dict, claim_dict, discrepancy_dict, entity_dict, event_dict,
                            forecast_dict, mention_dict, quote_dict, restated, timex_dict)
from ..store.sqlite import SQLiteStore
from ..views.timeline import (Entry, date_weights, event_entries, filter_entries, in_lede, order_key,
                              reference_entries)

ARTICLE_ORDER = "COALESCE(a.date, '9999'), a.source, a.id"


def page(name: str, items: list, total: int, limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """A slice of one export array under its export name, with the total that matched."""
    return {"total": total, "limit": limit, "offset": offset, **extra, name: items}


class Where:
    """WHERE clauses and their parameters, built up filter by filter."""

    def __init__(self, *clauses: str):
        self.clauses = list(clauses)
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def dates(self, column: str, date_from: str | None, date_to: str | None) -> None:
        """The CLI's date filter: a YYYY, YYYY-MM or YYYY-MM-DD prefix range (bounds validated by the route)."""
        if date_from:
            self.add(f"substr({column}, 1, {len(date_from)}) >= ?", date_from)
        if date_to:
            self.add(f"substr({column}, 1, {len(date_to)}) <= ?", date_to)

    def like(self, columns: list[str], text: str | None) -> None:
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            self.add("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")", *[pattern] * len(columns))

    @property
    def sql(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def fts_expression(store: SQLiteStore, query: str) -> str:
    """The user's FTS5 query, or the words as one phrase when it is not valid FTS5 syntax (as the CLI does)."""
    try:
        store.query("SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT 1", (query,))
        return query
    except sqlite3.OperationalError:
        return '"' + query.replace('"', '""') + '"'


def sentence_texts(store: SQLiteStore, keys: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    by_article: dict[str, list[int]] = {}
    for article, idx in keys:
        by_article.setdefault(article, []).append(idx)
    for article, idxs in by_article.items():
        marks = ",".join("?" * len(idxs))
        for r in store.query(f"SELECT idx, text FROM sentences WHERE article=? AND idx IN ({marks})", (article, *idxs)):
            out[(article, r["idx"])] = r["text"]
    return out


def also_at(store: SQLiteStore, ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for r in store.query(f"SELECT * FROM article_sources WHERE article IN ({marks}) ORDER BY seen_at, source", ids):
            out[r["article"]].append({"source": r["source"], "outlet": r["outlet"], "stated_date": r["stated_date"]})
    return out


# -- articles -------------------------------------------------------------------------------

@dataclass
class ArticleIndex:
    """Current articles in the export's order, with what the cheap filters need (cached per generation:
    sorting 10,000 rows that carry their text costs more than the page itself)."""

    ids: list[str]
    dates: list[str | None]
    flagged: list[bool]
    replaced: bool  # some article was replaced by a later revision (its events' citations are not shown)
    stale_sentences: list[int] = field(default_factory=list)  # the replaced revisions' sentences (search skips them)


def article_index(store: SQLiteStore) -> ArticleIndex:
    rows = store.query(f"SELECT a.id, a.date, a.flags != '[]' FROM articles a WHERE a.current = 1 ORDER BY {ARTICLE_ORDER}")
    replaced = bool(store.scalar("SELECT EXISTS (SELECT 1 FROM articles WHERE current = 0)"))
    return ArticleIndex([r[0] for r in rows], [r[1] for r in rows], [bool(r[2]) for r in rows], replaced,
                        stale_sentences(store) if replaced else [])


def stale_sentences(store: SQLiteStore) -> list[int]:
    """Ids of the sentences of replaced revisions: still in the full-text index, never a search hit."""
    return [r[0] for r in store.query(
        "SELECT s.id FROM articles a JOIN sentences s ON s.article = a.id WHERE a.current = 0 ORDER BY s.id")]


def in_range(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """The CLI's prefix range on one date (an undated article is outside any range)."""
    if date_from and (date is None or date[: len(date_from)] < date_from):
        return False
    if date_to and (date is None or date[: len(date_to)] > date_to):
        return False
    return True


def articles(store: SQLiteStore, index: ArticleIndex, *, date_from=None, date_to=None, q=None, entity=None,
             flagged=False, limit=50, offset=0) -> dict[str, Any]:
    keep: set[str] | None = None
    if q:
        keep = {r[0] for r in store.query(
            "SELECT DISTINCT s.article FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
            " WHERE sentences_fts MATCH ?", (fts_expression(store, q),))}
    if entity:
        named = {r[0] for r in store.query("SELECT DISTINCT article FROM mentions WHERE entity = ?", (entity,))}
        keep = named if keep is None else keep & named
    chosen = [i for i, date, flag in zip(index.ids, index.dates, index.flagged)
              if (keep is None or i in keep) and (not flagged or flag) and in_range(date, date_from, date_to)]
    window = chosen[offset: offset + limit]
    rows = {}
    if window:
        marks = ",".join("?" * len(window))
        rows = {r["id"]: r for r in store.query(f"SELECT * FROM articles WHERE id IN ({marks})", window)}
    extra = also_at(store, window)
    items = [dict(article_dict(rows[i]), also_at=extra[i]) for i in window]
    return page("articles", items, len(chosen), limit, offset)


def disputes_by_article(store: SQLiteStore) -> dict[str, list[dict]]:
    """article id -> the discrepancies citing it, in the export's order (cached per generation: one
    rank given in 2,000 reports is one row whose items a per-request scan would decode every time)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in store.query("SELECT * FROM discrepancies ORDER BY kind, series, description, id"):
        record = discrepancy_dict(r)
        for article in dict.fromkeys(i.get("article") for i in record["items"] if isinstance(i, dict)):
            out[article].append(record)
    return out


def article(store: SQLiteStore, article_id: str, disputes: dict[str, list[dict]] | None = None
            ) -> dict[str, Any] | None:
    """One article with its text, sentences and every annotation with its span, the events it reports
    and the discrepancies citing it (`disputes`: disputes_by_article, when cached)."""
    row = store.query("SELECT * FROM articles WHERE id = ?", (article_id,))
    if not row:
        return None
    row = row[0]
    out = dict(article_dict(row), also_at=also_at(store, [article_id])[article_id])
    out["current"] = bool(row["current"])
    out["text"] = row["text"]
    sentences = {r["idx"]: r["text"] for r in store.query(
        "SELECT idx, text FROM sentences WHERE article = ? ORDER BY idx", (article_id,))}
    out["sentences"] = [dict(r) for r in store.query(
        'SELECT idx, start, "end", text FROM sentences WHERE article = ? ORDER BY idx', (article_id,))]
    out["timexes"] = [timex_dict(r, sentences.get(r["sentence"], "")) for r in store.query(
        "SELECT * FROM timexes WHERE article = ? ORDER BY start", (article_id,))]
    out["mentions"] = [dict(mention_dict(r), entity=r["entity"]) for r in store.query(
        "SELECT * FROM mentions WHERE article = ? ORDER BY start", (article_id,))]
    out["quotes"] = [quote_dict(r, sentences.get(r["sentence"], "")) for r in store.query(
        "SELECT * FROM quotes WHERE article = ? ORDER BY start", (article_id,))]
    out["claims"] = [claim_dict(r, sentences.get(r["sentence"], "")) for r in store.query(
        "SELECT * FROM claims WHERE article = ? ORDER BY start", (article_id,))]
    rows = store.query("SELECT * FROM forecasts WHERE article = ? ORDER BY start", (article_id,))
    first = restated(store, rows)
    out["forecasts"] = [forecast_dict(r, sentences.get(r["sentence"], ""), first.get(r["restates"])) for r in rows]
    event_ids = [r[0] for r in store.query(
        "SELECT DISTINCT event FROM event_mentions WHERE article = ? AND event IS NOT NULL", (article_id,))]
    cites = event_mentions(store, event_ids, article=article_id)
    rows = {r["id"]: r for r in store.query(
        f"SELECT * FROM events WHERE id IN ({','.join('?' * len(event_ids))})", event_ids)} if event_ids else {}
    out["events"] = sorted((event_dict(rows[i], cites[i]) for i in event_ids if cites.get(i)),
                           key=lambda e: (e["date"] or "9999", e["id"]))
    out["discrepancies"] = (disputes_by_article(store) if disputes is None else disputes).get(article_id, [])
    return out


# -- events ---------------------------------------------------------------------------------

CURRENT_MENTION = ("EXISTS (SELECT 1 FROM event_mentions em JOIN articles a ON a.id = em.article"
                   " WHERE em.event = e.id AND a.current = 1)")


CITATION_COLUMNS = ('em.event, em.article, em.sentence, em.start, em."end", em.trigger, em.trigger_start, em.date,'
                    ' em.precision, em.confidence, em.anchor, s.text AS sentence_text')  # not the embedding


def event_mentions(store: SQLiteStore, event_ids: list[str], article: str | None = None) -> dict[str, list[dict]]:
    """The citations of each event as the export has them: mentions in current articles, in the
    export's article order (date, source, id), then by position; only `article`'s (any revision)
    when given, as `newsline show` narrows them."""
    out: dict[str, list[dict]] = {i: [] for i in event_ids}
    if not event_ids:
        return out
    only = " AND em.article = ?" if article else " AND a.current = 1"  # an old revision still shows its own
    rows = store.query(f"SELECT {CITATION_COLUMNS} FROM event_mentions em JOIN articles a ON a.id = em.article"
                       f" LEFT JOIN sentences s ON s.article = em.article AND s.idx = em.sentence"
                       f" WHERE em.event IN ({','.join('?' * len(event_ids))}){only}"
                       f" ORDER BY {ARTICLE_ORDER}, em.start, em.trigger_start",
                       (*event_ids, *([article] if article else [])))
    for r in rows:
        out[r["event"]].append(citation_dict(r, r["sentence_text"] or ""))
    return out


def all_event_mentions(store: SQLiteStore, order: dict[str, int]) -> dict[str, list[dict]]:
    """event_mentions for every event at once; `order`: current article id -> its place in the
    export's order (ArticleIndex), so the sort needs no join (a store of 10,000 articles has 70,000)."""
    rows = store.query(f"SELECT {CITATION_COLUMNS} FROM event_mentions em"
                       " LEFT JOIN sentences s ON s.article = em.article AND s.idx = em.sentence"
                       " WHERE em.event IS NOT NULL")
    rows = sorted((r for r in rows if r["article"] in order),
                  key=lambda r: (order[r["article"]], r["start"], r["trigger_start"]))
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r["event"]].append(citation_dict(r, r["sentence_text"] or ""))
    return out


def events(store: SQLiteStore, *, date_from=None, date_to=None, entity=None, q=None, limit=50, offset=0,
           replaced: bool = True, citations: dict[str, list[dict]] | None = None, mentions: int | None = None):
    """Events as exported (by date, then id), each with its citing sentences. `replaced`: some article
    has a later revision, so an event whose every citation is superseded must be left out (as the
    export does); without replaced revisions that check is skipped. `citations`: every dated event's
    citations (TimelineIndex.citations, cached), read instead of the tables where they hold the event.
    `mentions`: at most this many citations an event (the first in the export's order), each event
    then saying how many it has (`mention_count`): an event of a big story is told thousands of times."""
    where = Where()
    if replaced:
        where.add(CURRENT_MENTION)
    where.dates("e.date", date_from, date_to)
    if entity:
        where.add("EXISTS (SELECT 1 FROM json_each(e.entities) WHERE json_each.value = ?)", entity)
    where.like(["e.summary"], q)
    total = store.scalar(f"SELECT COUNT(*) FROM events e {where.sql}", where.params)
    rows = store.query(f"SELECT * FROM events e {where.sql} ORDER BY COALESCE(e.date, '9999'), e.id LIMIT ? OFFSET ?",
                       (*where.params, limit, offset))
    known = citations or {}
    cites = event_mentions(store, [r["id"] for r in rows if r["id"] not in known])
    items = []
    for r in rows:
        every = known[r["id"]] if r["id"] in known else cites[r["id"]]
        if mentions is None:
            items.append(event_dict(r, every))
        else:
            items.append(dict(event_dict(r, every[:mentions]), mention_count=len(every)))
    return page("events", items, total, limit, offset)


def event(store: SQLiteStore, event_id: str) -> dict[str, Any] | None:
    """One event as exported, with every citing sentence, and its participants' names."""
    rows = store.query("SELECT * FROM events WHERE id = ?", (event_id,))
    if not rows:
        return None
    cites = event_mentions(store, [event_id])[event_id]
    if not cites:
        return None  # every report of it was replaced by a later revision
    out = event_dict(rows[0], cites)
    out["entity_names"] = entity_names(store, set(out["entities"]))
    return out


# -- entities -------------------------------------------------------------------------------

@dataclass
class RankedEntity:
    id: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    article_count: int


def entity_ranking(store: SQLiteStore) -> list[RankedEntity]:
    """Entities with mentions in current articles, most mentioned first (the export's order)."""
    counts = {r[0]: (r[1], r[2]) for r in store.query(
        "SELECT m.entity, COUNT(*), COUNT(DISTINCT m.article) FROM mentions m JOIN articles a ON a.id = m.article"
        " WHERE a.current = 1 AND m.entity IS NOT NULL GROUP BY m.entity")}
    ranked = [RankedEntity(r["id"], r["name"], r["type"], json.loads(r["aliases"]), *counts[r["id"]])
              for r in store.query("SELECT id, name, type, aliases FROM entities") if r["id"] in counts]
    ranked.sort(key=lambda e: (-e.mention_count, e.name, e.id))  # the export's order
    return ranked


def entities(store: SQLiteStore, ranking: list[RankedEntity], *, q=None, type=None, with_mentions=False,
             limit=50, offset=0):
    """Entities as exported; `mentions` only when asked (a name in 10,000 articles has tens of thousands)."""
    chosen = ranking
    if type:
        chosen = [e for e in chosen if e.type == type]
    if q:
        needle = q.casefold()
        chosen = [e for e in chosen if needle in e.name.casefold() or any(needle in a.casefold() for a in e.aliases)]
    window = chosen[offset: offset + limit]
    rows = {}
    if window:
        marks = ",".join("?" * len(window))
        rows = {r["id"]: r for r in store.query(f"SELECT * FROM entities WHERE id IN ({marks})", [e.id for e in window])}
    items = []
    for e in window:
        record = entity_dict(rows[e.id], entity_mentions(store, e.id) if with_mentions else [])
        if not with_mentions:
            del record["mentions"]
        record.update(mention_count=e.mention_count, article_count=e.article_count)
        items.append(record)
    return page("entities", items, len(chosen), limit, offset)


def entity_mentions(store: SQLiteStore, entity_id: str) -> list[dict]:
    return [mention_dict(r) for r in store.query(
        f"SELECT m.* FROM mentions m JOIN articles a ON a.id = m.article WHERE m.entity = ? AND a.current = 1"
        f" ORDER BY {ARTICLE_ORDER}, m.start", (entity_id,))]


def entity(store: SQLiteStore, entity_id: str, citations: dict[str, list[dict]] | None = None,
           event_mentions_shown: int | None = None) -> dict[str, Any] | None:
    """One entity as exported, plus the articles it appears in, what it said and the events it is in
    (`citations`, `event_mentions_shown`: as `events` takes them)."""
    rows = store.query("SELECT * FROM entities WHERE id = ?", (entity_id,))
    if not rows:
        return None
    out = entity_dict(rows[0], entity_mentions(store, entity_id))
    out["articles"] = [dict(r) for r in store.query(
        f"SELECT a.id, a.title, a.source, a.date, a.outlet, COUNT(*) AS mentions FROM mentions m"
        f" JOIN articles a ON a.id = m.article WHERE m.entity = ? AND a.current = 1 GROUP BY a.id"
        f" ORDER BY {ARTICLE_ORDER}", (entity_id,))]
    out["quotes"] = quotes(store, entity=entity_id, limit=500)["quotes"]
    out["events"] = events(store, entity=entity_id, limit=500, citations=citations,
                           mentions=event_mentions_shown)["events"]
    return out


def entity_names(store: SQLiteStore, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r["id"]: r["name"] for r in store.query(f"SELECT id, name FROM entities WHERE id IN ({marks})", list(ids))}


# -- quotes, claims, forecasts, discrepancies ------------------------------------------------

def page_of(store: SQLiteStore, table: str, where: Where, limit: int, offset: int) -> tuple[int, list]:
    """The total and a page of a per-article table's rows (alias x, in the export's order) in current
    articles, each with its sentence's text as `sentence_text`."""
    base = (f"FROM {table} x JOIN articles a ON a.id = x.article"
            f" LEFT JOIN sentences s ON s.article = x.article AND s.idx = x.sentence {where.sql}")
    total = store.scalar(f"SELECT COUNT(*) {base}", where.params)
    rows = store.query(f"SELECT x.*, s.text AS sentence_text {base} ORDER BY {ARTICLE_ORDER}, x.start LIMIT ? OFFSET ?",
                       (*where.params, limit, offset))
    return total, rows


def quotes(store: SQLiteStore, *, entity=None, q=None, kind=None, article=None, date_from=None, date_to=None,
           limit=50, offset=0):
    where = Where("a.current = 1")
    if entity:
        where.add("x.speaker_id = ?", entity)
    if kind:
        where.add("x.kind = ?", kind)
    if article:
        where.add("x.article = ?", article)
    where.dates("a.date", date_from, date_to)
    where.like(["x.text", "x.speaker"], q)
    total, rows = page_of(store, "quotes", where, limit, offset)
    return page("quotes", [quote_dict(r, r["sentence_text"] or "") for r in rows], total, limit, offset)


def claims(store: SQLiteStore, *, q=None, article=None, date_from=None, date_to=None, limit=50, offset=0):
    where = Where("a.current = 1")
    if article:
        where.add("x.article = ?", article)
    where.dates("COALESCE(x.as_of, a.date)", date_from, date_to)
    where.like(["x.what", "x.anchor", "s.text"], q)
    total, rows = page_of(store, "claims", where, limit, offset)
    return page("claims", [claim_dict(r, r["sentence_text"] or "") for r in rows], total, limit, offset)


def forecasts(store: SQLiteStore, *, status=None, q=None, holder=None, date_from=None, date_to=None,
              limit=50, offset=0):
    where = Where("a.current = 1")
    if status:
        where.add("x.status = ?", status)
    if holder:
        where.add("x.holder = ?", holder)
    where.dates("a.date", date_from, date_to)
    where.like(["x.text", "x.holder"], q)
    total, rows = page_of(store, "forecasts", where, limit, offset)
    first = restated(store, rows)
    return page("forecasts", [forecast_dict(r, r["sentence_text"] or "", first.get(r["restates"])) for r in rows],
                total, limit, offset)


def discrepancies(store: SQLiteStore, *, kind=None, entity=None, series=None, limit=50, offset=0):
    """Discrepancies in the export's order (kind, series, description)."""
    where = Where()
    if kind:
        where.add("kind = ?", kind)
    if entity:
        where.add("entity = ?", entity)
    if series:
        where.add("series = ?", series)
    total = store.scalar(f"SELECT COUNT(*) FROM discrepancies {where.sql}", where.params)
    rows = store.query(f"SELECT * FROM discrepancies {where.sql} ORDER BY kind, series, description, id"
                       " LIMIT ? OFFSET ?", (*where.params, limit, offset))
    return page("discrepancies", [discrepancy_dict(r) for r in rows], total, limit, offset)


# -- search ---------------------------------------------------------------------------------

SEARCH_RANKED = 5_000  # matches a search ranks at most (see search)
# The page's rows with their snippets. FTS5 takes `rowid IN (...)` as one seek per id, each across every
# segment of the index (6 ms for 20 ids on the bench store); a rowid range it scans in one pass, and the
# unary + leaves the IN to SQLite as a plain filter on that range (0.5 ms).
HIT_DETAILS = """SELECT s.id, s.article, s.idx, s.start, s."end", s.text, a.source, a.title, a.date,
    snippet(sentences_fts, 0, char(2), char(3), '…', 12) AS snippet
    FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid JOIN articles a ON a.id = s.article
    WHERE sentences_fts MATCH ? AND sentences_fts.rowid BETWEEN ? AND ? AND +sentences_fts.rowid IN ({marks})"""


def search(store: SQLiteStore, q: str, *, stale: list[int] | None = None, limit=20, offset=0,
           rank_at_most: int | None = None) -> dict[str, Any]:
    """Sentences matching `q` (FTS5), best first (bm25, as the CLI's rank); `snippet` marks the matched
    words with « » (as the CLI). `total` counts every match in current articles (counting is cheap);
    `ranked` says how many were ranked: every match up to `rank_at_most` (SEARCH_RANKED), past that the
    `rank_at_most` stored most recently, and the pages end there. bm25 costs about 1.5 µs a match: the
    story's own words match 13,000 to 23,000 sentences of a store of 10,000 articles (20 to 35 ms a
    request, and the whole sort again for every page). `stale`: the sentences of replaced revisions
    (ArticleIndex.stale_sentences; read from the store when not given), left out without joining every
    match to its article (which cost more than the ranking)."""
    match = fts_expression(store, q)
    rank_at_most = SEARCH_RANKED if rank_at_most is None else rank_at_most
    if stale is None:
        stale = stale_sentences(store)
    skip, skipped = ("", ()) if not stale else (" AND rowid NOT IN (SELECT value FROM json_each(?))",
                                                 (json.dumps(stale),))
    matches = f"FROM sentences_fts WHERE sentences_fts MATCH ?{skip}"
    total = store.scalar(f"SELECT COUNT(*) {matches}", (match, *skipped))
    floor = 0  # the oldest sentence id ranked
    if total > rank_at_most:
        floor = store.scalar(f"SELECT rowid {matches} ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                             (match, *skipped, rank_at_most - 1))
    ranked = min(total, rank_at_most)
    shown = max(0, min(limit, ranked - offset))
    ids = [r[0] for r in store.query(f"SELECT rowid {matches} AND rowid >= ? ORDER BY bm25(sentences_fts), rowid"
                                     " LIMIT ? OFFSET ?", (match, *skipped, floor, shown, offset))] if shown else []
    rows = {}
    if ids:
        rows = {r["id"]: r for r in store.query(HIT_DETAILS.format(marks=",".join("?" * len(ids))),
                                                (match, min(ids), max(ids), *ids))}
    hits = []
    for i in ids:
        hit = {k: rows[i][k] for k in ("article", "idx", "start", "end", "text", "source", "title", "date", "snippet")}
        hit["marked"] = hit["snippet"]
        hit["snippet"] = hit["snippet"].replace("\x02", "«").replace("\x03", "»")
        hits.append(hit)
    return page("hits", hits, total, limit, offset, q=q, ranked=ranked)


# -- timeline -------------------------------------------------------------------------------

@dataclass
class TimelineIndex:
    """Every timeline entry of the store in timeline order, with what the entity filter needs."""

    kind: str  # "event" | "reference"
    entries: list[Entry]
    participants: dict[str, tuple[str, ...]]  # event id -> its entity ids (Entry.entities has the names)
    sentences: list[tuple[str, int]]  # references: (article, sentence index)
    citations: dict[str, list[dict]] = field(default_factory=dict)  # event id -> its export citations
    # the timeline page's rendered entries (pages.rendered_entries): they live as long as this index
    rendered: dict[int, tuple[Entry, Any]] = field(default_factory=dict, repr=False, compare=False)


def timeline_index(store: SQLiteStore, names: dict[str, str], order: dict[str, int]) -> TimelineIndex:
    """Events when the store has them, else dated references: the entries `newsline timeline`
    prints, in its order (views/timeline.py). `names`: entity id -> name, for the entities with
    mentions in current articles (the export's entities); `order`: current article id -> place."""
    articles = {r[0]: {"source": r[1], "date": r[2]}
                for r in store.query("SELECT id, source, date FROM articles WHERE current = 1")}
    if store.scalar("SELECT 1 FROM events LIMIT 1"):
        rows = store.query("SELECT * FROM events WHERE date IS NOT NULL ORDER BY date, id")
        cites = all_event_mentions(store, order)
        records = [event_dict(r, cites[r["id"]]) for r in rows if cites.get(r["id"])]
        clocks = store.query(  # the time of day of an event comes from its anchoring expressions
            "SELECT t.article, t.text, t.value FROM timexes t JOIN articles a ON a.id = t.article"
            f" WHERE a.current = 1 AND instr(t.value, 'T') > 0 ORDER BY {ARTICLE_ORDER}, t.start")
        entries = event_entries(records, articles, timexes=clocks, names=names, lede=article_lede(store))
        weights = date_weights({  # the same weights as `newsline timeline --json` gives each entry
            "events": records,
            "articles": [dict(r) for r in store.query(
                "SELECT id, outlet, near_duplicate_of FROM articles WHERE current = 1")],
            "timexes": store.query("SELECT t.article, t.type, t.value FROM timexes t JOIN articles a ON a.id = t.article"
                                   " WHERE a.current = 1 AND t.type IN ('DATE', 'TIME')")})
        for e in entries:
            e.weight = weights.get(e.date, (0, 0.0))
        keyed = sorted(zip(entries, records), key=lambda pair: order_key(pair[0]))
        return TimelineIndex("event", [e for e, _ in keyed], {r["id"]: tuple(r["entities"]) for r in records}, [],
                             {r["id"]: r["mentions"] for r in records})
    rows = store.query(
        "SELECT t.*, s.text AS sentence_text FROM timexes t JOIN articles a ON a.id = t.article"
        " LEFT JOIN sentences s ON s.article = t.article AND s.idx = t.sentence"
        " WHERE a.current = 1 AND t.type IN ('DATE', 'TIME') AND t.value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
        f" ORDER BY {ARTICLE_ORDER}, t.start")
    where = {(r["article"], r["start"]): r["sentence"] for r in rows}
    entries = filter_entries(reference_entries((timex_dict(r, r["sentence_text"] or "") for r in rows), articles))
    keys = [(e.citations[0]["article"], where[(e.citations[0]["article"], e.citations[0]["start"])]) for e in entries]
    return TimelineIndex("reference", entries, {}, keys)


def article_lede(store: SQLiteStore):
    """Is a place in an article inside its lede? (`views.timeline.in_lede` on the text up to it, read only
    for the few events the check asks about.)"""
    def lede(article: str, start: int) -> bool:
        return in_lede(store.scalar("SELECT substr(text, 1, ?) FROM articles WHERE id = ?", (start, article)) or "",
                       start)
    return lede


def named_sentences(store: SQLiteStore, entity: str) -> set[tuple[str, int]]:
    """(article, sentence index) of every sentence naming `entity`."""
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples: a name in 10,000 articles has thousands of mentions
    return set(cursor.execute("SELECT article, sentence FROM mentions WHERE entity = ?", (entity,)))


def timeline(store: SQLiteStore, index: TimelineIndex, *, date_from=None, date_to=None, entity=None, q=None,
             limit=200, offset=0, named: set[tuple[str, int]] | None = None) -> dict[str, Any]:
    """A page of the timeline; `named` (the entity's sentences, see named_sentences) may come from a cache."""
    entries = index.entries
    if entity:
        if index.kind == "event":
            entries = [e for e in entries if entity in index.participants[e.id]]
        else:
            hits = named_sentences(store, entity) if named is None else named
            entries = [e for e, key in zip(entries, index.sentences) if key in hits]
    if date_from or date_to or q:  # (the entries are in timeline order already)
        entries = filter_entries(entries, date_from=date_from, date_to=date_to, query=q)
    window = entries[offset: offset + limit]
    return page("entries", window, len(entries), limit, offset, kind=index.kind)
