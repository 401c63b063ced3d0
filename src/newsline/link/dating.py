"""Undated reports dated by the reports around them (reduce, incremental).

An article whose date was inferred from its text alone in the map step is dated again here with
what the store knows: its neighbours (dated reports on the same story) and the dates of the
reports that share its entities (the collection), combined with its own time expressions in the
one scoring of `nlp/date_model.py`. Neighbours are found through indexes, never by a scan of the
store: the entities it names (rarest first, `mentions_entity`), its near-duplicate group and the
events it shares; they are ranked by the similarity of their texts (static embeddings) and of the
entities they name.

Which articles are dated again in a run: the new undated ones, and the undated ones a new dated
report is a close neighbour of (an article ingested before its neighbours is dated again when they
arrive). When the date changes, the article's time expressions are resolved again against it
(`TimexTagger.resolve` on the symbolic forms kept in `article_dating`), its event mentions dated
from the article date (or from an expression whose value moved) take the new dates and are placed
again, and meta `date_history` records the change. Stated dates are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter

import numpy as np

from ..nlp.date_model import Anchor, Neighbour
from ..nlp.events.dating import calendar
from ..nlp.events.embed import from_blob

POOL = 300  # candidate neighbours read from the entity index for one article
TOP = 8  # neighbours that date it
SIMILAR_FLOOR = 0.35  # below this similarity a report is not a neighbour (it still counts in the collection)
RELIABLE_AT, RELIABLE_MAX = 0.85, 0.6  # the similarity from which a neighbour weighs the most, and that weight
NEAR_DUPLICATE = 0.9  # a near-duplicate's weight (wire copy runs the same day, or nearly)
MATCH_FLOOR = 0.7  # sentence similarity from which two event mentions may report one event
MOVING = ("weekday", "deictic_day", "deictic_pod", "weekend")  # expressions whose day moves with the date
MATCH_MAX = 0.9  # the strongest a match can be (one match never settles the date alone)
MATCH_CONFIDENCE = 0.6  # the other mention's date must come from its own time expression (or its sentence's)
MATCH_POOL = 30  # closest dated neighbours whose event mentions are compared
LATE_AFTER = 7  # days after a date from which a report naming it tells it as background
LATE_PRIOR = 4.0
UPPER_SLACK = 60  # days after the collection's last report an undated one may still be from
DATED = ("stated", "metadata")


class NeighbourIndex:
    """Reads what ranking neighbours needs, once per run."""

    def __init__(self, store):
        self.store = store
        self.total = max(1, store.scalar("SELECT COUNT(*) FROM articles WHERE current=1") or 1)
        self._df: dict[str, int] = {}
        self._entities: dict[str, Counter] = {}
        self._weights: dict[str, tuple[dict[str, float], float]] = {}
        self._vectors: dict[str, np.ndarray | None] = {}
        self._dates: dict[str, tuple[str | None, str]] = {}
        self._store_dates: list[dt.date] | None = None

    def store_dates(self) -> list[dt.date]:
        """With no report sharing anything with it: the store's stated dates, as the map step had them."""
        if self._store_dates is None:
            self._store_dates = [dt.date.fromisoformat(r[0]) for r in self.store.db.execute(
                "SELECT DISTINCT date FROM articles WHERE date_source IN ('stated', 'metadata') AND date IS NOT NULL "
                "ORDER BY date DESC LIMIT 400")]
        return self._store_dates

    def df(self, entity: str) -> int:
        if entity not in self._df:
            self._df[entity] = self.store.scalar(
                "SELECT COUNT(DISTINCT article) FROM mentions WHERE entity=?", (entity,)) or 1
        return self._df[entity]

    def idf(self, entity: str) -> float:
        return math.log((1 + self.total) / self.df(entity))

    def weights(self, article: str) -> tuple[dict[str, float], float]:
        """The article's entities with their idf, and their sum: read once per article, since a report
        of a hot story is compared with thousands of others."""
        if article not in self._weights:
            weights = {e: self.idf(e) for e in self.entities(article)}
            self._weights[article] = (weights, sum(weights.values()))
        return self._weights[article]

    def entities(self, article: str) -> Counter:
        if article not in self._entities:
            self._entities[article] = Counter(r[0] for r in self.store.db.execute(
                "SELECT entity FROM mentions WHERE article=? AND entity IS NOT NULL", (article,)))
        return self._entities[article]

    def vector(self, article: str) -> np.ndarray | None:
        if article not in self._vectors:
            blob = self.store.scalar("SELECT vector FROM article_dating WHERE article=?", (article,))
            self._vectors[article] = from_blob(blob) if blob else None
        return self._vectors[article]

    def date(self, article: str) -> tuple[str | None, str]:
        if article not in self._dates:
            row = self.store.db.execute("SELECT date, date_source FROM articles WHERE id=? AND current=1",
                                        (article,)).fetchone()
            self._dates[article] = (row[0], row[1]) if row else (None, "gone")
        return self._dates[article]

    def candidates(self, article: str) -> dict[str, str]:
        """Other articles that may tell the same story, with how they were found."""
        found: dict[str, str] = {}
        root = self.store.scalar("SELECT COALESCE(near_duplicate_of, id) FROM articles WHERE id=?", (article,))
        for r in self.store.db.execute("SELECT id FROM articles WHERE (near_duplicate_of=? OR id=?) AND id != ?",
                                       (root, root, article)):
            found[r[0]] = "near_duplicate"
        for r in self.store.db.execute(
                """SELECT DISTINCT m2.article FROM event_mentions m1 JOIN event_mentions m2 ON m2.event = m1.event
                   WHERE m1.article=? AND m1.event IS NOT NULL AND m2.article != ?""", (article, article)):
            found.setdefault(r[0], "event")
        for entity in sorted(self.entities(article), key=lambda e: (self.df(e), e)):
            if len(found) >= POOL:
                break
            # the articles that named it first: an order of the record's own, so PostgreSQL picks the pool
            # SQLite picks when more than POOL articles name it
            for r in self.store.db.execute("SELECT article FROM mentions WHERE entity=? AND article != ? "
                                           "GROUP BY article ORDER BY MIN(id) LIMIT ?", (entity, article, POOL)):
                found.setdefault(r[0], "entity")
        return found

    def similarity(self, a: str, b: str) -> float:
        """Half the cosine of the texts' embeddings, half the share of a's entity weight (idf) b names too."""
        va, vb = self.vector(a), self.vector(b)
        text = float(va @ vb) if va is not None and vb is not None else 0.0
        wa, total = self.weights(a)
        eb = self.entities(b)
        shared = sum(w for e, w in wa.items() if e in eb) / total if total else 0.0
        return 0.5 * text + 0.5 * shared

    def closer_than(self, article: str, thresholds: dict[str, float]) -> list[str]:
        """The articles of `thresholds` among its candidates that it is more similar to than their threshold
        (it would be one of their neighbours)."""
        return [other for other in self.candidates(article)
                if other in thresholds and self.similarity(other, article) > thresholds[other]]

    def ranked(self, article: str) -> list[tuple[float, str, str]]:
        """(similarity, other, how found) for every candidate, most similar first."""
        out = [(round(self.similarity(article, other), 6), other, how)
               for other, how in self.candidates(article).items() if self.date(other)[1] != "gone"]
        return sorted(out, key=lambda x: (-x[0], x[1]))


