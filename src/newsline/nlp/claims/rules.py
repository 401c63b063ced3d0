"""The claim extractor's vocabularies (rules/en.yaml), loaded once and compiled into lookups."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


def alternation(words) -> str:
    """A regex alternation of `words`, longest first, each escaped; spaces match any white space."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True)
class Vocabulary:
    raw: dict[str, Any]
    word_values: dict[str, int]  # every number word -> its value (units, tens, hundred, scales, dozen)
    scales: dict[str, int]
    suffixes: dict[str, int]
    vague: dict[str, tuple[float, float]]
    fractions: dict[str, float]
    qualifier_of: dict[str, str]  # phrase -> canonical
    qualifier_after_of: dict[str, str]
    unit_of: dict[str, str]  # written form -> normalised unit
    currency_symbols: dict[str, str]
    currency_codes: frozenset[str]
    currency_word_of: dict[str, str]
    minor_units: dict[str, float]
    label_words: frozenset[str]
    change: dict[str, frozenset[str]]
    what: dict[str, Any]
    state_of: dict[str, str]  # lemma/word -> canonical state
    max_value: float
    year_range: tuple[int, int]

    @property
    def qualifier_re(self) -> str:
        return alternation(self.qualifier_of)


@functools.lru_cache(maxsize=4)
def vocabulary(lang: str = "en") -> Vocabulary:
    text = resources.files("newsline.nlp.claims").joinpath(f"rules/{lang}.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    words = raw["number_words"]
    word_values = {**words["units"], **words["tens"], **words["hundred"], **words["scales"], **words["dozen"]}
    qualifier_of = {p: q for q, phrases in raw["qualifiers"].items() for p in phrases}
    qualifier_after_of = {p: q for q, phrases in raw["qualifiers_after"].items() for p in phrases}
    unit_of = {w: unit for unit, forms in raw["units"].items() for w in forms}
    currency_word_of = {w: code for code, forms in raw["currency_words"].items() for w in forms}
    change = {k: frozenset(v) for k, v in raw["change"].items()}
    state_of = {w: state for state, forms in raw["what"]["states"].items() for w in forms}
    return Vocabulary(
        raw=raw, word_values=word_values, scales=dict(words["scales"]), suffixes=dict(raw["scale_suffixes"]),
        vague={k: (float(v[0]), float(v[1])) for k, v in raw["vague"].items()},
        fractions={k: float(v) for k, v in raw["fractions"].items()},
        qualifier_of=qualifier_of, qualifier_after_of=qualifier_after_of, unit_of=unit_of,
        currency_symbols=dict(raw["currency_symbols"]), currency_codes=frozenset(raw["currency_codes"]),
        currency_word_of=currency_word_of, minor_units=dict(raw["minor_currency_units"]),
        label_words=frozenset(w.lower() for w in raw["label_words"]), change=change, what=raw["what"],
        state_of=state_of, max_value=float(raw["max_value"]), year_range=tuple(raw["year_range"]),
    )
