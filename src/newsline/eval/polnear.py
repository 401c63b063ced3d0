"""PolNeAR (political news attribution relations, brat standoff) as gold quotes.

Each `E` line is one attribution: Source, Cue, Content spans (a span may be discontinuous,
`a b;c d`; a second content piece may come as `Content2`). An agreement article annotated
by several annotators is read from its first annotation file (sorted by name), as the
corpus' own notes advise. Nothing of the corpus is copied anywhere: it is read in place.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass
class Attribution:
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Document:
    name: str
    text: str
    date: str | None
    attributions: list[Attribution]


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        m = T_LINE.match(line)
        if m:
            spans[m.group(1)] = [tuple(map(int, piece.split())) for piece in m.group(3).split(";")]
            continue
        m = E_LINE.match(line)
        if m:
            roles: dict[str, list[str]] = {}
            for part in m.group(2).split():
                if ":" in part:
                    role, tid = part.split(":", 1)
                    roles.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
            out.append(roles)  # resolved below, once every T line is read
    result = []
    for roles in out:
        def pieces(role: str) -> list[tuple[int, int]]:
            return sorted(p for tid in roles.get(role, []) for p in spans.get(tid, []))
        result.append(Attribution(pieces("Source"), pieces("Cue"), pieces("Content")))
    return result


def documents(root: Path) -> list[str]:
    """Article names in sorted order."""
    return sorted(p.stem for p in (root / "train" / "text").glob("*.txt"))


def split(names: list[str]) -> dict[str, list[str]]:
    """dev: four of every five articles (sorted by name) to look at; heldout: every fifth, scored
    and never read for errors."""
    return {"dev": [n for i, n in enumerate(names) if i % 5 != 4],
            "heldout": [n for i, n in enumerate(names) if i % 5 == 4]}


def load(root: Path, name: str, dates: dict[str, str] | None = None) -> Document:
    text = (root / "train" / "text" / f"{name}.txt").read_text(encoding="utf-8")
    ann = sorted((root / "train" / "attributions").glob(f"{name}_*.ann"))
    attributions = read_ann(ann[0]) if ann else []
    return Document(name, text, (dates or {}).get(name), attributions)


def publication_dates(root: Path) -> dict[str, str]:
    path = root / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")}
