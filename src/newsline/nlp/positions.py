"""Finding the few tokens or records a stage looks at by position, not by reading them all.

A stage asks once per article where its candidates are (tokens whose word, lemma or part of speech
could matter, read from the Doc's arrays; records sorted by where they start), then each sentence or
clause takes its own slice by bisection. Reading every token of every sentence as a spaCy `Token`
cost more than the stages' own work; scanning every record per clause made long texts quadratic.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection

import numpy as np
from spacy.strings import hash_string


def word_keys(words: Collection[str]) -> list[int]:
    """The hashes spaCy keeps for `words` (what `LOWER` and `LEMMA` arrays hold)."""
    return [hash_string(word) for word in words]


def token_mask(doc, attr: int, keys: Collection[int]) -> np.ndarray:
    """Which tokens have one of `keys` as their `attr` (POS ids, or word hashes from `word_keys`)."""
    return np.isin(doc.to_array(attr), list(keys))


def positions(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()


def within(sorted_positions: list[int], start: int, end: int) -> list[int]:
    """The positions in [start, end), e.g. a sentence's tokens among the doc's candidates."""
    return sorted_positions[bisect.bisect_left(sorted_positions, start): bisect.bisect_left(sorted_positions, end)]


class ByStart:
    """Records (time expressions, mentions) by where they start, so a clause looks only at its own
    (a long text has thousands)."""

    def __init__(self, records):
        self.records = sorted(records, key=lambda r: r.start)
        self.starts = [r.start for r in self.records]

    def between(self, start: int, end: int) -> list:
        """Those starting in [start, end)."""
        return self.records[bisect.bisect_left(self.starts, start): bisect.bisect_left(self.starts, end)]
