"""Cross-article entity linking: mentions to one canonical entity with aliases.

Incremental: only mentions not yet linked are looked at, and each is matched
against an index of name keys (`entity_keys`), so adding 10 articles to a
store of 10,000 touches 10 articles' mentions, not the store.

Keys: the normalised name ("the Israel Defense Forces" -> "israel defense forces"),
the surname of a multi-word PERSON ("surname:netanyahu", only while unambiguous),
and an acronym defined in the text ("Israel Defense Forces (IDF)").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict

PUNCT = re.compile(r"[^\w\s&-]+")
ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")
AMBIGUOUS = "*"


def name_key(text: str) -> str:
    text = text.replace("’", "'")
    text = re.sub(r"'s?$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return " ".join(PUNCT.sub(" ", text).lower().split())


def coarse_type(label: str) -> str:
    return "PERSON" if label == "PERSON" else "OTHER"


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def entity_id(coarse: str, key: str) -> str:
    return "E" + hashlib.sha1(f"{coarse}:{key}".encode()).hexdigest()[:10]


class EntityIndex:
    """Entity rows and name keys loaded on demand, written back at the end."""

    def __init__(self, store):
        self.store = store
        self.keys: dict[tuple[str, str], str] = {}
        self.entities: dict[str, dict] = {}
        self.dirty: set[str] = set()
        self.new_keys: dict[tuple[str, str], str] = {}

    def lookup(self, key: str, coarse: str) -> str | None:
        if (key, coarse) not in self.keys:
            row = self.store.query("SELECT entity FROM entity_keys WHERE key=? AND type=?", (key, coarse))
            self.keys[(key, coarse)] = row[0]["entity"] if row else None
        return self.keys[(key, coarse)]

    def set_key(self, key: str, coarse: str, entity: str) -> None:
        self.keys[(key, coarse)] = entity
        self.new_keys[(key, coarse)] = entity

    def entity(self, eid: str) -> dict:
        if eid not in self.entities:
            row = self.store.query("SELECT * FROM entities WHERE id=?", (eid,))
            if row:
                r = row[0]
                self.entities[eid] = {
                    "id": eid, "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"]),
                    "attributes": json.loads(r["attributes"]), "labels": Counter({r["type"]: 1}),
                }
            else:
                self.entities[eid] = {"id": eid, "name": "", "type": "", "aliases": [], "attributes": {},
                                      "labels": Counter(), "new": True}
        return self.entities[eid]


def link_entities(store, article_ids: list[str] | None = None) -> int:
    """Link every unlinked mention (of `article_ids`, or of the whole store). Returns mentions linked."""
    where = "m.entity IS NULL"
    params: tuple = ()
    if article_ids is not None:
        if not article_ids:
            return 0
        where += f" AND m.article IN ({','.join('?' * len(article_ids))})"
        params = tuple(article_ids)
    rows = store.query(
        f"""SELECT m.id, m.article, m.start, m."end", m.text, m.label, m.title
            FROM mentions m JOIN articles a ON a.id = m.article
            WHERE {where} ORDER BY a.seq, m.start""",
        params,
    )
    if not rows:
        return 0
    texts = {}
    index = EntityIndex(store)
    links: list[tuple[str, int]] = []
    by_article: dict[str, list] = defaultdict(list)
    for row in rows:
        by_article[row["article"]].append(row)
    for article, mentions in by_article.items():
        texts[article] = store.scalar("SELECT text FROM articles WHERE id=?", (article,))
        # multi-word names first, so "Netanyahu" finds "Benjamin Netanyahu" from the same article
        ordered = sorted(mentions, key=lambda r: (-len(r["text"].split()), r["start"]))
        for row in ordered:
            eid = link_one(index, row, texts[article])
            if eid:
                links.append((eid, row["id"]))
    with store.transaction():
        store.db.executemany("UPDATE mentions SET entity=? WHERE id=?", links)
        for (key, coarse), eid in index.new_keys.items():
            store.db.execute("INSERT OR REPLACE INTO entity_keys (key, type, entity) VALUES (?,?,?)", (key, coarse, eid))
        for eid in index.dirty:
            e = index.entities[eid]
            e["type"] = e["labels"].most_common(1)[0][0] if e["labels"] else e["type"]
            store.db.execute(
                "INSERT OR REPLACE INTO entities (id, name, type, aliases, attributes) VALUES (?,?,?,?,?)",
                (eid, e["name"], e["type"], json.dumps(e["aliases"]), json.dumps(e["attributes"])),
            )
    return len(links)


def link_one(index: EntityIndex, row, text: str) -> str | None:
    label = row["label"]
    coarse = coarse_type(label)
    surface = row["text"]
    key = name_key(surface)
    if not key:
        return None
    eid = index.lookup(key, coarse)
    words = key.split()
    if eid is None and coarse == "OTHER" and len(words) == 1:
        # NER called a known person's surname something else ("Oltenbrand" as GPE)
        person = index.lookup("surname:" + key, "PERSON")
        if person and person != AMBIGUOUS:
            coarse, eid, label = "PERSON", person, "PERSON"
    if eid is None and coarse == "PERSON" and len(words) == 1:
        candidate = index.lookup("surname:" + key, coarse)
        if candidate and candidate != AMBIGUOUS:
            eid = candidate
    if eid is None and coarse == "PERSON" and len(words) > 1:
        # "Barsk" seen before "Ines Barsk": the surname-only entity is this person
        single = index.lookup(words[-1], coarse)
        if single and single != AMBIGUOUS and all(len(a.split()) == 1 for a in index.entity(single)["aliases"]):
            eid = single
    acronym = None
    m = ACRONYM_AFTER.match(text[row["end"]: row["end"] + 16])
    if m and coarse == "OTHER" and initials(surface).upper() == m.group(1).replace(".", "").upper():
        acronym = m.group(1)
        if eid is None:
            eid = index.lookup(name_key(acronym), coarse)
    if eid is None or eid == AMBIGUOUS:
        eid = entity_id(coarse, key)
    entity = index.entity(eid)
    index.set_key(key, coarse, eid)
    if coarse == "PERSON" and len(words) > 1:
        surname_key = "surname:" + words[-1]
        owner = index.lookup(surname_key, coarse)
        if owner is None:
            index.set_key(surname_key, coarse, eid)
        elif owner not in (eid, AMBIGUOUS):
            index.set_key(surname_key, coarse, AMBIGUOUS)
    if acronym:
        index.set_key(name_key(acronym), coarse, eid)
        add_alias(entity, acronym)
    add_alias(entity, surface)
    entity["labels"][label] += 1
    if row["title"]:
        titles = entity["attributes"].setdefault("title", [])
        item = {"value": row["title"], "article": row["article"]}
        if item not in titles:
            titles.append(item)
    index.dirty.add(eid)
    return eid


def add_alias(entity: dict, surface: str) -> None:
    surface = re.sub(r"['’]s$", "", surface.strip())
    if surface and surface not in entity["aliases"]:
        entity["aliases"].append(surface)
    entity["name"] = canonical_name(entity["aliases"])


def canonical_name(aliases: list[str]) -> str:
    """The fullest form: most words, then not all capitals (an expansion beats its acronym)."""
    return max(aliases, key=lambda a: (len(a.split()), not a.isupper(), len(a), -aliases.index(a)))
