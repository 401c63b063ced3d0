"""Cross-article entity linking: mentions to one entity per real person, organisation or place.

Incremental: only mentions not yet linked are looked at, and each is matched through an index of
name keys (`entity_keys`, see link/names.py), so adding 10 articles to a store of 10,000 touches
10 articles' mentions, not the store.

How a mention finds its entity, most certain first:
- its own name ("Israel Defense Forces"; "U.S." = "US"), whatever label NER gave it this time;
- for a person's single name ("Murray"): a person named in full in the same article whose surname
  or given name it is (the first one it names when several share the surname: the story's
  subject); else the one person in the store with that surname (two people sharing it keep a bare
  surname apart: it is not guessed);
- for an organisation's short form ("the Journal", whose mention carries `short_for`, see
  nlp/mentions.py): the organisation its article named in full before ("the Wall Street Journal");
- for an organisation or place: the same name spelled a little differently ("Israeli Defense
  Forces"), or an acronym and its expansion ("UN" / "United Nations");
- a name the text says is the same one (`same_as`: "Israel Defense Forces (IDF)", "X, formerly
  known as Twitter"): the two entities become one.
A short name never joins a longer one on its own say-so: "Haiti" does not join "Yele Haiti",
"Michael" joins "Michael Jackson" only in an article that names him in full, and "the Times" joins
"The New York Times" only in an article that names it so before (elsewhere it is its own name).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict

from .attributes import record_title_conflicts
from .names import fuzzy_key, initials, looks_like_acronym, name_key, same_name

AMBIGUOUS = "*"
# styles that begin a name without being a given name: "Prince Michael" has no surname "Michael"
STYLES = {"prince", "princess", "king", "queen", "pope", "sheikh", "saint", "st", "lord", "lady", "sir", "emir"}


def entity_id(coarse: str, key: str) -> str:
    return "E" + hashlib.sha1(f"{coarse}:{key}".encode()).hexdigest()[:10]


def coarse_type(label: str) -> str:
    return "PERSON" if label == "PERSON" else "OTHER"


class EntityIndex:
    """Entity rows and name keys loaded on demand, written back at the end."""

    def __init__(self, store):
        self.store = store
        self.keys: dict[tuple[str, str], str | None] = {}
        self.entities: dict[str, dict] = {}
        self.dirty: set[str] = set()
        self.new_keys: dict[tuple[str, str], str] = {}
        self.merged: dict[str, str] = {}  # entity id -> the entity it was merged into

    def lookup(self, kind: str, key: str) -> str | None:
        if (key, kind) not in self.keys:
            row = self.store.query("SELECT entity FROM entity_keys WHERE key=? AND type=?", (key, kind))
            self.keys[(key, kind)] = row[0]["entity"] if row else None
        return self.resolve(self.keys[(key, kind)])

    def resolve(self, eid: str | None) -> str | None:
        while eid in self.merged:
            eid = self.merged[eid]
        return eid

    def set_key(self, kind: str, key: str, entity: str) -> None:
        self.keys[(key, kind)] = entity
        self.new_keys[(key, kind)] = entity

    def claim_key(self, kind: str, key: str | None, entity: str) -> None:
        """Point `key` at `entity`; a key two entities claim points at neither."""
        if not key:
            return
        owner = self.lookup(kind, key)
        if owner is None:
            self.set_key(kind, key, entity)
        elif owner not in (entity, AMBIGUOUS):
            self.set_key(kind, key, AMBIGUOUS)

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

    def merge(self, keep: str, gone: str) -> str:
        """Make `gone` part of `keep`: its aliases, titles and mentions (stored and pending)."""
        keep, gone = self.resolve(keep), self.resolve(gone)
        if keep == gone or AMBIGUOUS in (keep, gone):
            return keep
        a, b = self.entity(keep), self.entity(gone)
        for alias in b["aliases"]:
            add_alias(a, alias)
        for name, values in b["attributes"].items():
            mine = a["attributes"].setdefault(name, [])
            mine.extend(v for v in values if v not in mine)
        a["labels"].update(b["labels"])
        self.merged[gone] = keep
        self.dirty.add(keep)
        self.dirty.discard(gone)
        return keep


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
        f"""SELECT m.id, m.article, m.sentence, m.start, m."end", m.text, m.label, m.title, m.same_as, m.short_for
            FROM mentions m JOIN articles a ON a.id = m.article
            WHERE {where} ORDER BY a.seq, m.start""",
        params,
    )
    if not rows:
        return 0
    index = EntityIndex(store)
    links: list[tuple[str, int, str]] = []
    by_article: dict[str, list] = defaultdict(list)
    for row in rows:
        by_article[row["article"]].append(row)
    for mentions in by_article.values():
        links += link_article(index, mentions)
    save(store, index, links)
    return len(links)


def link_article(index: EntityIndex, mentions: list) -> list[tuple[str, int, str]]:
    """Link one article's mentions: full names first, so its single names can find them.
    Returns (entity, mention id, name as written) for each mention linked."""
    here = ArticleNames()
    links = []
    for row in sorted(mentions, key=lambda r: (-len(name_key(r["text"]).split()), r["start"])):
        eid = link_one(index, row, here)
        if eid:
            links.append((eid, row["id"], row["text"]))
    return links


class ArticleNames:
    """The people one article names in full, by surname and given name, with how often, and the
    entities of its multi-word organisation and place names, by name key."""

    def __init__(self):
        self.by_surname: dict[str, Counter] = defaultdict(Counter)
        self.by_given: dict[str, Counter] = defaultdict(Counter)
        self.order: dict[str, int] = {}
        self.organisations: dict[str, str] = {}

    def add(self, words: list[str], eid: str, start: int) -> None:
        self.order[eid] = min(self.order.get(eid, start), start)
        self.by_surname[words[-1]][eid] += 1
        self.by_given[words[0]][eid] += 1

    def find(self, word: str) -> str | None:
        """The person `word` names here: by surname (the first of them the article names, as a
        report names its subject first), else by a given name only one of them has."""
        for table, need_unique in ((self.by_surname, False), (self.by_given, True)):
            counts = table.get(word)
            if not counts or (need_unique and len(counts) > 1):
                continue
            return min(counts, key=lambda e: self.order[e])
        return None


def link_one(index: EntityIndex, row, here: ArticleNames) -> str | None:
    surface = row["text"]
    key = same_name(name_key(surface))
    if not key:
        return None
    label = row["label"]
    words = key.split()
    person = label == "PERSON"
    full_person = person and len(words) > 1 and words[0] not in STYLES
    by_reference = False  # a surname or given name standing for a fuller name: not the entity's own name
    eid = None
    if not person and row["short_for"]:
        # "the Journal" after "the Wall Street Journal": the one this article named in full
        eid = here.organisations.get(same_name(name_key(row["short_for"])))
        by_reference = eid is not None
    if person and len(words) == 1:
        eid = here.find(key)
        if eid is None:
            surname_owner = index.lookup("surname", key)
            if surname_owner and surname_owner != AMBIGUOUS:
                eid = surname_owner
        by_reference = eid is not None
    if eid is None:
        eid = index.lookup("name", key)
    if eid is None and not person and len(words) > 1:
        eid = index.lookup("fuzzy", fuzzy_key(key)) or index.lookup("name", initials(surface).lower())
        if eid is not None and eid != AMBIGUOUS and not acronym_only(index.entity(eid)) \
                and index.lookup("fuzzy", fuzzy_key(key)) != eid:
            eid = None  # "United Nations" joins a bare "UN", not an unrelated name that happens to match
    if eid is None and not person and looks_like_acronym(surface):
        eid = index.lookup("initials", key.upper())
    if eid is None and full_person:
        # "Ed Chernoff" after "Edward Chernoff": one given name is short for the other
        eid = short_for(index, words)
    if eid is None and full_person:
        # "Barsk" seen alone before "Ines Barsk": that surname-only person is this one
        single = index.lookup("name", words[-1])
        if single and single != AMBIGUOUS and index.lookup("surname", words[-1]) is None:
            entity = index.entity(single)
            if entity["type"] == "PERSON" and all(len(a.split()) == 1 for a in entity["aliases"]):
                eid = single
    if eid == AMBIGUOUS:
        eid = None
    if eid is None:
        eid = entity_id(coarse_type(label), key)
    eid = index.resolve(eid)
    entity = index.entity(eid)
    if not by_reference:
        index.claim_key("name", key, eid)
    if full_person:
        index.claim_key("surname", words[-1], eid)
        index.claim_key("initial", f"{words[-1]} {words[0][0]}", eid)
        here.add(words, eid, row["start"])
    elif not person and len(words) > 1 and not by_reference:
        index.claim_key("fuzzy", fuzzy_key(key), eid)
        index.claim_key("initials", initials(surface), eid)
        here.organisations.setdefault(key, eid)
    if row["same_as"]:
        other_key = same_name(name_key(row["same_as"]))
        other = index.lookup("name", other_key)
        if other and other != AMBIGUOUS:
            eid = index.merge(eid, other)
            entity = index.entity(eid)
        index.set_key("name", other_key, eid)
        add_alias(entity, row["same_as"])
    add_alias(entity, surface)
    entity["labels"][label] += 1
    if row["title"]:
        titles = entity["attributes"].setdefault("title", [])
        if not any(t["value"] == row["title"] and t["article"] == row["article"] for t in titles):
            titles.append({"value": row["title"], "article": row["article"], "text": surface,
                           "sentence": row["sentence"], "start": row["start"], "end": row["end"]})
    index.dirty.add(eid)
    return eid


def short_for(index: EntityIndex, words: list[str]) -> str | None:
    """The one person with this surname whose given name this one is short for, or the other way
    round ("Ed" / "Edward", "Chris" / "Christopher"); two given names that merely share an initial
    ("Emma" / "Edward") are two people."""
    owner = index.lookup("initial", f"{words[-1]} {words[0][0]}")
    if owner is None or owner == AMBIGUOUS:
        return None
    given = words[0]
    for alias in index.entity(owner)["aliases"]:
        parts = name_key(alias).split()
        if len(parts) > 1 and parts[-1] == words[-1] and parts[0] != given and min(len(parts[0]), len(given)) >= 2 \
                and (parts[0].startswith(given) or given.startswith(parts[0])):
            return owner
    return None


def acronym_only(entity: dict) -> bool:
    return bool(entity["aliases"]) and all(looks_like_acronym(a) for a in entity["aliases"])


def save(store, index: EntityIndex, links: list[tuple[str, int, str]]) -> None:
    with store.transaction():
        store.db.executemany("UPDATE mentions SET entity=? WHERE id=?",
                             [(index.resolve(eid), mid) for eid, mid, _text in links])
        for gone, keep in index.merged.items():
            keep = index.resolve(keep)
            store.db.execute("UPDATE mentions SET entity=? WHERE entity=?", (keep, gone))
            store.db.execute("UPDATE entity_keys SET entity=? WHERE entity=?", (keep, gone))
            store.db.execute("DELETE FROM entities WHERE id=?", (gone,))
            store.db.execute("DELETE FROM discrepancies WHERE kind='attribute' AND entity=?", (gone,))
            move_names(store, gone, keep)
        count_names(store, Counter((index.resolve(eid), text) for eid, _mid, text in links))
        for (key, kind), eid in index.new_keys.items():
            store.db.execute("INSERT OR REPLACE INTO entity_keys (key, type, entity) VALUES (?,?,?)",
                             (key, kind, index.resolve(eid)))
        for eid in index.dirty:
            if eid in index.merged:
                continue
            e = index.entities[eid]
            e["type"] = e["labels"].most_common(1)[0][0] if e["labels"] else e["type"]
            used = Counter({r[0]: r[1] for r in store.db.execute(
                "SELECT text, n FROM entity_names WHERE entity=?", (eid,))})
            e["name"] = canonical_name(e["aliases"], used)
            store.db.execute(
                "INSERT OR REPLACE INTO entities (id, name, type, aliases, attributes) VALUES (?,?,?,?,?)",
                (eid, e["name"], e["type"], json.dumps(e["aliases"]), json.dumps(e["attributes"])),
            )
        record_title_conflicts(store, [index.entities[eid] for eid in index.dirty if eid not in index.merged])


def count_names(store, counts: Counter) -> None:
    """Add to how often each (entity, name as written) is linked; a negative count takes away."""
    store.db.executemany(
        "INSERT INTO entity_names (entity, text, n) VALUES (?,?,?) "
        "ON CONFLICT (entity, text) DO UPDATE SET n = entity_names.n + excluded.n",
        [(eid, text, n) for (eid, text), n in counts.items() if n])


def move_names(store, gone: str, keep: str) -> None:
    """An entity merged into another: its names' counts go with it."""
    store.db.execute(
        "INSERT INTO entity_names (entity, text, n) SELECT ?, text, n FROM entity_names WHERE entity=? "
        "ON CONFLICT (entity, text) DO UPDATE SET n = entity_names.n + excluded.n", (keep, gone))
    store.db.execute("DELETE FROM entity_names WHERE entity=?", (gone,))


def add_alias(entity: dict, surface: str) -> None:
    surface = surface.strip().removesuffix("'s").removesuffix("’s")
    if surface and surface not in entity["aliases"]:
        entity["aliases"].append(surface)
    entity["name"] = canonical_name(entity["aliases"])


def canonical_name(aliases: list[str], used: Counter | None = None) -> str:
    """The name a reader knows it by: a full form (more than one word and not an acronym, where
    there is one), the one the articles use most, then the longest."""
    used = used or Counter()
    full = [a for a in aliases if len(a.split()) > 1 and not a.isupper()] or aliases
    return max(full, key=lambda a: (used[a] + used[a + "'s"] + used[a + "’s"], len(a.split()), len(a),
                                    -aliases.index(a)))
