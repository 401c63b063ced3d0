"""The model's own rule pipes (attribute ruler, lemmatizer) run as table lookups.

The pinned model ends with two rule-based pipes: the attribute ruler (179 token patterns that turn
the tagger's fine tags into coarse POS, morphology and a few lemmas) and the rule lemmatizer. spaCy
runs the first through its general `Matcher` and the second token by token in Python: together
they cost a fifth of the model's time on news (~12 ms an article), more than the parser's share.

Here the same rules, read from the loaded model (nothing is copied or retrained), are applied to
whole arrays: the patterns are indexed by the tag or word they require, so each token is checked
against the few rules that can match it, and the lemmatizer's answers are cached by (word, POS,
morphology), spaCy's own cache key. The output is the model's, token for token:
tests/test_model_rules.py compares every attribute with the stock pipes on real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language

OTHER_WORD = None  # stands for every word no pattern tests for (see AttributeTable.word_of)
WRITTEN = [POS, TAG, MORPH, LEMMA, DEP]  # what the attribute rules may set (see `attrs` of each rule)
READ = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # what their patterns test, in this column order


@dataclass
class Test:
    """One token attribute test of a pattern: equality, membership (IN / NOT_IN) or a regex."""

    column: int
    kind: str
    value: object

    def __call__(self, values: tuple) -> bool:
        got = values[self.column]
        if self.kind == "==":
            return got == self.value
        if self.kind == "IN":
            return got in self.value
        if self.kind == "NOT_IN":
            return got not in self.value
        # REGEX, as spaCy's Matcher does (re.search); OTHER_WORD matched no word test (AttributeTable)
        return got is not OTHER_WORD and self.value.search(got) is not None


def compile_spec(spec: dict) -> list[Test]:
    tests = []
    for name, wanted in spec.items():
        if name not in READ:
            raise ValueError(f"attribute rule tests {name}, which the table does not read")
        column = READ[name]
        if not isinstance(wanted, dict):
            tests.append(Test(column, "==", wanted))
            continue
        ((kind, value),) = wanted.items()
        if kind in ("IN", "NOT_IN"):
            tests.append(Test(column, kind, frozenset(value)))
        elif kind == "REGEX":
            tests.append(Test(column, kind, re.compile(value)))
        else:
            raise ValueError(f"attribute rule uses {kind}, which the table does not know")
    return tests


@dataclass
class Pattern:
    rule: int  # the rule's position in the ruler: later rules win, as in spaCy
    tokens: list[list[Test]]
    index: int  # which token of the match gets the attributes (may count from the end)
    attrs: dict[int, int]


@dataclass
class Kind:
    """What the rules make of one kind of token (its tag, lower form, dependency, is-space): the
    single-token rules that match it, in rule order, and the longer patterns that can start on it."""

    values: tuple  # the four attributes the patterns test, as strings (and a bool)
    rules: list[tuple[int, dict]]  # (rule number, attributes it sets)
    starts: list[Pattern]
    row: np.ndarray  # WRITTEN columns after the rules ...
    mask: np.ndarray  # ... and which of them the rules set


class AttributeTable:
    """spaCy's AttributeRuler, same rules, same precedence, applied through lookup tables: a doc
    has a few hundred kinds of token, and what the rules do to each kind is worked out once."""

    def __init__(self, ruler):
        self.single: list[Pattern] = []
        self.longer: list[Pattern] = []
        for number, rule in enumerate(ruler.patterns):
            attrs = dict(ruler.attrs[number])
            if any(attr not in WRITTEN for attr in attrs):
                raise ValueError(f"attribute rule {number} sets an attribute the table does not write")
            for tokens in rule["patterns"]:
                if any("OP" in spec for spec in tokens):
                    raise ValueError(f"attribute rule {number} has an operator the table does not know")
                pattern = Pattern(number, [compile_spec(spec) for spec in tokens], rule["index"], attrs)
                (self.single if len(tokens) == 1 else self.longer).append(pattern)
        word_tests = [t for p in self.single + self.longer for spec in p.tokens for t in spec if t.column == READ["LOWER"]]
        if any(t.kind == "NOT_IN" for t in word_tests):
            raise ValueError("an attribute rule tests a word with NOT_IN, which the table does not know")
        self.words = {w for t in word_tests if t.kind != "REGEX" for w in ([t.value] if t.kind == "==" else t.value)}
        self.word_patterns = [t.value for t in word_tests if t.kind == "REGEX"]
        self.word_keys: dict[int, int] = {}  # a word's hash -> itself when a pattern tests for it, else 0
        self.kinds: dict[tuple, Kind] = {}

    def word_of(self, key: int, strings) -> int:
        """The word as the patterns see it: itself when some pattern may test for it, else 0 (one kind
        for all other words, so the kinds of token stay few: tag x dependency x the tested words)."""
        found = self.word_keys.get(key)
        if found is None:
            word = strings[key] if key else ""
            tested = word in self.words or any(p.search(word) for p in self.word_patterns)
            found = self.word_keys[key] = key if tested else 0
        return found

    def kind(self, key: tuple, strings) -> Kind:
        found = self.kinds.get(key)
        if found is None:
            tag, lower, dep, space = key
            values = (strings[tag] if tag else "", strings[lower] if lower else OTHER_WORD,
                      strings[dep] if dep else "", bool(space))
            rules = [(p.rule, p.attrs) for p in self.single if all(test(values) for test in p.tokens[0])]
            row, mask = np.zeros(len(WRITTEN), dtype=np.uint64), np.zeros(len(WRITTEN), dtype=bool)
            for _number, attrs in rules:  # in rule order: a later rule wins
                for attr, value in attrs.items():
                    row[WRITTEN.index(attr)], mask[WRITTEN.index(attr)] = value, True
            starts = [p for p in self.longer if all(test(values) for test in p.tokens[0])]
            found = self.kinds[key] = Kind(values, rules, starts, row, mask)
        return found

    def __call__(self, doc):
        if not len(doc):
            return doc
        read = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        words, at = np.unique(read[:, 1], return_inverse=True)
        read[:, 1] = np.array([self.word_of(w, doc.vocab.strings) for w in words.tolist()], dtype=np.uint64)[at.ravel()]
        unique, inverse = np.unique(read, axis=0, return_inverse=True)
        kinds = [self.kind(tuple(row), doc.vocab.strings) for row in unique.tolist()]
        written = doc.to_array(WRITTEN)
        rows = np.array([k.row for k in kinds], dtype=np.uint64)[inverse.ravel()]
        masks = np.array([k.mask for k in kinds])[inverse.ravel()]
        written = np.where(masks, rows, written)
        for target, matched in self._longer_matches(kinds, inverse.ravel()).items():
            kind = kinds[inverse.ravel()[target]]
            for _number, attrs in sorted(kind.rules + matched, key=lambda item: item[0]):
                for attr, value in attrs.items():
                    written[target, WRITTEN.index(attr)] = value
        doc.from_array(WRITTEN, written)
        return doc

    def _longer_matches(self, kinds: list[Kind], inverse: np.ndarray) -> dict[int, list[tuple[int, dict]]]:
        """Tokens that a pattern of two or more tokens sets: {token: [(rule number, attributes)]}."""
        out: dict[int, list[tuple[int, dict]]] = {}
        if not any(k.starts for k in kinds):
            return out
        n = len(inverse)
        for i in range(n):
            for pattern in kinds[inverse[i]].starts:
                end = i + len(pattern.tokens)
                if end > n or not all(test(kinds[inverse[i + k]].values)
                                      for k, tests in enumerate(pattern.tokens) if k for test in tests):
                    continue
                target = i + pattern.index if pattern.index >= 0 else end + pattern.index
                out.setdefault(target, []).append((pattern.rule, pattern.attrs))
        return out


class LemmaTable:
    """spaCy's rule lemmatizer with its answers kept per (word, POS, morphology), read and written
    as arrays; a word not seen before is lemmatised by the model's own lemmatizer."""

    def __init__(self, lemmatizer):
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise ValueError("the lemma table stands in for a rule lemmatizer that keeps existing lemmas")
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc):
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        for i in np.flatnonzero(lemmas == 0).tolist():
            key = (int(rows[i, 0]), int(rows[i, 1]), int(rows[i, 2]))
            lemma = self.known.get(key)
            if lemma is None:
                lemma = self.known[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("newsline_attribute_table")
def make_attribute_table(nlp, name: str):
    return AttributeTable(nlp.get_pipe("attribute_ruler"))


@Language.factory("newsline_lemma_table")
def make_lemma_table(nlp, name: str):
    return LemmaTable(nlp.get_pipe("lemmatizer"))


def use_tables(nlp) -> list[str]:
    """Put the table versions in place of the model's attribute ruler and lemmatizer; returns the
    pipes replaced. A pipe whose rules the tables cannot express (another model, another spaCy: an
    operator they do not know) is left as it is: slower, never different."""
    replaced = []
    for stock, table in (("attribute_ruler", "newsline_attribute_table"), ("lemmatizer", "newsline_lemma_table")):
        if stock not in nlp.pipe_names:
            continue
        try:
            nlp.add_pipe(table, before=stock)
        except ValueError:
            continue
        nlp.remove_pipe(stock)
        replaced.append(stock)
    return replaced
