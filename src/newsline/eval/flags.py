"""Article flags against the developers' reading of them (bench/gold/flags-<topic>.yaml).

The gold says, per article and flag kind, whether what the flag claims holds for a reader
(`true: true` or `true: false`) and why (`note`). It lists every flag newsline raised when the
gold was made, and the articles newsline did not flag whose stated date the developers found
wrong: those are the misses. A raised flag takes the reading of its own kind; failing that, the
reading of a kind that makes the same claim (content older than stated, from the article's own
text or from other articles), since a reader's answer does not depend on where the evidence came
from. Precision is over the raised flags that have a reading; recall is over the gold's true
entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

# what each kind claims; kinds with the same claim answer for one another
CLAIMS = {
    "stated_date_before_reported_past": "content newer than the stated date",
    "content_older_than_stated_date": "content older than the stated date",
    "content_predates_stated_date": "content older than the stated date",
    "stated_date_in_future": "stated date after the ingest",
    "stated_date_unusable": "stated date unreadable",
    "stated_date_ambiguous": "stated date ambiguous",
    "stated_date_imprecise": "stated date imprecise",
    "no_stated_date": "no stated date",
}


@dataclass(frozen=True)
class Reading:
    holds: bool
    note: str


def load_flag_gold(path: str | Path) -> dict[str, dict[str, Reading]]:
    """{article key: {flag kind: Reading}}. The key `true` may reach us as YAML's boolean (an
    unquoted `true:` is one) or as a string; both are read. A malformed entry is a ValueError
    naming the file and the article."""
    path = Path(path)
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    entries = data.get("flags") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f"{path}: no `flags:` mapping of article keys")
    gold: dict[str, dict[str, Reading]] = {}
    for article, kinds in entries.items():
        if not isinstance(kinds, dict) or not kinds:
            raise ValueError(f"{path}: {article}: expected a mapping of flag kinds")
        gold[str(article)] = {}
        for kind, entry in kinds.items():
            if kind not in CLAIMS:
                raise ValueError(f"{path}: {article}: unknown flag kind {kind!r}")
            if not isinstance(entry, dict):
                raise ValueError(f"{path}: {article} {kind}: expected {{true: ..., note: ...}}")
            holds = entry.get(True, entry.get("true"))
            note = entry.get("note")
            if not isinstance(holds, bool):
                raise ValueError(f"{path}: {article} {kind}: `true` must be true or false")
            if not isinstance(note, str) or not note.strip():
                raise ValueError(f"{path}: {article} {kind}: a reading needs a note saying why")
            gold[str(article)][kind] = Reading(holds, note.strip())
    return gold


def reading_for(gold: dict[str, dict[str, Reading]], article: str, kind: str) -> Reading | None:
    judged = gold.get(article, {})
    if kind in judged:
        return judged[kind]
    same = [r for k, r in judged.items() if CLAIMS.get(k) == CLAIMS.get(kind)]
    return same[0] if same else None


def flag_scores(gold: dict[str, dict[str, Reading]], raised: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """`raised`: (article key, flag kind, reason) for every flag newsline raised. Counts of true,
    false and unread flags, the gold's true entries nothing raised (missed), precision, recall."""
    out: dict[str, Any] = {"total": 0, "true": 0, "false": 0, "unread": 0, "items": [], "missed": []}
    claims_raised: set[tuple[str, str]] = set()
    for article, kind, reason in raised:
        reading = reading_for(gold, article, kind)
        key = "unread" if reading is None else ("true" if reading.holds else "false")
        out["total"] += 1
        out[key] += 1
        claims_raised.add((article, CLAIMS.get(kind, kind)))
        out["items"].append({"article": article, "kind": kind, "reading": key, "reason": reason[:160],
                             "note": reading.note if reading else None})
    expected = [(a, k, r) for a, kinds in gold.items() for k, r in kinds.items() if r.holds]
    found = 0
    for article, kind, reading in expected:
        if (article, CLAIMS[kind]) in claims_raised:
            found += 1
        else:
            out["missed"].append({"article": article, "kind": kind, "note": reading.note})
    judged = out["true"] + out["false"]
    out["precision"] = out["true"] / judged if judged else None
    out["recall"] = found / len(expected) if expected else None
    return out
