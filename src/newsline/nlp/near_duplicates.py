"""MinHash signature of an article's text (map step), for near-duplicate wire copy.

Shingles are word 5-grams of the lower-cased text, so a changed headline, a dropped
sentence or "approved" -> "passed" leaves most of them shared. The signature is computed
here, where work runs in parallel; the LSH bands and the comparison are in
`newsline.link.near_duplicates`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE = 5
SEED = 1
WORD = re.compile(r"\w+")


def shingles(text: str) -> list[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)]


@lru_cache(maxsize=1)
def _template():
    """A MinHash whose permutations every signature reuses (drawing 128 of them anew each time
    cost half the stage)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(text: str) -> bytes | None:
    from datasketch import MinHash

    grams = shingles(text)
    if not grams:
        return None
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(grams)
    return minhash.hashvalues.astype(np.uint64).tobytes()


def hashvalues(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint64)


def add_signature(analysis, doc=None) -> None:
    """Extraction stage: the article's MinHash signature."""
    analysis.signature = signature(analysis.article.text)
