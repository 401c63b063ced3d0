"""Sentence embeddings for event mentions: wordllama's static token embeddings (shipped in
its wheel: numpy only, no torch, no download).

WordLlama.load() looks for its bundled tokenizer config under `tokenizer/` while the wheel
ships it under `tokenizers/`; pointing `cache_dir` at the installed package (whose
`tokenizers/` holds the file) with `disable_download=True` loads it offline, and any
attempt to reach the network would raise instead of downloading.

Texts are tokenised a word at a time through a cache (`TokenCache`), not by the tokenizer's
`encode_batch`, which costs more than the rest of the embedding: the model's tokenizer turns
spaces into "▁" and runs BPE over the whole string, and since no token of its vocabulary holds a
"▁" after another character (only runs of "▁"), no merge crosses the start of a "▁"-run, so a
text's ids are its words' ids end to end. tests/test_embed.py checks them equal to wordllama's.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np

DIM = 256
_MODEL = None


def load_model():
    global _MODEL
    if _MODEL is None:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        import wordllama  # its inference module calls logging.basicConfig(INFO) on import: undone below

        root.handlers[:] = handlers
        root.setLevel(level)
        package = Path(wordllama.__file__).parent
        _MODEL = wordllama.WordLlama.load(config="l2_supercat", dim=DIM, cache_dir=package, disable_download=True)
    return _MODEL


class TokenCache:
    """A text's token ids as the model's tokenizer gives them (its normaliser: "▁" before the text
    and for every space), from the BPE ids of each "▁"-led word, each word tokenised once."""

    WORD = re.compile("▁+[^▁]*")
    SPECIAL = re.compile("<unk>|</?s>")  # the tokenizer's added tokens: matched before BPE, so such a text goes whole
    LIMIT = 500_000  # words kept before the cache starts again

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.bpe = tokenizer.model
        self.ids: dict[str, list[int]] = {}

    def __call__(self, text: str) -> list[int]:
        if not text:  # the normaliser puts no "▁" before an empty text
            return []
        if self.SPECIAL.search(text):
            return self.tokenizer.encode(text, add_special_tokens=False).ids
        cache, out = self.ids, []
        for word in self.WORD.findall("▁" + text.replace(" ", "▁")):
            ids = cache.get(word)
            if ids is None:
                if len(cache) >= self.LIMIT:
                    cache.clear()
                ids = cache[word] = [token.id for token in self.bpe.tokenize(word)]
            out.extend(ids)
        return out


_TOKENS: TokenCache | None = None


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text: the mean of its tokens' static embeddings,
    as wordllama's `embed(norm=True)` computes it (an empty list gives a 0 x DIM array; a text with
    no tokens, a zero row)."""
    global _TOKENS
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_model()
    if _TOKENS is None:
        _TOKENS = TokenCache(model.tokenizer)
    table, top = model.embedding, model.embedding.shape[0] - 1
    vectors = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for row, text in zip(vectors, texts):
        ids = _TOKENS(text)
        if ids:
            total = table[np.clip(ids, 0, top)].sum(axis=0)  # one text at a time: np.add.reduceat is slower
            row[:] = total / np.float32(len(ids))
    lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, lengths, out=vectors, where=lengths > 0)
    return vectors


def to_blob(vector: np.ndarray) -> bytes:
    """float16 bytes: half the store space, far more precision than a cosine test needs."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes | None) -> np.ndarray:
    if not blob:
        return np.zeros(DIM, dtype=np.float32)
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
