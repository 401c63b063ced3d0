"""Time expressions in symbolic form, kept so that an article can be dated again later.

An undated article's date may change when reports on the same story arrive (link/dating.py): its
expressions are then resolved against the new date with `TimexTagger.resolve`, which needs each
match's rule, slots and tense, not just its value. `dump` writes them as JSON (the rule's
parameters are not written: they come back from the rule file by the rule's id); `load` reads
them back into `FoundTimex` objects.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from . import FoundTimex, TimexTagger

_FIELDS = ("start", "end", "text", "type", "value", "mod", "anchor", "rule", "op", "slots", "rule_type", "tense",
           "tense_firm", "sent_start", "quoted", "para_start", "speech", "note")


def dump(found: list[FoundTimex]) -> str:
    return json.dumps([{k: _plain(getattr(f, k)) for k in _FIELDS} for f in found], ensure_ascii=False,
                      separators=(",", ":"))


def load(data: str, tagger: TimexTagger) -> list[FoundTimex]:
    params = {rule.id: rule.params for rule in tagger.rules.rules}
    out = []
    for item in json.loads(data or "[]"):
        f = FoundTimex(**{k: item.get(k) for k in _FIELDS if k in item})
        f.slots = {k: _restore(v) for k, v in (f.slots or {}).items()}
        f.params = dict(params.get(f.rule, {}))
        out.append(f)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):  # "two and a half weeks"
        return {"__fraction__": [value.numerator, value.denominator]}
    if isinstance(value, tuple):
        return {"__tuple__": [_plain(v) for v in value]}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            return tuple(_restore(v) for v in value["__tuple__"])
        if set(value) == {"__fraction__"}:
            return Fraction(*value["__fraction__"])
        return {k: _restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value
