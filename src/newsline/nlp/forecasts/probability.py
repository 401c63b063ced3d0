"""Reading a hedge as a probability: the hedge table (rules/hedges.yaml, built from survey medians
and the published scales) for the phrases it lists, and one compositional rule for the rest.

The rule works on the log-odds scale, L(p) = ln(p / (1 - p)), where 0.5 is 0 and the two
directions are symmetric. A phrase is read as a chain of operators over a base:

- intensifier ("very", "highly", "extremely"): L -> k_int * L, away from even chance;
- attenuator ("almost", "virtually", "nearly"): L -> k_alm * L, back from the end of the scale;
- negation of the judgement ("not likely"; the affixed "unlikely", "improbable"; "doubt" as
  not-"believe"): L -> -k_neg * L, reflected around 0.5 (k_neg is not forced to 1: the survey's
  "unlikely" is further from 0.5 than its "likely");
- a negation over a negated phrase ("not unlikely"): L -> L / k_neg, the plain phrase weakened;
- negation of the event inside the judgement ("probably not", "almost certainly not"): L -> -L,
  exactly: P(not X) read as "probably" leaves 1 - p for X;
- approximators ("about", "roughly") change nothing;
- a negated end of the scale ("not certain", "not impossible") denies that end without asserting the
  other: read as even chance.

Bases: a phrase of the table, a word read as an end of the scale ("certain", "no chance": epsilon
from the end), a quantifier of a possibility noun by class ("little chance", "a real possibility":
low, good, even), a judgement stem ("likely", "probable", "believe": one meaning, so a stem the
table lacks is read as the median of the others), or newsline's own defaults for words no survey
covers (modals, "expected", "set to": rules/en.yaml, each with its reason).

k_int, k_alm and k_neg are fitted on the table itself: each is the median, over the table's pairs
(phrase, operator + phrase), of the ratio of their log-odds. A base the table lacks is estimated
from the table phrases built on it (the median of their log-odds with the operators undone). So the
rule, not a list, reads an unseen phrase, and leaving one phrase out of the table (`without`)
predicts it from the others: bench/forecasts reports that leave-one-out error.

Nested hedges ("it is not unlikely that it may fall") are read by the cue finder (cues.py) as the
outermost judgement: an inner "may" or "will" under it is modal concord or tense, not a second
estimate; a negation under it is the event's (polarity), not the estimate's.
"""

from __future__ import annotations

import functools
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

import yaml

RULES = Path(__file__).with_name("rules")
FILLERS = {"we", "it", "is", "that", "there", "a", "an", "the", "are", "be", "'s", "was", "were", "to", "of"}
MORPHOLOGY = {"certainly": "certain", "probably": "probable", "improbably": "improbable", "possibly": "possible",
              "surely": "sure", "definitely": "definite", "inevitably": "inevitable", "likely": "likely"}


def logit(p: float, eps: float) -> float:
    p = min(max(p, eps), 1 - eps)
    return math.log(p / (1 - p))


def expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(frozen=True)
class Reading:
    probability: float
    how: str  # "table", "rule: very(likely)", "default: will", ...


@dataclass(frozen=True)
class Params:
    k_int: float
    k_alm: float
    k_neg: float