def reliability(similarity: float) -> float:
    """How surely a report this similar was written about when this one was (a neighbour's weight):
    none below SIMILAR_FLOOR, rising to RELIABLE_MAX at RELIABLE_AT (on the T17 topics, the closest
    report at similarity 0.4 was written within two days 12-45 % of the time, at 0.8 55-60 %)."""
    if similarity <= SIMILAR_FLOOR:
        return 0.0
    return round(min(1.0, (similarity - SIMILAR_FLOOR) / (RELIABLE_AT - SIMILAR_FLOOR)) * RELIABLE_MAX, 4)


def evidence(index: NeighbourIndex, article: str, found: list | None = None
             ) -> tuple[list[dt.date], list[Neighbour], list[Anchor], float | None]:
    """The collection's dates (the dated reports sharing something with it), the neighbours that
    date `article` and its events matched in the closest of them."""
    ranked = index.ranked(article)
    dated = [(s, other, how, dt.date.fromisoformat(index.date(other)[0])) for s, other, how in ranked
             if index.date(other)[1] in DATED and index.date(other)[0]]
    collection = [d for _s, _o, _h, d in dated]
    neighbours = []
    for s, other, how, d in dated[:TOP]:
        kind = "near_duplicate" if how == "near_duplicate" else "similar"
        weight = NEAR_DUPLICATE if kind == "near_duplicate" else reliability(s)
        if weight > 0:
            neighbours.append(Neighbour(other, d, round(weight, 4), kind, f"similarity {s:.2f}", s))
    pool = [other for _s, other, _h, _d in dated[:MATCH_POOL]]
    anchors = event_anchors(index.store, index, article, found, pool) if found is not None else []
    share = late_share(index.store, article, found) if found is not None and collection else None
    return collection, neighbours, anchors, share


