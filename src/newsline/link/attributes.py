"""Conflicting attributes of one person across articles: a rank or office given differently.

"Col. Ruven Castellane" in one report and "Brig. Gen. Ruven Castellane" in another is a
`discrepancies` entry of kind `attribute`, citing both. What is compared is the rank (the longest
run of rank words at the end of the title, "Marine Lt. Gen." -> Lieutenant General) or else the
office without courtesy words ("Defence Minister"); a title that only adds to another
("Gen." / "Marine Gen.", "Minister" / "Defence Minister") does not conflict with it.
"""

from __future__ import annotations

import json
import re

# rank phrases as written (lower case, no dots) -> the rank
RANKS = {
    "gen": "General", "general": "General",
    "lt gen": "Lieutenant General", "lieutenant general": "Lieutenant General", "lt-gen": "Lieutenant General",
    "lieutenant-general": "Lieutenant General",
    "maj gen": "Major General", "major general": "Major General", "maj-gen": "Major General",
    "major-general": "Major General",
    "brig gen": "Brigadier General", "brigadier general": "Brigadier General", "brig-gen": "Brigadier General",
    "brig": "Brigadier", "brigadier": "Brigadier",
    "col": "Colonel", "colonel": "Colonel", "lt col": "Lieutenant Colonel", "lieutenant colonel": "Lieutenant Colonel",
    "maj": "Major", "major": "Major", "capt": "Captain", "captain": "Captain",
    "lt": "Lieutenant", "lieutenant": "Lieutenant", "sgt": "Sergeant", "sergeant": "Sergeant",
    "cpl": "Corporal", "corporal": "Corporal", "pvt": "Private", "private": "Private",
    "adm": "Admiral", "admiral": "Admiral", "vice adm": "Vice Admiral", "vice admiral": "Vice Admiral",
    "rear adm": "Rear Admiral", "rear admiral": "Rear Admiral", "cmdr": "Commander", "commander": "Commander",
    "field marshal": "Field Marshal",
}
COURTESY = {"mr", "mrs", "ms", "dr", "prof", "sir", "former", "acting", "interim", "the"}


def words(title: str) -> list[str]:
    return [w for w in re.split(r"\s+", title.lower().replace(".", " ").replace(",", " ")) if w]


def rank(title: str) -> str | None:
    """The rank a title ends with: the longest run of its last words that is a rank."""
    parts = words(title)
    for size in range(min(3, len(parts)), 0, -1):
        found = RANKS.get(" ".join(parts[-size:]))
        if found:
            return found
    return None


def office(title: str) -> tuple[str, ...]:
    return tuple(w for w in words(title) if w not in COURTESY)


def compatible(a: str, b: str) -> bool:
    ra, rb = rank(a), rank(b)
    if ra or rb:
        return ra == rb
    oa, ob = office(a), office(b)
    if not oa or not ob:
        return True
    short, long = sorted((oa, ob), key=len)
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


def title_conflict(entity: dict, sentences: dict[tuple[str, int], str]) -> dict | None:
    """A discrepancy for a person whose articles give titles that cannot all be true, else None."""
    titles = entity["attributes"].get("title", [])
    values = list(dict.fromkeys(t["value"] for t in titles))
    if len(values) < 2 or all(compatible(a, b) for i, a in enumerate(values) for b in values[i + 1:]):
        return None
    what = "rank" if any(rank(v) for v in values) else "title"
    by_value = {v: sorted({t["article"] for t in titles if t["value"] == v}) for v in values}
    description = f"{entity['name']}'s {what}: " + "; ".join(
        f"'{v}' in {len(arts)} article{'s' if len(arts) > 1 else ''}" for v, arts in by_value.items())
    items = []
    for t in titles:
        item = {"article": t["article"], "text": f"{t['value']} {t.get('text') or entity['name']}",
                "value": t["value"]}
        if "sentence" in t:
            item["sentence"] = sentences.get((t["article"], t["sentence"]), "")
            item["start"], item["end"] = t["start"], t["end"]
        items.append(item)
    return {"kind": "attribute", "description": description, "items": items, "entity": entity["id"],
            "attribute": "title"}


def record_title_conflicts(store, entities: list[dict]) -> None:
    """Replace the title discrepancies of `entities` (inside the caller's transaction)."""
    people = [e for e in entities if e["type"] == "PERSON" or e["attributes"].get("title")]
    for entity in people:
        # the sentences the entity's conflict already cites are read from it, not from every article again
        cited = {}
        for (items,) in store.db.execute("SELECT items FROM discrepancies WHERE kind='attribute' AND entity=?",
                                         (entity["id"],)):
            cited.update({(i["article"], i["start"]): i["sentence"] for i in json.loads(items) if "sentence" in i})
        store.db.execute("DELETE FROM discrepancies WHERE kind='attribute' AND entity=?", (entity["id"],))
        titles = entity["attributes"].get("title", [])
        if len({t["value"] for t in titles}) < 2:
            continue
        sentences = {}
        for t in titles:
            if "sentence" not in t or (t["article"], t["sentence"]) in sentences:
                continue
            text = cited.get((t["article"], t["start"]))
            if text is None:
                row = store.db.execute("SELECT text FROM sentences WHERE article=? AND idx=?",
                                       (t["article"], t["sentence"])).fetchone()
                text = row[0] if row else ""
            sentences[(t["article"], t["sentence"])] = text
        conflict = title_conflict(entity, sentences)
        if conflict:
            store.db.execute(
                "INSERT INTO discrepancies (kind, description, items, entity, attribute) VALUES (?,?,?,?,?)",
                ("attribute", conflict["description"], json.dumps(conflict["items"]), entity["id"], "title"))
