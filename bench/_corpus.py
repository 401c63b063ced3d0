"""Bench corpora: the bundled sample corpus, resampled into as many distinct articles as asked.

Each synthetic article takes its date and first paragraph from one sample article and
appends paragraphs drawn (seeded) from others, so texts are realistic news prose, all
distinct (no content-hash no-ops) and the run is repeatable.
"""

from __future__ import annotations

import random
from pathlib import Path

from newsline.api import sample_corpus_path
from newsline.ingest import read_paths
from newsline.records import RawArticle


def sample_articles() -> list[RawArticle]:
    return [a for a in read_paths([sample_corpus_path()]) if isinstance(a, RawArticle)]


def resampled(n: int, seed: int = 7) -> list[tuple[str | None, str]]:
    """n (stated_date, text) pairs made from the sample corpus."""
    rng = random.Random(seed)
    base = sample_articles()
    paragraphs = [p for a in base for p in a.text.split("\n\n") if len(p.split()) > 12]
    out = []
    for i in range(n):
        head = base[i % len(base)]
        first = head.text.split("\n\n")[0]
        body = [first] + rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(3, 6)))
        out.append((head.stated_date, "\n\n".join(body)))
    return out


def write_corpus(items: list[tuple[str | None, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (date, text) in enumerate(items):
        header = f" date {date}\n" if date else ""
        (folder / f"article-{i:05d}.txt").write_text(header + text, encoding="utf-8")