def late_share(store, article: str, found: list) -> float | None:
    """How often the collection's dated reports that name this text's latest full date (or month)
    were written long after it (more than LATE_AFTER days): a date many reports name long after is the
    story's background ("25 June 2009" in a trial two years on), not a sign that this report is recent.
    A Beta prior of weight LATE_PRIOR around LATE_SHARE keeps a date few reports name near it."""
    from ..nlp.date_model import LATE_SHARE
    from ..nlp.dating import _is_explicit

    explicit = [f.value for f in found if f.type in ("DATE", "TIME") and _is_explicit(f) and f.tense != "FUTURE"
                and len(f.value) in (7, 10)]
    if not explicit:
        return None
    latest = max(explicit)
    when = calendar(latest)
    if when is None:
        return None
    rows = store.db.execute(  # the first 500 to name it, on either backend
        """SELECT a.id, a.date FROM timexes t JOIN articles a ON a.id = t.article
           WHERE t.value = ? AND a.id != ? AND a.current = 1 AND a.date_source IN ('stated', 'metadata')
           GROUP BY a.id, a.date ORDER BY MIN(t.id) LIMIT 500""", (latest, article)).fetchall()
    late = sum(1 for r in rows if (dt.date.fromisoformat(r[1]) - when.hi).days > LATE_AFTER)
    return (late + LATE_PRIOR * LATE_SHARE) / (len(rows) + LATE_PRIOR)


def event_anchors(store, index: NeighbourIndex, article: str, found: list, pool: list[str]) -> list[Anchor]:
    """The article's event mentions matched to dated mentions of the same event in its closest
    dated neighbours (`pool`): similar sentences (cosine >= MATCH_FLOOR) sharing a trigger class or
    an entity. A mention dated by one of the article's own expressions that moves with the date
    (a weekday, "yesterday", a month-day) ties that expression to the other's date."""
    if not pool:
        return []
    relative = {f.start: f for f in found if f.anchor == "dct" and f.type in ("DATE", "TIME") and f.op in MOVING}
    own = store.db.execute("SELECT start, \"end\", anchor, classes, participants, embedding FROM event_mentions "
                           "WHERE article=?", (article,)).fetchall()
    mine = []
    entity_at = {r[0]: r[1] for r in store.db.execute(
        "SELECT start, entity FROM mentions WHERE article=? AND entity IS NOT NULL", (article,))}
    for m in own:
        # only a mention dated by an expression that moves with the date: one dated by the article date
        # alone matches background reports of other days too often
        anchor = m["anchor"] or ""
        hits = [f for f in relative.values() if m["start"] <= f.start < m["end"] and f.text == anchor]
        if not hits:
            continue
        start = hits[0].start
        entities = {entity_at.get(p["start"]) for p in json.loads(m["participants"])} - {None}
        mine.append((start, anchor, set(json.loads(m["classes"])), entities, from_blob(m["embedding"])))
    if not mine:
        return []
    marks = ",".join("?" * len(pool))
    theirs = store.db.execute(
        f"""SELECT article, date, classes, entities, embedding FROM event_mentions WHERE article IN ({marks})
            AND precision = 'day' AND confidence >= ? AND anchor != 'article'""", (*pool, MATCH_CONFIDENCE)).fetchall()
    if not theirs:
        return []
    vectors = np.stack([from_blob(t["embedding"]) for t in theirs])
    their_classes = [set(json.loads(t["classes"])) for t in theirs]
    their_entities = [set(json.loads(t["entities"])) for t in theirs]
    anchors = []
    for start, anchor, classes, entities, vector in mine:
        sims = vectors @ vector
        for j in np.flatnonzero(sims >= MATCH_FLOOR):
            if not (classes & their_classes[j] or entities & their_entities[j]):
                continue
            day = calendar(theirs[j]["date"])
            if day is None:
                continue
            strength = min(MATCH_MAX, MATCH_MAX * (float(sims[j]) - MATCH_FLOOR) / (0.95 - MATCH_FLOOR) + 0.2)
            anchors.append(Anchor(start, day.lo, round(strength, 3), theirs[j]["article"], anchor))
    return anchors


