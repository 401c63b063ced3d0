"""Quote speakers to entities (reduce): a quote whose speaker resolved to a mention in its
article gets that mention's entity as `speaker_id`.

A speaker named by a surname alone that NER took for a place or an organisation ("Ostberg told the
Courier" with Ostberg tagged GPE) is a person when the store knows exactly one person of that surname:
speaking is what the text says of them, so the mention joins that person.

Incremental like entity linking: only quotes with no `speaker_id` yet are looked at (a
partial index keeps them), so a run touches the new articles' quotes, plus any whose
mention was not linked before.
"""

from __future__ import annotations

from collections import Counter

from .entities import AMBIGUOUS, count_names
from .names import name_key


LONGEST_MENTION = 300  # characters: a mention overlapping a speaker starts at most this far before it


def link_quote_speakers(store) -> int:
    """Fill `speaker_id` from the linked entity of the speaker's mention. Returns quotes linked."""
    rows = store.query(
        """SELECT q.id, m.id AS mention, m.text, m.entity, m.start = q.speaker_start AND m."end" = q.speaker_end AS exact,
                  m."end" - m.start AS length
           FROM quotes q JOIN mentions m
             ON m.article = q.article AND m.entity IS NOT NULL
            AND m.start < q.speaker_end AND m."end" > q.speaker_start
            AND m.start >= q.speaker_start - ?
           WHERE q.speaker_id IS NULL AND q.speaker_start IS NOT NULL""", (LONGEST_MENTION,)
    )
    best: dict[int, tuple] = {}  # quote id -> (exact, length, entity, mention, text): the mention itself, else the longest overlap
    for row in rows:
        candidate = (row["exact"], row["length"], row["entity"], row["mention"], row["text"])
        if row["id"] not in best or candidate > best[row["id"]]:
            best[row["id"]] = candidate
    links, people, names = [], [], Counter()
    for quote, (_exact, _length, entity, mention, text) in best.items():
        person = speaking_person(store, entity, text)
        if person:
            people.append((person, mention))
            if entity:
                names[(entity, text)] -= 1  # the mention's name now counts for the person
            names[(person, text)] += 1
            entity = person
        links.append((entity, quote))
    if links:
        with store.transaction():
            store.db.executemany("UPDATE mentions SET entity=? WHERE id=?", people)
            count_names(store, names)
            store.db.executemany("UPDATE quotes SET speaker_id=? WHERE id=?", links)
    return len(links)


def speaking_person(store, entity: str, text: str) -> str | None:
    """The one person whose surname `text` is, when the speaker's own entity is not a person."""
    if len(text.split()) != 1 or store.scalar("SELECT type FROM entities WHERE id=?", (entity,)) == "PERSON":
        return None
    person = store.scalar("SELECT entity FROM entity_keys WHERE type='surname' AND key=?", (name_key(text),))
    return person if person and person != AMBIGUOUS else None
