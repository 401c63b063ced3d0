"""Entity merge quality against a surface-form gold (bench/gold/entities-*.yaml).

The gold names real entities and the surface forms that name them in one collection. Every
mention whose (normalised) text is one of those forms is scored; forms the gold calls ambiguous
and mentions of entities the gold does not list are left out. Pairwise merge precision: of the
pairs of scored mentions newsline puts in one entity, the share the gold puts in one entity;
recall: of the pairs the gold puts together, the share newsline does (the usual B-cubed-free
clustering pair counts, from the contingency table, so no pair list is built).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..link.names import name_key


def load_entity_gold(path: str | Path) -> dict[str, Any]:
    gold = yaml.safe_load(Path(path).read_text("utf-8"))
    forms: dict[str, str] = {}
    for entity in gold["entities"]:
        for alias in entity["aliases"]:
            key = name_key(alias)
            if key in forms and forms[key] != entity["name"]:
                raise ValueError(f"{path}: {alias!r} is listed under {forms[key]!r} and {entity['name']!r}")
            forms[key] = entity["name"]
    gold["forms"] = forms
    gold["ambiguous_keys"] = {name_key(a) for a in gold.get("ambiguous", [])}
    return gold


def pairs(counts: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def merge_scores(gold: dict[str, Any], mentions: Iterable[tuple[str, str | None]]) -> dict[str, Any]:
    """`mentions`: (mention text, entity id or None). Pairwise merge precision and recall."""
    cells: Counter = Counter()
    for number, (text, entity) in enumerate(mentions):
        key = name_key(text)
        if key in gold["ambiguous_keys"] or key not in gold["forms"]:
            continue
        cells[(gold["forms"][key], entity or f"unlinked-{number}")] += 1
    gold_sizes: Counter = Counter()
    ours: Counter = Counter()
    for (g, ours_id), n in cells.items():
        gold_sizes[g] += n
        ours[ours_id] += n
    together = pairs(cells.values())
    predicted, expected = pairs(ours.values()), pairs(gold_sizes.values())
    # where the gold's entities are split or joined, the worst offenders first
    split = {g: sorted(n for (gg, _), n in cells.items() if gg == g) for g in gold_sizes}
    joined = {o: sorted({g for (g, oo) in cells if oo == o}) for o in ours}
    return {
        "mentions": sum(cells.values()),
        "precision": together / predicted if predicted else 1.0,
        "recall": together / expected if expected else 1.0,
        "split": {g: parts for g, parts in split.items() if len(parts) > 1},
        "joined": {o: names for o, names in joined.items() if len(names) > 1},
    }
