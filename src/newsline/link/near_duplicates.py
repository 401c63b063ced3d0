"""Near-duplicate articles (wire copy run by several outlets), found with MinHash LSH.

Each article's MinHash signature (computed in the map step) is cut into LSH bands with
datasketch's parameters for the threshold; a band is a row of `article_bands`, so a new
article meets only the articles sharing a band with it, never the whole store. Two articles
are near duplicates when their estimated Jaccard similarity (word 5-grams) reaches
THRESHOLD. The groups are the connected components of that relation, and every member but
the first (earliest date, then id) is marked `near_duplicate_of` the first: the same
whatever order the copies arrived in. A new pair joins the stored groups of its two articles
(`grown_groups`), so a run's cost follows what is new, not the size of the groups.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ..nlp.near_duplicates import NUM_PERM, hashvalues
from .disjoint import DisjointSets

THRESHOLD = 0.6
BAND_THRESHOLD = 0.4  # bands tuned lower than the test, so a pair at 0.6-0.75 is (almost) never missed


def lsh_shape(threshold: float = BAND_THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) datasketch chooses for this threshold (its false positive/negative balance)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_keys(values: np.ndarray, bands: int, rows: int) -> list[str]:
    return [f"{b}:{hashlib.sha1(values[b * rows:(b + 1) * rows].tobytes()).hexdigest()[:16]}" for b in range(bands)]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def mark_near_duplicates(store) -> int:
    """Place every article whose signature is not placed yet; returns how many were marked."""
    new = store.query("SELECT article, signature FROM article_signatures WHERE placed = 0")
    if not new:
        return 0
    bands, rows = lsh_shape()
    pairs: list[tuple[str, str]] = []
    with store.transaction():
        for row in new:
            values = hashvalues(row["signature"])
            keys = band_keys(values, bands, rows)
            found = set()
            for chunk in range(0, len(keys), 500):
                part = keys[chunk:chunk + 500]
                found |= {r[0] for r in store.db.execute(
                    f"SELECT DISTINCT article FROM article_bands WHERE band IN ({','.join('?' * len(part))})", part)}
            found.discard(row["article"])
            for other in sorted(found):
                sig = store.db.execute("SELECT signature FROM article_signatures WHERE article=?", (other,)).fetchone()
                if sig and jaccard(values, hashvalues(sig[0])) >= THRESHOLD:
                    pairs.append((row["article"], other))
            store.db.executemany("INSERT OR IGNORE INTO article_bands (band, article) VALUES (?,?)",
                                 [(k, row["article"]) for k in keys])
            store.db.execute("UPDATE article_signatures SET placed = 1 WHERE article=?", (row["article"],))
        marked = 0
        for group in grown_groups(store, pairs):
            first = min(group, key=lambda a: (store.db.execute("SELECT COALESCE(date, '9999') FROM articles WHERE id=?",
                                                               (a,)).fetchone()[0], a))
            for article in group:
                store.db.execute("UPDATE articles SET near_duplicate_of=? WHERE id=?",
                                 (None if article == first else first, article))
                marked += article != first
    return marked


def grown_groups(store, pairs: list[tuple[str, str]]) -> list[set[str]]:
    """The groups the new near-duplicate pairs make: the stored groups are already whole (connected
    components of the pairs found before), so a new pair joins its two articles' groups, read from
    `near_duplicate_of`, rather than walking every member's bands again (a wire story run by
    hundreds of outlets is one large group)."""
    sets = DisjointSets()
    for a, b in pairs:
        sets.union(a, b)
    stored: dict[str, str] = {}  # stored group's first -> an article of ours in it
    for article in sorted(sets.parent):
        first = store.db.execute("SELECT COALESCE(near_duplicate_of, id) FROM articles WHERE id=?", (article,)).fetchone()
        first = first[0] if first else article
        if first in stored:
            sets.union(article, stored[first])
            continue
        stored[first] = article
        sets.union(article, first)
        for (member,) in store.db.execute("SELECT id FROM articles WHERE near_duplicate_of=?", (first,)):
            sets.union(article, member)
    return [set(members) for _root, members in sorted(sets.groups().items())]
