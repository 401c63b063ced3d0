"""Quote speakers to entities (reduce): a quote whose speaker resolved to a mention in its
article gets that mention's entity as `speaker_id`.

Incremental like entity linking: only quotes with no `speaker_id` yet are looked at (a
partial index keeps them), so a run touches the new articles' quotes, plus any whose
mention was not linked before.
"""

from __future__ import annotations


def link_quote_speakers(store) -> int:
    """Fill `speaker_id` from the linked entity of the speaker's mention. Returns quotes linked."""
    rows = store.query(
        """SELECT q.id, m.entity, m.start = q.speaker_start AND m."end" = q.speaker_end AS exact,
                  m."end" - m.start AS length
           FROM quotes q JOIN mentions m
             ON m.article = q.article AND m.entity IS NOT NULL
            AND m.start < q.speaker_end AND m."end" > q.speaker_start
           WHERE q.speaker_id IS NULL AND q.speaker_start IS NOT NULL"""
    )
    best: dict[int, tuple] = {}  # quote id -> (exact, length, entity): the mention itself, else the longest overlap
    for row in rows:
        candidate = (row["exact"], row["length"], row["entity"])
        if row["id"] not in best or candidate > best[row["id"]]:
            best[row["id"]] = candidate
    links = [(entity, quote) for quote, (_exact, _length, entity) in best.items()]
    if links:
        with store.transaction():
            store.db.executemany("UPDATE quotes SET speaker_id=? WHERE id=?", links)
    return len(links)
