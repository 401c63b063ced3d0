"""Events across articles: mentions of one real event become one event (reduce, incremental).

The relation "these two mentions report the same event" (`same_event`) is a symmetric test
of a pair: compatible dates, a shared trigger class or participant (entity id), and the
similarity of their sentence embeddings, with a lower bar when more agrees. Events are the
connected components of that relation (single link), kept with union-find: a new mention is
tested only against the mentions found through `event_keys` (date bucket x trigger class,
date bucket x entity), which holds every mention the test could accept, and is joined with
every one it matches. A mention whose sentence, date and participants repeat one already
placed (wire copy) joins it directly: it would match exactly what that one matches.

Everything shown of an event is derived from its members alone: the id from its first
member, the date from its best-dated members, the summary is the most central member's
sentence (extractive), participants, independent sources and importance. So the events
do not depend on the order articles arrive in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter, defaultdict

import numpy as np

from ..nlp.events.dating import calendar
from ..nlp.events.embed import from_blob

NEAR_DAYS = 1  # a mention dated only by its article may report something of the day before
FAR_DAYS = 30  # ... or, with strong evidence, of the weeks before
CONFIDENT = 0.5


def bucket(row) -> tuple[str, int | None]:
    """('d', ordinal) for a confident day, ('f', ordinal) for an article-dated one, ('p', None) otherwise."""
    when = calendar(row["date"] or "")
    if when is None:
        return "x", None
    if when.precision != "day":
        return "p", None
    return ("d" if row["confidence"] >= CONFIDENT else "f"), when.lo.toordinal()


def own_keys(row, entities: list[str]) -> list[str]:
    kind, day = bucket(row)
    base = f"{kind}{day}" if day is not None else f"p{row['date']}"
    labels = [f"c:{c}" for c in json.loads(row["classes"])] + [f"e:{e}" for e in entities]
    return [f"{base}|{label}" for label in labels]


def query_keys(row, entities: list[str]) -> list[str]:
    """The keys under which every mention `same_event` could accept for this one is filed."""
    kind, day = bucket(row)
    labels = [f"c:{c}" for c in json.loads(row["classes"])] + [f"e:{e}" for e in entities]
    if day is None:
        bases = [f"p{row['date']}"]
    elif kind == "d":
        bases = [f"d{day}"] + [f"f{day + k}" for k in range(0, FAR_DAYS + 1)]
    else:
        bases = [f"f{day}"] + [f"d{day - k}" for k in range(0, FAR_DAYS + 1)]
    return [f"{b}|{label}" for b in bases for label in labels]


def same_event(a: dict, b: dict) -> bool:
    """Symmetric: do mentions a and b report the same event?"""
    shared_class = bool(a["classes"] & b["classes"])
    shared_entity = bool(a["entities"] & b["entities"])
    if not (shared_class or shared_entity):
        return False
    sim = float(a["vector"] @ b["vector"])
    ka, kb = a["bucket"], b["bucket"]
    if ka[1] is None or kb[1] is None:
        if a["date"] != b["date"] or ka[0] != kb[0]:
            return False
        gap = 0
    elif ka[0] == kb[0]:
        if ka[1] != kb[1]:
            return False
        gap = 0
    else:
        fallback, dated = (ka, kb) if ka[0] == "f" else (kb, ka)
        gap = fallback[1] - dated[1]
        if gap < 0 or gap > FAR_DAYS:
            return False
    same_article = a["article"] == b["article"]
    same_lemma = a["lemma"] == b["lemma"]
    both_dated = ka[0] != "f" and kb[0] != "f"
    if gap <= (0 if both_dated else NEAR_DAYS):
        if shared_class and (same_lemma or same_article) and both_dated:
            return sim >= 0.2  # "collapsed on March 12" twice: the same word on the same day
        return (sim >= 0.8 or (shared_class and sim >= 0.45) or (shared_class and shared_entity and sim >= 0.35)
                or (shared_entity and sim >= 0.65))
    return shared_class and shared_entity and sim >= 0.8


def nested(a: str | None, b: str | None) -> bool:
    """One date's period holds the other's (2011 and March 2011), and they are not the same."""
    pa, pb = calendar(a or ""), calendar(b or "")
    if pa is None or pb is None or a == b:
        return False
    return (pa.lo <= pb.lo and pb.hi <= pa.hi) or (pb.lo <= pa.lo and pa.hi <= pb.hi)


def normalise_sentence(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


class Features:
    """Mention rows with what the test needs, loaded once per run."""

    def __init__(self, store):
        self.store = store
        self.rows: dict[int, dict] = {}

    def load(self, ids) -> None:
        missing = [i for i in ids if i not in self.rows]
        for chunk in range(0, len(missing), 500):
            part = missing[chunk:chunk + 500]
            for row in self.store.db.execute(
                    f"SELECT * FROM event_mentions WHERE id IN ({','.join('?' * len(part))})", part):
                self.rows[row["id"]] = self.make(row, json.loads(row["entities"]))

    @staticmethod
    def make(row, entities: list[str]) -> dict:
        return {
            "id": row["id"], "article": row["article"], "date": row["date"], "bucket": bucket(row),
            "lemma": row["lemma"], "sentence": row["sentence"],
            "classes": frozenset(json.loads(row["classes"])), "entities": frozenset(entities),
            "vector": from_blob(row["embedding"]), "event": row["event"], "row": row,
        }


def link_events(store) -> int:
    """Place every mention not in an event yet; returns how many were placed.

    Dated mentions (their own time expression, or one they hang from) are joined by single
    link. A mention dated only by its article joins no chain: it is attached to the dated
    mention it matches best (or stays alone), and moves when a better one arrives, so an
    undated "the collapse" never bridges two events of different days."""
    new = store.query("SELECT * FROM event_mentions WHERE event IS NULL ORDER BY id")
    if not new:
        return 0
    entity_of = mention_entities(store, {r["article"] for r in new})
    features = Features(store)
    parent: dict[tuple, tuple] = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    def node(f: dict) -> tuple:
        return ("e", f["event"]) if f["event"] else ("m", f["id"])

    def candidates_for(keys: list[str], exclude: int) -> list[int]:
        found = set()
        for chunk in range(0, len(keys), 500):
            part = keys[chunk:chunk + 500]
            found |= {r[0] for r in store.db.execute(
                f"SELECT mention FROM event_keys WHERE key IN ({','.join('?' * len(part))})", part)}
            for k in part:
                found.update(local_keys.get(k, ()))
        found.discard(exclude)
        features.load(found)
        return sorted(found)

    local_keys: dict[str, list[int]] = defaultdict(list)
    local_text: dict[str, int] = {}
    key_rows, text_keys = [], []
    attach: dict[int, tuple[float, str, int]] = {}  # fallback mention -> (score, target key, target id)
    moved_from: set[str] = set()  # events that lose an attached mention to a better match
    for row in new:
        entities = sorted({entity_of.get((row["article"], p["start"])) for p in json.loads(row["participants"])} - {None})
        f = Features.make(row, entities)
        features.rows[row["id"]] = f
        me = node(f)
        find(me)
        text_key = hashlib.sha1("|".join([normalise_sentence(row_sentence(store, row)), row["date"] or "",
                                          str(f["bucket"][0]), ",".join(entities), ",".join(sorted(f["classes"]))]
                                         ).encode()).hexdigest()[:20]
        twin = local_text.get(text_key) or store.scalar(
            "SELECT id FROM event_mentions WHERE text_key=? AND event IS NOT NULL LIMIT 1", (text_key,))
        fallback = f["bucket"][0] == "f"
        if twin is not None:
            features.load([twin])
            union(me, node(features.rows[twin]))
            if fallback and twin in attach:
                attach[row["id"]] = attach[twin]
        elif fallback:
            best = None
            for c in candidates_for(query_keys(row, entities), row["id"]):
                other = features.rows[c]
                if other["bucket"][0] != "f" and same_event(f, other):
                    score = (round(float(f["vector"] @ other["vector"]), 6), member_key(other["row"]))
                    if best is None or (score[0], -0) > (best[0][0], 0) or (score[0] == best[0][0] and score[1] < best[0][1]):
                        best = (score, c)
            if best is not None:
                attach[row["id"]] = (best[0][0], best[0][1], best[1])
                union(me, node(features.rows[best[1]]))
        else:
            for c in candidates_for(query_keys(row, entities), row["id"]):
                other = features.rows[c]
                if not same_event(f, other):
                    continue
                if other["bucket"][0] != "f":
                    if find(node(other)) != find(me):
                        union(me, node(other))
                    continue
                # an article-dated mention: does it match this one better than where it is?
                score = round(float(f["vector"] @ other["vector"]), 6)
                current = attach.get(c) or ((other["row"]["attach_score"], "", -1)
                                            if other["row"]["attach_score"] is not None else None)
                key = member_key(row)
                if current is None or score > current[0] or (score == current[0] and key < current[1]):
                    if other["event"]:
                        moved_from.add(other["event"])
                        other["event"] = None  # it leaves its event: placed again below
                    attach[c] = (score, key, row["id"])
                    parent[("m", c)] = ("m", c)
                    union(("m", c), me)
        if not fallback:  # "in 2011, when ... in March of that year": one episode told in one sentence
            for other_row in store.db.execute(
                    "SELECT * FROM event_mentions WHERE article=? AND sentence=? AND id != ?",
                    (row["article"], row["sentence"], row["id"])).fetchall():
                if other_row["id"] not in features.rows:
                    features.rows[other_row["id"]] = Features.make(other_row, json.loads(other_row["entities"]))
                other = features.rows[other_row["id"]]
                if (other["bucket"][0] != "f" and (other["event"] or other["id"] < row["id"])
                        and nested(row["date"], other["date"])):
                    union(me, node(other))
        local_text.setdefault(text_key, row["id"])
        own = own_keys(row, entities)
        for k in own:
            local_keys[k].append(row["id"])
        key_rows += [(k, row["id"]) for k in own]
        text_keys.append((text_key, json.dumps(entities), row["id"]))
    moved = {c for c in attach if not any(r["id"] == c for r in new)}
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    with store.transaction():
        store.db.executemany("INSERT OR IGNORE INTO event_keys (key, mention) VALUES (?,?)", key_rows)
        store.db.executemany("UPDATE event_mentions SET text_key=?, entities=? WHERE id=?", text_keys)
        store.db.executemany("UPDATE event_mentions SET attach_score=? WHERE id=?",
                             [(score, c) for c, (score, _k, _t) in attach.items()])
        placed_events = set()
        for members in groups.values():
            old_events = sorted(x[1] for x in members if x[0] == "e")
            placed_events.update(old_events)
            mention_ids = [x[1] for x in members if x[0] == "m"]
            mention_ids += stored_members(store, old_events, moved)
            write_event(store, sorted(set(mention_ids)), old_events)
        for event in sorted(moved_from - placed_events):
            rest = stored_members(store, [event], moved)
            if rest:
                write_event(store, rest, [event])
            else:
                store.db.execute("DELETE FROM events WHERE id=?", (event,))
    return len(new)


def stored_members(store, events: list[str], moved: set[int]) -> list[int]:
    if not events:
        return []
    rows = store.db.execute(f"SELECT id FROM event_mentions WHERE event IN ({','.join('?' * len(events))})", events)
    return sorted(r[0] for r in rows if r[0] not in moved)


def row_sentence(store, row) -> str:
    return store.scalar("SELECT text FROM sentences WHERE article=? AND idx=?", (row["article"], row["sentence"])) or ""


def mention_entities(store, articles: set[str]) -> dict[tuple[str, int], str]:
    out = {}
    for article in articles:
        for r in store.db.execute("SELECT start, entity FROM mentions WHERE article=? AND entity IS NOT NULL",
                                  (article,)):
            out[(article, r[0])] = r[1]
    return out


def member_key(row) -> str:
    return f"{row['article']}:{row['start']:09d}:{row['trigger_start']:09d}"


def write_event(store, mention_ids: list[int], old_events: list[str]) -> None:
    rows = []
    for chunk in range(0, len(mention_ids), 500):
        part = mention_ids[chunk:chunk + 500]
        rows += store.db.execute(
            f"""SELECT m.*, a.outlet, a.near_duplicate_of, s.text AS sentence_text FROM event_mentions m
                JOIN articles a ON a.id = m.article
                LEFT JOIN sentences s ON s.article = m.article AND s.idx = m.sentence
                WHERE m.id IN ({','.join('?' * len(part))})""", part).fetchall()
    rows.sort(key=member_key)
    event = derive_event(store, rows)
    if old_events:
        store.db.execute(f"DELETE FROM events WHERE id IN ({','.join('?' * len(old_events))})", old_events)
    store.db.execute(
        """INSERT OR REPLACE INTO events (id, date, date_end, summary, entities, precision, confidence, importance,
           sources, trigger, places, summary_article, summary_start, summary_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (event["id"], event["date"], event["date_end"], event["summary"], json.dumps(event["entities"]),
         event["precision"], event["confidence"], event["importance"], event["sources"], event["trigger"],
         json.dumps(event["places"], ensure_ascii=False), event["summary_article"], event["summary_start"],
         event["summary_end"]))
    store.db.executemany("UPDATE event_mentions SET event=? WHERE id=?", [(event["id"], r["id"]) for r in rows])