def date_from_collection(store, today: dt.date | None = None) -> int:
    """Date again the undated articles this run's new articles bear on; returns how many changed."""
    new = store.query("""SELECT d.article, d.forms IS NOT NULL AS redatable, a.date_source
                         FROM article_dating d JOIN articles a ON a.id = d.article
                         WHERE d.placed = 0 AND a.current = 1""")
    if not new:
        return 0
    index = NeighbourIndex(store)
    todo: set[str] = {row["article"] for row in new if row["redatable"]}
    # undated reports already placed, with the similarity a new report must beat to be one of their neighbours
    waiting = {r[0]: r[1] or SIMILAR_FLOOR for r in store.db.execute(
        "SELECT d.article, d.threshold FROM article_dating d JOIN articles a ON a.id = d.article "
        "WHERE d.forms IS NOT NULL AND d.placed = 1 AND a.current = 1")}
    for row in new:
        if waiting and row["date_source"] in DATED:  # a dated report: the undated ones it is close to may move
            todo.update(index.closer_than(row["article"], waiting))
    from ..nlp.pipeline import get_tagger

    tagger = get_tagger()
    today = today or dt.date.today()
    changed, detached = 0, []
    with store.transaction():
        for article in sorted(todo):
            moved = redate(store, index, tagger, article, today)
            if moved is not None:
                changed += 1
                detached += moved
        store.db.executemany("UPDATE article_dating SET placed = 1 WHERE article = ?", [(r["article"],) for r in new])
        if detached:
            release_events(store, detached)
    return changed


