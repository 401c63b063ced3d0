"""Sentence embeddings: newsline's word-cached tokenisation gives wordllama's own vectors."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from newsline.nlp.events import embed as embedding

SAMPLE = Path(embedding.__file__).resolve().parents[2] / "data" / "sample" / "articles"

AWKWARD = [
    "Two  spaces between words,   and three here.",
    "A tab\tinside, a line break\nand a carriage return\r\nat the end ",
    " leading space and trailing space ",
    "Punctuation-heavy: (AP) — \u201cquoted\u201d, 'single', 1,200 m³ & 45%!",
    "Accents and scripts: café, Zürich, Москва, 東京, emoji 🙂.",
    "The markers <s> and </s> and <unk> are the tokenizer's own tokens.",
    "An odd \u2581 lower-one-eighth block \u2581\u2581 in running text.",
    "x" * 400,
]


def sample_sentences() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.rglob("*.txt"))[:12]]
    return [s for text in texts for s in re.split(r"(?<=[.!?])\s+", text) if s]


@pytest.fixture(scope="module")
def model():
    return embedding.load_model()


def test_vectors_equal_wordllama_on_sample_and_awkward_text(model):
    texts = sample_sentences() + AWKWARD
    assert len(texts) >= 100
    ours = embedding.embed(texts)
    theirs = np.asarray(model.embed(texts, norm=True), dtype=np.float32)
    assert ours.shape == theirs.shape == (len(texts), embedding.DIM)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)


def test_token_ids_equal_the_tokenizers(model):
    tokens = embedding.TokenCache(model.tokenizer)
    for text in sample_sentences()[:60] + AWKWARD:
        expected = model.tokenizer.encode(text, add_special_tokens=False)
        assert tokens(text) == expected.ids[: sum(expected.attention_mask)], text
    assert tokens(AWKWARD[0]) == tokens(AWKWARD[0])  # from the cache the second time


def test_empty_input_and_empty_text():
    assert embedding.embed([]).shape == (0, embedding.DIM)
    vectors = embedding.embed(["", "words here"])
    assert not vectors[0].any()  # no tokens: a zero row, not NaN
    assert abs(float(np.linalg.norm(vectors[1])) - 1.0) < 1e-5