def source_key(store, row) -> str:
    """Independent sources: copies of one wire story are one source, and so is one outlet."""
    first = row["near_duplicate_of"] or row["article"]
    if first != row["article"]:
        outlet = store.scalar("SELECT outlet FROM articles WHERE id=?", (first,))
        return "outlet:" + outlet if outlet else "article:" + first
    return "outlet:" + row["outlet"] if row["outlet"] else "article:" + first


def derive_event(store, rows) -> dict:
    """Every field of an event from its member mentions (sorted by member key)."""
    dated = [r for r in rows if r["confidence"] >= CONFIDENT] or rows
    weight: Counter = Counter()
    for r in dated:
        weight[r["date"]] += r["confidence"]
    date = min(weight, key=lambda d: (-round(weight[d], 6), d))
    date_rows = [r for r in dated if r["date"] == date]
    ends = sorted(r["date_end"] for r in date_rows if r["date_end"])
    vectors = np.stack([from_blob(r["embedding"]) for r in rows])
    centroid = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = vectors @ (centroid / norm)
    best = max(range(len(rows)), key=lambda i: (rows[i]["date"] == date,
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
        "date": date, "date_end": ends[-1] if ends else None,
        "precision": date_rows[0]["precision"], "confidence": round(confidence, 3),
        "summary": summary_row["sentence_text"] or "", "summary_article": summary_row["article"],
        "summary_start": summary_row["start"], "summary_end": summary_row["end"],
        "entities": [e for e, _n in sorted(entities.items(), key=lambda x: (-x[1], x[0]))],
        "places": [p for p, _n in sorted(places.items(), key=lambda x: (-x[1], x[0]))],
        "sources": sources, "importance": round(importance, 4),
        "trigger": min(lemmas, key=lambda k: (-lemmas[k], k)),
    }


def day_span(value: str | None) -> tuple[dt.date, dt.date] | None:
    when = calendar(value or "")
    return (when.lo, when.hi) if when else None
