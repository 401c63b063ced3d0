"""Sentence embeddings for event mentions: wordllama's static token embeddings (shipped in
its wheel: numpy only, no torch, no download).

WordLlama.load() looks for its bundled tokenizer config under `tokenizer/` while the wheel
ships it under `tokenizers/`; pointing `cache_dir` at the installed package (whose
`tokenizers/` holds the file) with `disable_download=True` loads it offline, and any
attempt to reach the network would raise instead of downloading.
"""

from __future__ import annotations

import logging
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


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty list gives a 0 x DIM array)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = load_model().embed(texts, norm=True, batch_size=64)
    return np.asarray(vectors, dtype=np.float32)


def to_blob(vector: np.ndarray) -> bytes:
    """float16 bytes: half the store space, far more precision than a cosine test needs."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes | None) -> np.ndarray:
    if not blob:
        return np.zeros(DIM, dtype=np.float32)
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
