"""The shared timeline-summarisation topics (../shared/data/tls/<topic>/) as newsline input.

T17 articles come tokenised Penn-Treebank style ("do n't", "-LRB-", "`` ... ''"), one sentence
per line: `detokenise` undoes what a reader would notice, so newsline reads them as the real
reports they were; each sentence becomes a paragraph (the articles' own paragraphs are lost).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

BRACKETS = (("-LRB-", "("), ("-RRB-", ")"), ("-LSB-", "["), ("-RSB-", "]"), ("-LCB-", "{"), ("-RCB-", "}"))


def detokenise(sentence: str) -> str:
    for token, char in BRACKETS:
        sentence = sentence.replace(token, char)
    sentence = re.sub(r"``\s*", '"', sentence)
    sentence = re.sub(r"\s*''", '"', sentence)
    sentence = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", sentence)
    sentence = re.sub(r" ([.,;:!?%)\]}])", r"\1", sentence)
    sentence = re.sub(r"([(\[{$]) ", r"\1", sentence)
    sentence = re.sub(r"` ([^`']*?) '", r"'\1'", sentence)
    return sentence


def topic_folders(data: Path) -> list[Path]:
    """Every folder under `data` laid out as a topic (articles.jsonl beside timelines.jsonl)."""
    return sorted(p for p in data.iterdir() if (p / "articles.jsonl").is_file()) if data.is_dir() else []


def load_articles(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "articles.jsonl").read_text("utf-8").splitlines() if line.strip()]


def load_timelines(folder: Path) -> list[list[tuple[str, list[str]]]]:
    path = folder / "timelines.jsonl"
    if not path.is_file():
        return []
    return [[(date, sentences) for date, sentences in json.loads(line)]
            for line in path.read_text("utf-8").splitlines() if line.strip()]


def write_jsonl(folder: Path, out: Path, *, keep_dates: bool = True, withhold=lambda index: False) -> Path:
    """The topic's articles as newsline JSON Lines (url tls://<id>); `withhold(index)` drops the date."""
    lines = []
    for index, article in enumerate(load_articles(folder)):
        record = {"text": "\n\n".join(detokenise(s) for s in article["sentences"]), "url": f"tls://{article['id']}"}
        if keep_dates and not withhold(index):
            record["date"] = article["pub_date"]
        lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