def redate(store, index: NeighbourIndex, tagger, article: str, today: dt.date) -> list[int] | None:
    """Date one article again; None when nothing changed, else its event mentions to place again."""
    from ..nlp.dating import infer_date
    from ..nlp.timex.forms import load

    row = store.db.execute("""SELECT a.date, a.date_source, a.date_from, a.date_to, a.date_confidence, a.meta,
                              d.forms FROM articles a JOIN article_dating d ON d.article = a.id WHERE a.id=?""",
                           (article,)).fetchone()
    if row is None or row["forms"] is None or row["date_source"] in DATED:
        return None
    found = load(row["forms"], tagger)
    collection, neighbours, anchors, share = evidence(index, article, found)
    similar = [n.similarity for n in neighbours if n.kind == "similar"]
    threshold = max(SIMILAR_FLOOR, min(similar)) if len(similar) >= TOP else SIMILAR_FLOOR
    store.db.execute("UPDATE article_dating SET threshold=? WHERE article=?", (threshold, article))
    related = bool(collection)
    if not related:  # nothing shared: the store's dates, as the map step had them (a year for the text)
        collection = index.store_dates()
    upper = min(today, max(collection) + dt.timedelta(days=UPPER_SLACK)) if collection else today
    inference = infer_date(found, tagger, today=upper, context_dates=collection, neighbours=neighbours,
                           related=related, anchors=anchors, late_share=share)
    if inference is None:
        return None
    new = (inference.date.isoformat(), inference.window[0].isoformat(), inference.window[1].isoformat(),
           round(inference.confidence, 3))
    old = (row["date"], row["date_from"], row["date_to"], row["date_confidence"])
    meta = json.loads(row["meta"] or "{}")
    if new == old and meta.get("date_reasons") == inference.reasons:
        return None
    history = meta.get("date_history", [])
    history.append({"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "from": row["date"],
                    "to": new[0], "window": [new[1], new[2]], "confidence": new[3],
                    "why": f"{len(neighbours)} neighbour(s), {len(collection)} dated report(s) around it"})
    meta["date_history"] = history[-10:]
    meta["date_reasons"] = inference.reasons
    store.db.execute("""UPDATE articles SET date=?, date_source='inferred', date_from=?, date_to=?, date_confidence=?,
                        meta=? WHERE id=?""", (*new, json.dumps(meta, ensure_ascii=False), article))
    index._dates.pop(article, None)
    if new[0] == row["date"]:
        return []
    return move_records(store, tagger, article, found, row["date"], inference.date, new[3])


def move_records(store, tagger, article: str, found: list, old_date: str | None, new_date: dt.date,
                 confidence: float) -> list[int]:
    """Resolve the article's expressions against its new date; re-date its event mentions that hung on
    the article date or on an expression whose value moved. Returns those mentions' ids."""
    old = {r["tid"]: r for r in store.db.execute("SELECT tid, text, value FROM timexes WHERE article=?", (article,))}
    moved_values: dict[str, str] = {}  # expression text -> its new value, for those whose value changed
    updates = []
    for number, f in enumerate(tagger.resolve(found, new_date), 1):
        tid = f"t{number}"
        if tid in old and old[tid]["value"] != f.value:
            moved_values.setdefault(f.text, f.value)
        updates.append((f.type, f.value, f.mod, f.anchor, f.note, article, tid))
    store.db.executemany("UPDATE timexes SET type=?, value=?, mod=?, anchor=?, note=? WHERE article=? AND tid=?",
                         updates)
    changed = []
    article_confidence = round(0.3 * (confidence or 0.5), 3)
    for m in store.db.execute("SELECT id, date, anchor, confidence FROM event_mentions WHERE article=?",
                              (article,)).fetchall():
        anchor = m["anchor"] or ""
        if anchor == "article":
            value, conf = new_date.isoformat(), article_confidence
        else:
            text = anchor.split(":", 1)[1] if anchor.startswith("carried:") else anchor
            if text not in moved_values:
                continue
            value, conf = moved_values[text], m["confidence"]
        when = calendar(value)
        if when is None or (when.value == m["date"] and conf == m["confidence"]):
            continue
        store.db.execute("UPDATE event_mentions SET date=?, precision=?, confidence=? WHERE id=?",
                         (when.value, when.precision, conf, m["id"]))
        changed.append(m["id"])
    return changed


def release_events(store, mention_ids: list[int]) -> None:
    """Take re-dated mentions out of their events (which are derived again from the members left), so
    that event linking places them again by their new dates."""
    from .events import stored_members, write_event

    marks = ",".join("?" * len(mention_ids))
    events = sorted({r[0] for r in store.db.execute(
        f"SELECT DISTINCT event FROM event_mentions WHERE id IN ({marks}) AND event IS NOT NULL", mention_ids)})
    store.db.execute(f"DELETE FROM event_keys WHERE mention IN ({marks})", mention_ids)
    store.db.execute(f"UPDATE event_mentions SET event=NULL, attach_score=NULL, text_key=NULL WHERE id IN ({marks})",
                     mention_ids)
    for event in events:
        rest = stored_members(store, [event], set())
        if rest:
            write_event(store, rest, [event])
        else:
            store.db.execute("DELETE FROM events WHERE id=?", (event,))
