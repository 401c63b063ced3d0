"""Events across articles: mentions of one real event become one event (reduce, incremental).

A new mention is compared only with the mentions `event_keys` files under its keys (date
bucket x trigger class, date bucket x entity, and the theme of a start or an end), which hold
every mention the tests of `event_match` could accept, and with the other mentions of its own
article. Event mentions matching it are joined with it (union-find over the symmetric
`same_event` / `same_episode` tests); a report is attached to its best host, and moves when a
better host arrives. A mention whose sentence, date and participants repeat one already placed
(wire copy) joins it directly: it would match exactly what that one matches.

Everything shown of an event is derived from its members alone (`event_fields`), so the
events do not depend on the order articles arrive in.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

from .disjoint import DisjointSets
from .event_fields import derive_event, member_key
from .event_match import (CONFIDENT, features, host_score, lede_score, nested, own_keys, query_keys, same_episode,
                          same_event)

def normalise_sentence(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


class Mentions:
    """Mention rows with what the tests need, loaded once per run."""

    def __init__(self, store):
        self.store = store
        self.rows: dict[int, dict] = {}

    @staticmethod
    def make(row, entities: list[str], participants: list[dict] | None = None) -> dict:
        people = participants if participants is not None else json.loads(row["participants"])
        actors = {p["entity"] for p in people if p.get("role") == "agent" and p.get("entity")}
        return features(row, entities, actors)

    def load(self, ids) -> None:
        missing = [i for i in ids if i not in self.rows]
        for chunk in range(0, len(missing), 500):
            part = missing[chunk:chunk + 500]
            for row in self.store.db.execute(
                    f"SELECT * FROM event_mentions WHERE id IN ({','.join('?' * len(part))})", part).fetchall():
                self.rows[row["id"]] = self.make(row, json.loads(row["entities"]))

    def of_article(self, article: str, exclude: int) -> list[dict]:
        rows = self.store.db.execute("SELECT * FROM event_mentions WHERE article=? AND id != ?",
                                     (article, exclude)).fetchall()
        out = []
        for row in rows:
            if row["id"] not in self.rows:
                self.rows[row["id"]] = self.make(row, json.loads(row["entities"]))
            out.append(self.rows[row["id"]])
        return out


def link_events(store) -> int:
    """Place every mention not in an event yet; returns how many were placed."""
    new = store.query("SELECT * FROM event_mentions WHERE event IS NULL ORDER BY id")
    if not new:
        return 0
    entity_of = mention_entities(store, {r["article"] for r in new})
    mentions = Mentions(store)
    sets = DisjointSets()
    parent, find, union = sets.parent, sets.find, sets.union

    def node(f: dict) -> tuple:
        return ("e", f["event"]) if f["event"] else ("m", f["id"])

    local_keys: dict[str, list[int]] = defaultdict(list)
    local_text: dict[str, int] = {}

    def candidates_for(keys: list[str], exclude: int) -> list[int]:
        found = set()
        for chunk in range(0, len(keys), 500):
            part = keys[chunk:chunk + 500]
            found |= {r[0] for r in store.db.execute(
                f"SELECT mention FROM event_keys WHERE key IN ({','.join('?' * len(part))})", part)}
            for k in part:
                found.update(local_keys.get(k, ()))
        found.discard(exclude)
        mentions.load(found)
        return sorted(found)

    key_rows, text_keys = [], []
    attach: dict[int, tuple[float, str, int]] = {}  # report -> (score, host key, host id)
    moved_from: set[str] = set()  # events that lose a report to a better host

    def current_host(c: int, other: dict):
        if c in attach:
            return attach[c]
        stored = other["row"]["attach_score"]
        return (stored, "", -1) if stored is not None else None

    def offer(report_id: int, report: dict, host: dict, score: float | None = None) -> None:
        """Attach the report to `host` if it suits it better than where it is (ties: the smaller key)."""
        score = host_score(report, host) if score is None else score
        if score is None:
            return
        key = member_key(host["row"])
        current = current_host(report_id, report)
        if current is not None and (score < current[0] or (score == current[0] and key >= current[1])):
            return
        if report["event"]:
            moved_from.add(report["event"])
            report["event"] = None  # it leaves its event: placed again below
        attach[report_id] = (score, key, host["id"])
        parent[("m", report_id)] = find(node(host))  # never a root: whoever joined it stays where it was

    linked = {}  # every new mention with its participants' entities, before any is compared
    for row in new:
        people = json.loads(row["participants"])
        for p in people:
            p["entity"] = entity_of.get((row["article"], p["start"]))
        entities = sorted({p["entity"] for p in people} - {None})
        mentions.rows[row["id"]] = mentions.make(row, entities, people)
        linked[row["id"]] = (entities, people)
    for row in new:
        entities, people = linked[row["id"]]
        f = mentions.rows[row["id"]]
        me = node(f)
        find(me)
        text_key = hashlib.sha1("|".join([normalise_sentence(row_sentence(store, row)), row["date"] or "",
                                          f["role"], ",".join(entities), ",".join(sorted(f["classes"]))]
                                         ).encode()).hexdigest()[:20]
        twin = local_text.get(text_key) or store.scalar(
            "SELECT id FROM event_mentions WHERE text_key=? AND event IS NOT NULL ORDER BY id LIMIT 1", (text_key,))
        if twin is not None:
            mentions.load([twin])
            parent[me] = find(node(mentions.rows[twin]))
            if f["role"] == "report" and twin in attach:
                attach[row["id"]] = attach[twin]
        else:
            nearby = [mentions.rows[c] for c in candidates_for(query_keys(f), row["id"])]
            own_article = mentions.of_article(row["article"], row["id"])
            nearby += [m for m in own_article if m["id"] not in {n["id"] for n in nearby}]
            lede = lede_of(f, own_article)
            if lede is not None:
                offer(row["id"], f, lede, lede_score(f, lede))
            for other in sorted(nearby, key=lambda m: m["id"]):
                if f["role"] == "report":
                    if other["role"] == "event":
                        offer(row["id"], f, other)
                elif other["role"] == "event":
                    if (same_event(f, other) or same_episode(f, other)) and find(node(other)) != find(me):
                        union(me, node(other))
                elif other["id"] in mentions.rows and (other["event"] or other["id"] < row["id"]):
                    offer(other["id"], other, f)
            if f["role"] == "event":  # "in 2011, when ... in March of that year": one episode told in one sentence
                for other in nearby:
                    if (other["article"] == row["article"] and other["sentence"] == row["sentence"]
                            and other["role"] == "event" and (other["event"] or other["id"] < row["id"])
                            and nested(row["date"], other["date"])):
                        union(me, node(other))
        local_text.setdefault(text_key, row["id"])
        own = own_keys(f)
        for k in own:
            local_keys[k].append(row["id"])
        key_rows += [(k, row["id"]) for k in own]
        text_keys.append((text_key, json.dumps(entities), json.dumps(people, ensure_ascii=False), row["id"]))
    new_ids = {r["id"] for r in new}
    moved = {c for c in attach if c not in new_ids}
    groups: dict[tuple, list[tuple]] = sets.groups()
    with store.transaction():
        store.db.executemany("INSERT OR IGNORE INTO event_keys (key, mention) VALUES (?,?)", key_rows)
        store.db.executemany("UPDATE event_mentions SET text_key=?, entities=?, participants=? WHERE id=?", text_keys)
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


def lede_of(report: dict, own_article: list[dict]) -> dict | None:
    """The event an article-dated report falls back on: its article's first event mention of
    the article's day or the day before (the story the article tells)."""
    if report["role"] != "report" or report["confidence"] >= CONFIDENT:
        return None
    events = [m for m in own_article if lede_score(report, m) is not None]
    return min(events, key=lambda m: (m["row"]["start"], m["id"])) if events else None


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

