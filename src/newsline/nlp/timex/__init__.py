"""TIMEX3 time expressions: find them in text and normalise them.

    tagger = TimexTagger(lang="en")          # loads rules/en.yaml once
    found = tagger.tag(text, dct)             # list[FoundTimex], char offsets into text
    found = tagger.resolve(found, other_dct)  # same matches, values against another DCT

Values follow TimeML/ISO-TimeML as used in TimeBank and TempEval-3:
DATE (2023-10-25, 2023-10, 2014, 2023-W43, 2023-SU, 2023-Q3, 199, PRESENT_REF),
TIME (2023-10-25TNI, 2023-10-25T14:30), DURATION (P19D, P1W, PT2H), SET (P1D, XXXX-WXX-3).
Without a DCT the values that need one stay symbolic (XXXX-XX-XX, XXXX-08-07, XXXX-WXX-3);
every FoundTimex keeps its rule, slots and tense so `resolve` can place it again.

`anchor` is "dct", or the tid of the timex it was resolved against, in the default tid
scheme `t{i+1}` (i = index in the list); `FoundTimex.to_record` uses it as is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsline.records import Timex

from . import clock4, months, numeric
from .context import Ctx, default_tid
from .days import count_from_the_day_of_speech
from .matcher import RuleSet, find, load_rules
from .resolve import OPS as _RESOLVE_OPS
from .tense import sentence_bounds, sentence_cues, tense_and_firmness, tense_heuristic

__all__ = ["TimexTagger", "FoundTimex", "default_tid"]

# "$2 million a year", "four flights a week": "a <unit>" after an amount is the unit of a rate, not a
# time expression. TimeBank/AQUAINT leave 8 of the 10 such rates in TBAQ untagged; the figure keeps the rate.
_AMOUNT_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|trillion|thousand|hundred|dozen|cents?|dollars?|pounds?|euros?|yen|percent|times)"
    r")[\s,]{0,2}$", re.IGNORECASE)
_A_UNIT = re.compile(r"(?:a|an)\s+[a-z]+$", re.IGNORECASE)
_AMOUNT_POS = {"NUM", "NOUN", "PROPN", "SYM"}


def _after_amount(text: str, start: int, doc: Any) -> bool:
    """Is the expression at `start` preceded by an amount or a counted noun ("700 seats a week")?"""
    if doc is not None:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            prev = doc[span.start - 1]
            return prev.pos_ in _AMOUNT_POS and prev.lower_ not in ("time", "times") or prev.tag_ == "CD"
    return _AMOUNT_BEFORE.search(text, max(0, start - 30), start) is not None


def _in_quotation(text: str, start: int, reach: int = 1500) -> bool:
    """Is `start` inside a direct quotation opened earlier in its paragraph? Curly and ``PTB''
    marks open and close; a straight double quote toggles; single quotes are left alone (they
    are apostrophes as often as not)."""
    lo = max(text.rfind("\n\n", max(0, start - reach), start), start - reach, 0)
    inside = False
    for mark in _QUOTE_MARK.finditer(text, lo, start + 1):  # a pair may end just past `start`
        if mark.start() >= start:
            break
        got = mark.group()
        inside = (not inside) if got == '"' else got in ("``", "“")
    return inside


_QUOTE_MARK = re.compile(r"``|''|[“”\"]")


_OPEN_QUOTES = "\"“‘`'"
_CLOSE_QUOTES = "\"”’'"


def _in_quoted_title(text: str, start: int, end: int, small_words: frozenset[str], reach: int = 40) -> bool:
    """Is [start, end) inside a short quoted Title Case name of two or more words (a show, a film)?
    `small_words`: the lower-case words such a name may hold (the rule file's `titles:`)."""
    lo = max(0, start - reach)

    def opening(k: int) -> bool:  # a quote mark, not the apostrophe of "Kopp's"
        return text[k] in _OPEN_QUOTES and (k == 0 or not text[k - 1].isalnum())

    def closing(k: int) -> bool:  # a quote mark, not the apostrophe of "I'm"
        return text[k] in _CLOSE_QUOTES and (k + 1 >= len(text) or not text[k + 1].isalnum())

    i = start - 1
    while i >= lo and not opening(i) and text[i] != "\n":
        i -= 1
    if i < lo or not opening(i):
        return False
    hi = min(len(text), end + reach)
    j = end
    while j < hi and not closing(j) and text[j] != "\n":
        j += 1
    if j >= hi or not closing(j):
        return False
    words = [w.strip(",.;:!?") for w in text[i + 1:j].strip(" `'\"“”‘’").split()]
    if not 2 <= len(words) <= 8 or not all(words):
        return False
    return (words[0][0].isupper() or words[0][0].isdigit()) and any(w[0].isupper() for w in words[1:]) \
        and all(w[0].isupper() or w[0].isdigit() or w in small_words for w in words)


@functools.lru_cache(maxsize=64)
def _tail_regex(pattern: str) -> re.Pattern:
    return re.compile(rf"(?:{pattern})[\s\-]*$", re.IGNORECASE)


def _ends_with(pattern: str, text: str, start: int) -> bool:
    """Does the text just before `start` end with `pattern`? (a rule's `not_after`)"""
    return _tail_regex(pattern).search(text, max(0, start - 40), start) is not None


OPS = {**_RESOLVE_OPS, **clock4.FOUR_DIGIT_OPS, **numeric.NUMERIC_DATE_OPS}

# operations whose value depends on the tense of the governing verb
_TENSED_OPS = {"weekday", "date", "holiday", "named_rel", "quarter", "clock", "weekend", "pod_tud", "four_digit"}


# rules whose match is a month name alone (and so may be a person's name or the modal "May")
_MONTH_ONLY_RULES = {"month_alone"}


# operations whose value counts from the time of speech inside a quotation ("Tonight I want ...")
_SPEECH_TIME_OPS = {"deictic_day", "deictic_pod"}


@dataclass
class FoundTimex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value
    mod: str | None = None
    anchor: str | None = None  # "dct", a tid (default scheme t{i+1}) or None
    # symbolic form, kept so that the match can be resolved against another DCT
    rule: str = ""
    op: str = ""
    slots: dict[str, Any] = field(default_factory=dict, repr=False)
    params: dict[str, Any] = field(default_factory=dict, repr=False)
    rule_type: str = ""
    tense: str | None = None  # PAST | FUTURE | None: of the verb governing the expression
    tense_firm: bool = False  # read off the verb it hangs on (or, with no parse at all, the nearest cue)
    sent_start: int = 0
    quoted: bool = False  # inside a direct quotation
    para_start: int = 0  # where its paragraph starts (set for quoted expressions only)
    speech: bool = False  # its sentence names an act of speech (set when the text quotes a deictic day)
    note: str | None = None  # what a reader should know about the value ("ambiguous day/month: ...")

    def with_value(self, **changes: Any) -> "FoundTimex":
        """A copy with a new resolution (`dataclasses.replace` without re-running `__init__`: dating
        resolves every expression against each candidate day)."""
        copy = FoundTimex.__new__(FoundTimex)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    @property
    def needs_dct(self) -> bool:
        return self.anchor == "dct"

    @property
    def resolved(self) -> bool:
        """True when the value has no unknown (X) part."""
        return "X" not in self.value.replace("PXX", "").split("T")[0] if self.type in ("DATE", "TIME") else True

    def to_record(self, article_id: str, tid: str, sentence: int) -> Timex:
        return Timex(article=article_id, start=self.start, end=self.end, text=self.text, type=self.type,
                     value=self.value, tid=tid, mod=self.mod, anchor=self.anchor, sentence=sentence, note=self.note)


_RULESETS: dict[str, RuleSet] = {}


def _text_of(doc: Any) -> str | None:
    """A parse's text: a spaCy Doc's through the pipeline's cache (Doc.text joins every token again)."""
    if hasattr(doc, "user_data"):
        from ..components import doc_text

        return doc_text(doc)
    return getattr(doc, "text", None)


class TimexTagger:
    """Rule-based TIMEX3 tagger; rules come from `rules/<lang>.yaml`."""

    def __init__(self, lang: str = "en"):
        if lang not in _RULESETS:
            _RULESETS[lang] = load_rules(lang)
        self.lang = lang
        self.rules = _RULESETS[lang]

    def tag(self, text: str, dct: date | None = None, doc: Any = None, date_order: str | None = None
            ) -> list[FoundTimex]:
        """The time expressions of `text`, resolved against `dct`. `doc`: its spaCy parse, if any (tense,
        names); `date_order`: "DMY" or "MDY" when the article says how it writes numeric dates."""
        if not text:
            return []
        if doc is not None and _text_of(doc) != text:
            doc = None
        use_doc = doc is not None and doc.has_annotation("DEP")
        found: list[FoundTimex] = []
        bounds_cache: tuple[int, int] = (-1, -1)
        cues: list[tuple[int, int, str]] | None = None
        matches = find(self.rules, text)
        clocks: clock4.TextClocks | None = None
        previous_four: tuple[int, str | None] | None = None  # the last four-digit number and its reading
        for m in matches:
            if not (bounds_cache[0] <= m.start < bounds_cache[1]):
                bounds_cache = sentence_bounds(text, m.start, m.end)
                cues = None
            if _in_quoted_title(text, m.start, m.end, self.rules.title_small_words):
                continue  # "This Week With David Brinkley", "60 Minutes", "High Noon": a title
            not_after = m.rule.params.get("not_after")
            if not_after and _ends_with(not_after, text, m.start):
                continue
            f = FoundTimex(m.start, m.end, text[m.start:m.end], m.rule.type, "", rule=m.rule.id, op=m.rule.op,
                           slots=m.slots, params=m.rule.params, rule_type=m.rule.type,
                           sent_start=bounds_cache[0])
            if f.rule in _MONTH_ONLY_RULES and months.not_a_month(text, m.start, m.end, doc if use_doc else None,
                                                                self.rules.month_names):
                continue  # "Theresa May", "May said", "May God ...": a name or the modal, not the month
            if f.op == "four_digit":  # a year, a clock time or a count: see clock4
                ref_year = clock4.reference_year(dct)
                if clocks is None:
                    clocks = clock4.text_clocks(text, matches, ref_year, self.rules.four_digit)
                how = clock4.reading(text, m.start, m.end, clocks, ref_year, self.rules.four_digit,
                                     doc if use_doc else None, previous_four)
                previous_four = (m.end, how)
                if how is None:
                    continue
                f.slots["_reading"] = how
                if how in ("stamp", "clock"):
                    f.type = f.rule_type = "TIME"
            if m.rule.params.get("rate") and _A_UNIT.match(f.text) \
                    and _after_amount(text, m.start, doc if use_doc else None):
                continue  # a rate's unit belongs to the figure ("$40 million a year"), not to the timeline
            if f.op in _SPEECH_TIME_OPS:
                f.quoted = _in_quotation(text, m.start)
                f.para_start = text.rfind("\n\n", 0, m.start) + 1
            if f.op in _TENSED_OPS:
                t, f.tense_firm = tense_and_firmness(doc, m.start, m.end, self.rules.tense) if use_doc else (None, False)
                if t is None:
                    # without a parse the nearest cue is the best there is; with one, a cue the parse did
                    # not tie to the expression is a guess
                    f.tense_firm = not use_doc
                    if cues is None:
                        cues = sentence_cues(text, bounds_cache, self.rules.tense)
                    t = tense_heuristic(text, m.start, m.end, bounds_cache, cues, words=self.rules.tense)
                if f.op == "weekday" and text[m.end:m.end + 2] in ("'s", "’s") and t != "PAST" \
                        and not m.slots.get("rel"):
                    t = "PAST"  # "Wednesday's raid": an event already named
                f.tense = t
            found.append(f)
        if any(f.quoted for f in found):
            self._mark_speech(text, found)
        numeric.settle_order(found, date_order, self.rules.numeric_dates)
        return self.resolve(found, dct)

    def _mark_speech(self, text: str, found: list[FoundTimex]) -> None:
        """Set `speech` on every expression whose sentence names an act of speech (needed only
        when a quotation holds a deictic day, so it is not done for every text)."""
        if self.rules.speech_cues is None:
            return
        said: dict[int, bool] = {}
        for f in found:
            if f.sent_start not in said:
                bounds = sentence_bounds(text, f.start, f.end)
                said[f.sent_start] = self.rules.speech_cues.search(text, *bounds) is not None
            f.speech = said[f.sent_start]

    def resolve(self, found: list[FoundTimex], dct: date | None) -> list[FoundTimex]:
        """Values of the same matches against `dct` (no new matching)."""
        ctx = Ctx(dct, self.rules.resolver)
        out: list[FoundTimex] = []
        for i, f in enumerate(found):
            op = OPS.get(f.op)
            try:
                r = op(f, ctx) if op else None
            except (ValueError, OverflowError, KeyError, TypeError, IndexError):
                r = None  # a shape the operation cannot place: keep the match, unresolved
            if r is None:
                g = f.with_value(value="XXXX-XX-XX" if f.rule_type in ("DATE", "TIME") else "PXX", type=f.rule_type,
                                 mod=None, anchor=None, note=None)
            else:
                anchor = r.anchor
                if isinstance(anchor, int):
                    anchor = default_tid(anchor)
                g = f.with_value(type=r.type, value=r.value, mod=r.mod, anchor=anchor, note=r.note)
                if r.pt is not None and r.type in ("DATE", "TIME") and r.tud:
                    ctx.history.append((i, r.pt, g))
            out.append(g)
        if dct is not None and any(f.quoted for f in out):
            out = count_from_the_day_of_speech(out, dct)
        return out
