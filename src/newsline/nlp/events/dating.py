"""Dating event triggers from the article's resolved time expressions.

Order of evidence, strongest first:
1. a time expression of the trigger's own: the first trigger met climbing the parse from the
   expression owns it ("on Wednesday night carried out a raid", "Wednesday's raid");
2. one reached climbing from the trigger ("..., when the group overwhelmed ...": the clause
   hangs from "October 7"), or a trigger above it that has a time of its own;
3. the only calendar expression of the sentence;
4. the time under discussion carried from an earlier sentence of the same paragraph when that
   was background ("In 2014 ... . Though a ceasefire ..."), for a past-tense trigger;
5. the article date, with a low confidence.

"since <date>" dates the start of what is still going on; "until <date>" is an end.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

CAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-(SP|SU|FA|WI)|-Q([1-4]))?(?:T.*)?$")
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
CONFIDENCE = {"own": 0.9, "climb": 0.8, "sentence": 0.6, "carried": 0.5, "article": 0.3}
INTO_NEXT_DAY = re.compile(r"\binto\b", re.I)  # one expression from a night into the next day
TARGETS = ("for",)  # "scheduled for 2024", "set for Monday": a target date
CLAUSES = {"xcomp", "ccomp", "advcl", "relcl", "acl", "csubj", "pcomp"}  # a clause dates its own verb
BACKGROUND_DAYS = 45  # a time under discussion this much older than the article is background


@dataclass(frozen=True)
class When:
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY | YYYY-Www | YYYY-SU | YYYY-Qn
    precision: str  # day | week | month | season | quarter | year
    lo: dt.date
    hi: dt.date


def calendar(value: str) -> When | None:
    """The calendar period a TIMEX3 value names, or None (durations, PRESENT_REF, decades)."""
    m = CAL.match(value or "")
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            day = dt.date(year, int(m.group(2)), int(m.group(3)))
            return When(day.isoformat(), "day", day, day)
        if m.group(2):
            month = int(m.group(2))
            lo = dt.date(year, month, 1)
            hi = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
            return When(f"{year:04d}-{month:02d}", "month", lo, hi)
        if m.group(4):
            lo = dt.date.fromisocalendar(year, int(m.group(4)), 1)
            return When(f"{year:04d}-W{int(m.group(4)):02d}", "week", lo, lo + dt.timedelta(days=6))
        if m.group(5):
            first, last = SEASON_MONTHS[m.group(5)]
            lo = dt.date(year, first, 1)
            end_year, end_month = year + (last > 12), (last - 1) % 12 + 1
            hi = dt.date(end_year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
            return When(f"{year:04d}-{m.group(5)}", "season", lo, hi)
        if m.group(6):
            q = int(m.group(6))
            lo = dt.date(year, 3 * q - 2, 1)
            hi = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
            return When(f"{year:04d}-Q{q}", "quarter", lo, hi)
        return When(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:
        return None


def preposition_before(text: str, start: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, start - 20):start])
    return m.group(1).lower() if m else ""


MODIFIER_DEPS = {"compound", "nummod", "amod", "nmod", "poss"}


def describes_a_thing(root) -> bool:
    """"the 2009 Civil Emergencies Act", "the 2022 survey": a date naming a thing, which dates no
    event of its sentence ("Wednesday's raid" and "the 2014 war" do: the noun is an event)."""
    from .lexicon import load_lexicon
    from .triggers import noun_lemma

    head = root.head
    return (root.dep_ in MODIFIER_DEPS and head.i != root.i and head.pos_ in ("NOUN", "PROPN")
            and noun_lemma(head, load_lexicon()) is None)


@dataclass
class Dated:
    when: When
    confidence: float
    anchor: str
    end: When | None = None


def after_which(verb) -> bool:
    """"..., after which it withdrew": the clause follows the end of the span it hangs from."""
    return any(c.dep_ == "prep" and c.lower_ == "after" and any(g.lower_ in ("which", "that") for g in c.children)
               for c in verb.children)


def clause_verb(token):
    """The verb whose clause holds `token` (itself, for a verb)."""
    t = token
    while t.pos_ not in ("VERB", "AUX"):
        if t.head.i == t.i:
            return None
        t = t.head
    return t


class TriggerDater:
    """Dates the triggers of one article, sentence by sentence (in order: the time under
    discussion is carried forward within a paragraph)."""

    def __init__(self, doc, timexes, article_date: dt.date | None, article_confidence: float = 1.0,
                 text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt on every read
        self.article_date = article_date
        self.article_confidence = article_confidence or 1.0
        self.timexes = []  # (token indices, When, text, preposition)
        self.relative_clauses: set[int] = set()  # verbs with a time of their own we cannot place ("within five days")
        for t in timexes:
            if t.type not in ("DATE", "TIME", "DURATION"):
                continue
            when = calendar(t.value) if t.type != "DURATION" else None
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and when is None:
                verb = clause_verb(span.root)
                if verb is not None and preposition_before(self.text, t.start) in ("within", "in", "after", "later"):
                    self.relative_clauses.add(verb.i)
            if when is None or span is None or describes_a_thing(span.root):
                continue
            self.timexes.append((span, when, t.text, preposition_before(self.text, t.start)))
        self.timexes.sort(key=lambda x: x[0].start)
        self.starts = [span.start for span, *_rest in self.timexes]
        self.token_timex = {tok.i: n for n, (span, *_rest) in enumerate(self.timexes) for tok in span}
        self.under_discussion: Dated | None = None
        self.paragraph_end = -1

    def date_sentence(self, sent, triggers) -> dict[int, Dated | None]:
        """{trigger index in `triggers`: its date}; an ongoing state ("since ...") maps to None."""
        if sent.start_char > self.paragraph_end:
            self.under_discussion = None
            nxt = self.text.find("\n\n", sent.start_char)
            self.paragraph_end = nxt if nxt >= 0 else len(self.text)
        anchor_of: dict[int, list[int]] = {}  # a verb anchors every trigger it governs ("declared a state
        for n, trig in enumerate(triggers):  # of emergency in a televised address yesterday": both)
            for i in trig.anchors:
                anchor_of.setdefault(i, []).append(n)
        own: dict[int, list[int]] = {}
        in_sentence = list(range(bisect.bisect_left(self.starts, sent.start), bisect.bisect_left(self.starts, sent.end)))
        for n in in_sentence:
            if self.timexes[n][3] in TARGETS:
                continue  # "scheduled for 2024": when it was meant to happen, not when anything did
            t = self.timexes[n][0].root
            while True:
                if t.i in anchor_of:
                    for k in anchor_of[t.i]:
                        own.setdefault(k, []).append(n)
                    break
                if t.head.i == t.i or (t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSES):
                    break  # "promised to publish every report since 1987": the time of another clause
                t = t.head
        dates: dict[int, Dated | None] = {}
        for k, ns in own.items():
            dates[k] = self.from_timexes(ns)
        for k, trig in enumerate(triggers):
            if k in dates:
                continue
            if trig.needs_own_time:
                continue
            dates[k] = self.climb(trig, triggers, anchor_of, dates, in_sentence)
        background = [d for d in dates.values() if d is not None and d.confidence >= CONFIDENCE["climb"]]
        if background:
            latest = max(background, key=lambda d: d.when.hi)
            if self.article_date and (self.article_date - latest.when.hi).days > BACKGROUND_DAYS:
                self.under_discussion = latest
            else:
                self.under_discussion = None
        return dates

    def from_timexes(self, ns: list[int]) -> Dated | None:
        start = end = None
        for n in ns:
            span, when, text, prep = self.timexes[n]
            if prep == "since":  # "closed since March 13": it began then
                return Dated(when, CONFIDENCE["own"] * 0.8, text)
            if prep in ("until", "till", "through", "to", "into") and start is not None:
                end = end or Dated(when, CONFIDENCE["own"], text)
                continue
            if prep in ("until", "till"):
                continue
            if when.precision == "day" and INTO_NEXT_DAY.search(text):  # "overnight into Thursday"
                following = when.lo + dt.timedelta(days=1)
                end = end or Dated(When(following.isoformat(), "day", following, following), CONFIDENCE["own"], text)
            if start is None or (when.precision == "day" and start.when.precision != "day"):
                start = Dated(when, CONFIDENCE["own"] * (0.6 if prep in ("before", "after", "by") else 1.0), text)
        if start is None:
            return Dated(end.when, CONFIDENCE["climb"], end.anchor) if end else None
        if end is not None and end.when.lo > start.when.hi:
            start.end = end.when
        return start

    def climb(self, trig, triggers, anchor_of, dates, in_sentence) -> Dated | None:
        t = self.doc[trig.clause]
        seen = 0
        while t.head.i != t.i and seen < 40:
            t = t.head
            seen += 1
            if t.i in self.token_timex and self.token_timex[t.i] in in_sentence:
                d = self.from_timexes([self.token_timex[t.i]])
                return Dated(d.when, CONFIDENCE["climb"], d.anchor, d.end) if d else None
            k = next((k for k in anchor_of.get(t.i, ()) if dates.get(k) is not None and triggers[k].kind != "speech"),
                     None)
            if k is not None:
                d = dates[k]
                if d.end is not None and after_which(self.doc[trig.clause]):
                    return Dated(d.end, min(d.confidence, CONFIDENCE["climb"]), d.anchor)
                return Dated(d.when, min(d.confidence, CONFIDENCE["climb"]), d.anchor, d.end)
        if trig.clause in self.relative_clauses:
            return None  # "within five days parliament had voted": dated from something we cannot place
        calendar_ones = [n for n in in_sentence if self.timexes[n][3] not in ("since", "until", "till") + TARGETS]
        if len(calendar_ones) == 1:
            span, when, text, _prep = self.timexes[calendar_ones[0]]
            return Dated(when, CONFIDENCE["sentence"], text)
        if self.under_discussion is not None and trig.tense in ("past", "none"):
            d = self.under_discussion
            return Dated(d.when, CONFIDENCE["carried"], "carried:" + d.anchor)
        if self.article_date is None:
            return None
        day = self.article_date
        return Dated(When(day.isoformat(), "day", day, day), round(CONFIDENCE["article"] * self.article_confidence, 3),
                     "article")