class HedgeReader:
    """Phrase -> Reading. `without` leaves phrases out of the table (leave-one-out)."""

    def __init__(self, table: dict[str, float], rules: dict, *, without: frozenset[str] = frozenset()):
        self.rules = rules["probability"]
        self.eps = float(self.rules["epsilon"])
        self.table = {k: v for k, v in table.items() if k not in without}
        self.defaults = {k: float(v["p"]) for k, v in self.rules["defaults"].items()}
        self.negators = set(self.rules["negators"])
        self.intensifiers = set(self.rules["intensifiers"])
        self.attenuators = {a for a in self.rules["attenuators"] if " " not in a}
        self.attenuator_phrases = [a.split() for a in self.rules["attenuators"] if " " in a]
        self.approximators = set(self.rules["approximators"])
        self.high = {w for w in self.rules["absolute_high"]}
        self.low = {w for w in self.rules["absolute_low"]}
        self.affixal = dict(self.rules["affixal"])
        self.stems = list(self.rules["judgement_stems"])
        self.nouns = set(rules["possibility_nouns"])
        self.modals = set(rules["modals"])
        self.classes = {w: name for name, words in self.rules["quantifiers"].items() for w in words}
        self.comparatives = {p: name for name, phrases in self.rules.get("comparatives", {}).items() for p in phrases}
        self.params = self._fit()
        self._base_cache: dict[str, float | None] = {}

    # -- parsing a phrase into operators over a base ----------------------------------------
    def parse(self, words: list[str]) -> tuple[list[str], str] | None:
        """(operators outermost first, base key) or None when the phrase is not a hedge the rule knows.
        Base keys: "table:<phrase>", "abs:high", "abs:low", "class:<name>", "stem:<word>",
        "default:<word>", "cmp:<name>"."""
        raw = " ".join(words)
        words = [w for w in words if w not in FILLERS] or words
        if not words:
            return None
        phrase = " ".join(words)
        if raw in self.comparatives:
            return [], f"cmp:{self.comparatives[raw]}"
        if phrase in self.comparatives:
            return [], f"cmp:{self.comparatives[phrase]}"
        if len(words) == 1 and words[0] in self.stems:
            return [], f"stem:{words[0]}"
        if phrase in self.high:
            return [], "abs:high"
        if phrase in self.low:
            return [], "abs:low"
        first, rest = words[0], words[1:]
        if len(words) == 1 and self.classes.get(first) == "even":
            return [], "class:even"
        if len(words) == 2 and first in self.modals and rest[0] in self.defaults:
            return [], f"default:{rest[0]}"  # "may well", "could well"
        if rest:
            if first in self.approximators:
                return self.parse(rest)
            for op, group in (("int", self.intensifiers), ("alm", self.attenuators), ("neg", self.negators)):
                if first in group:
                    inner = self.parse(rest)
                    if inner and op == "neg" and not inner[0] and inner[1] in ("abs:high", "abs:low"):
                        return [], "class:even"  # "not certain", "not impossible": a denial of the end, not its opposite
                    return ([op] + inner[0], inner[1]) if inner else None
            for multi in self.attenuator_phrases:
                if words[:len(multi)] == multi and len(words) > len(multi):
                    inner = self.parse(words[len(multi):])
                    return (["alm"] + inner[0], inner[1]) if inner else None
            if words[-1] in ("not", "n't"):
                inner = self.parse(words[:-1])
                return (["evneg"] + inner[0], inner[1]) if inner else None
        if len(words) == 1 and first in self.affixal:
            inner = self.parse([self.affixal[first]])
            return (["neg"] + inner[0], inner[1]) if inner else None
        noun = next((w for w in words if w in self.nouns), None)
        if noun is not None:
            others = [w for w in words if w != noun]
            known = [self.classes[w] for w in others if w in self.classes]
            if known:
                return [], f"class:{known[0]}"
            if not others:
                return [], "default:chance"
            if others[0] in self.defaults:
                return [], f"default:{others[0]}"  # "some chance"
        if len(words) == 1 and first in MORPHOLOGY and MORPHOLOGY[first] != first:
            return [], f"table:{MORPHOLOGY[first]}" if MORPHOLOGY[first] in self.table else f"default:{first}"
        if len(words) == 1 and first in self.defaults:
            return [], f"default:{first}"
        return None

    # -- values -------------------------------------------------------------------------------
    def factor(self, ops: list[str], params: Params | None = None) -> float:
        """The operators' product, innermost first. A negation over a phrase already negated
        ("not unlikely": litotes) does not strengthen: the two read as the plain phrase pulled towards
        even chance by the negation factor (Horn's division of pragmatic labour: the marked form
        takes the weaker meaning)."""
        params = params or self.params
        f, negated = 1.0, False
        for op in reversed(ops):
            if op == "neg":
                f *= -1 / params.k_neg ** 2 if negated else -params.k_neg
                negated = not negated
            else:
                f *= {"int": params.k_int, "alm": params.k_alm, "evneg": -1.0}[op]
        return f

    def base_value(self, base: str) -> float | None:
        """The base's log-odds: fixed for the ends of the scale and the defaults; from the table
        when the table gives the base phrase itself; else estimated from the table phrases built on it."""
        if base in self._base_cache:
            return self._base_cache[base]
        kind, _, name = base.partition(":")
        value = None
        if kind == "abs":
            value = logit(1 - self.eps if name == "high" else self.eps, self.eps)
        elif kind == "table":
            value = logit(self.table[name], self.eps) if name in self.table else None
        elif kind == "default":
            value = logit(self.defaults[name], self.eps) if name in self.defaults else None
        if value is None and kind in ("stem", "class", "cmp", "table"):
            if kind == "stem" and name in self.table:
                value = logit(self.table[name], self.eps)
            else:
                value = self._estimate(base)
            if value is None and kind == "stem":  # one meaning: the other judgement stems
                others = [self.base_value(f"stem:{s}") for s in self.stems if s != name]
                others = [v for v in others if v is not None]
                value = statistics.median(others) if others else None
        self._base_cache[base] = value
        return value

    def _estimate(self, base: str) -> float | None:
        samples = []
        for phrase, p in self.table.items():
            parsed = self.parse(phrase.split())
            if parsed is None or parsed[1] != base:
                continue
            f = self.factor(parsed[0])
            if abs(f) > 1e-9:
                samples.append(logit(p, self.eps) / f)
        return statistics.median(samples) if samples else None

    def read(self, phrase: str) -> Reading | None:
        words = phrase.lower().replace("’", "'").split()
        key = " ".join(words)
        if key in self.table:
            return Reading(round(min(max(self.table[key], self.eps), 1 - self.eps), 3), "table")
        parsed = self.parse(words)
        if parsed is None:
            return None
        ops, base = parsed
        value = self.base_value(base)
        if value is None:
            return None
        how = base.partition(":")[2]
        for op in reversed(ops):
            how = f"{ {'int': 'intensified', 'alm': 'attenuated', 'neg': 'negated', 'evneg': 'event-negated'}[op]}({how})"
        kind = "default" if base.startswith("default:") and not ops else "rule"
        return Reading(round(expit(self.factor(ops) * value), 3), f"{kind}: {how}")

    # -- fitting the operator factors on the table ----------------------------------------------
    def _fit(self) -> Params:
        """Each factor: the median ratio of log-odds over the table's pairs (operator + phrase, phrase)."""
        samples: dict[str, list[float]] = {"int": [], "alm": [], "neg": []}
        for phrase, p in self.table.items():
            words = [w for w in phrase.split() if w not in FILLERS]
            op, inner = self._outer(words)
            if op not in samples:
                continue
            inner_value = self._known(inner)
            if inner_value is None or abs(inner_value) < 1e-9:
                continue
            ratio = logit(p, self.eps) / inner_value
            samples[op].append(-ratio if op == "neg" else ratio)
        fallback = {"int": 2.0, "alm": 0.75, "neg": 1.0}  # only when the table holds no pair at all
        fitted = {op: statistics.median(v) if v else fallback[op] for op, v in samples.items()}
        return Params(k_int=fitted["int"], k_alm=fitted["alm"], k_neg=fitted["neg"])

    def _outer(self, words: list[str]) -> tuple[str | None, list[str]]:
        if len(words) > 1:
            for op, group in (("int", self.intensifiers), ("alm", self.attenuators), ("neg", self.negators)):
                if words[0] in group:
                    return op, words[1:]
            for multi in self.attenuator_phrases:
                if words[:len(multi)] == multi:
                    return "alm", words[len(multi):]
        if len(words) == 1 and words[0] in self.affixal:
            return "neg", [self.affixal[words[0]]]
        return None, words

    def _known(self, words: list[str]) -> float | None:
        """Log-odds of a phrase given directly: in the table, or an end of the scale."""
        phrase = " ".join(words)
        if phrase in self.table:
            return logit(self.table[phrase], self.eps)
        if phrase in self.high or MORPHOLOGY.get(phrase) in self.high:
            return logit(1 - self.eps, self.eps)
        if phrase in self.low:
            return logit(self.eps, self.eps)
        if len(words) == 1 and MORPHOLOGY.get(phrase) in self.table:
            return logit(self.table[MORPHOLOGY[phrase]], self.eps)
        return None


@functools.lru_cache(maxsize=1)
def load_rules() -> dict:
    return yaml.safe_load((RULES / "en.yaml").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def load_table() -> dict[str, float]:
    data = yaml.safe_load((RULES / "hedges.yaml").read_text("utf-8"))
    return {phrase: float(item["p"]) for phrase, item in data["phrases"].items()}


@functools.lru_cache(maxsize=1)
def hedge_reader() -> HedgeReader:
    return HedgeReader(load_table(), load_rules())


def read_hedge(phrase: str) -> Reading | None:
    return hedge_reader().read(phrase)
