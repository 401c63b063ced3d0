"""The claims stage of the map step: the figures the `newsline_claims` component found, as
`Claim` records, once the article's time expressions, dates and quotes are final.

- dates, times and durations are the timex stage's: a figure inside a time expression is dropped;
- `as_of`: the time expression that governs the figure (attached to its clause or to a clause it
  hangs from, or, for a clause told in the past, a time that frames its paragraph: "In 2014, ...
  That year 2,000 died", not "... The army has called up 300,000"), else the article's date;
- `source`: the speaker of a quote the figure is in (when the quotes stage has run), the source its
  sentence names ("according to X", "X said"; a pronoun is taken to the person last named), else
  the outlet.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict

from ...records import Analysis, Claim, sentence_of
from ..mentions import fullest_by_surname
from ..positions import ByStart

CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T.*)?$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
FRAME_LEAD = re.compile(r"^(?:(?:back\s+)?in|during|by|since|on|at|as\s+of|through)?\s*$", re.I)
PAST_TAGS = {"VBD", "VBN"}
SUBJECTS = {"nsubj", "nsubjpass", "expl"}
NOT_AS_OF = {"after", "before", "since", "until", "till", "following", "from", "prior", "ahead"}


def claims_stage(analysis: Analysis, doc) -> None:
    figures = getattr(doc._, "figures", None) if doc.has_extension("figures") else None
    if not figures:
        return
    article = analysis.article
    spans = sorted((t.start, t.end) for t in analysis.timexes)
    starts = [s for s, _ in spans]
    timex_roots: dict[int, list] = defaultdict(list)  # sentence -> [(timex, the token it attaches to)]
    for t, head, s in _timex_roots(analysis, doc):
        timex_roots[s].append((t, head))
    persons = [m for m in analysis.mentions if m.label == "PERSON"]
    sources = Sources(analysis, persons)
    for f in figures:
        if _in_timex(f.number_start, f.number_end, spans, starts):
            continue
        sentence = sentence_of(analysis.sentences, f.start)
        if sentence < 0:
            continue
        as_of, as_of_value = governing_time(doc, f, analysis, sentence, timex_roots)
        analysis.claims.append(Claim(
            article=article.id, sentence=analysis.sentences[sentence].text, anchor=f.text, value=f.value,
            unit=f.unit, qualifier=f.qualifier, what=f.what, source=sources.of(f),
            as_of=as_of, start=f.start, end=f.end, kind=f.kind, direction=f.direction, subject=f.subject,
            key=_key(f), as_of_value=as_of_value,
        ))


def _key(f) -> str | None:
    if f.what_key is None:
        return None
    family = "count" if f.unit is None else f.unit
    return f"{f.what_key}|{family}|{f.kind}" + (f"|{f.subject.lower()}" if f.subject else "")


def _in_timex(start: int, end: int, spans, starts) -> bool:
    i = bisect.bisect_right(starts, end) - 1
    while i >= 0 and spans[i][1] > start - 200:
        if spans[i][0] < end and start < spans[i][1]:
            return True
        i -= 1
    return False


def _timex_roots(analysis: Analysis, doc) -> list[tuple[object, int, int]]:
    """(timex, the token its phrase attaches to, sentence) for every calendar time expression."""
    out = []
    for t in analysis.timexes:
        if t.type not in ("DATE", "TIME") or not (CALENDAR.match(t.value) or WEEK.match(t.value)
                                                  or t.value == "PRESENT_REF"):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root.head
        if head.lower_ in NOT_AS_OF or (span.start > 0 and doc[span.start - 1].lower_ in NOT_AS_OF):
            continue  # "after the wettest February": a time the figure is not as of
        while head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head
        out.append((t, head.i if not (span.start <= head.i < span.end) else -1, t.sentence))
    return out


def governing_time(doc, f, analysis: Analysis, sentence: int, roots: dict[int, list]) -> tuple[str | None, str | None]:
    """`roots`: sentence -> its calendar time expressions with the token each attaches to."""
    article_date = analysis.article.date
    if f.root < 0:
        return article_date, None
    root = doc[f.root]
    mine = roots.get(sentence, [])
    node, seen = root, 0
    while mine and seen < 16:
        heads = {node.i} | {c.i for c in node.children if c.dep_ == "advcl" and any(
            g.lower_ in ("when", "as", "while") and g.dep_ in ("advmod", "mark") for g in c.children)}
        attached = [t for t, head in mine if head in heads]  # "were killed when the storm hit on Wednesday"
        if attached:
            best = min(attached, key=lambda t: abs(t.start - f.start))
            if best.text.lower() == "overnight":
                return article_date, best.value  # "rose to nine overnight": the figure as the day begins
            return as_of_date(best.value, article_date), best.value
        if node.head.i == node.i:
            break
        node, seen = node.head, seen + 1
    verb = _clause_verb(root)
    if verb is not None and verb.tag_ in PAST_TAGS:
        frame = _paragraph_frame(analysis, sentence, roots)
        if frame is not None:
            as_of = as_of_date(frame.value, article_date)
            # told in the present, a figure is as of the time of writing: a frame on the article's own
            # day (a live report's entry stamp, "2112") gives its hour, another day's does not apply
            if as_of == article_date or _told_in_the_past(verb):
                return as_of, frame.value
    return article_date, None


def _clause_verb(token):
    steps = 0
    while steps < 8 and (token.pos_ not in ("VERB", "AUX") or token.dep_ == "prep") and token.head.i != token.i:
        token, steps = token.head, steps + 1  # "including 1,462 civilians": 'including' is not the clause's verb
    return token if token.pos_ in ("VERB", "AUX") else None


def _told_in_the_past(verb) -> bool:
    """Does the clause tell the past ("died", "were killed", "had left", "2,000 people killed"), so an
    earlier sentence's time can frame it? The present and the present perfect ("are", "has called up",
    "have been evacuated") speak of the time of writing, as does a modal ("will be"): the first
    auxiliary, where there is one, has the tense, and a participle without one has the tense of the
    clause it belongs to ("with 12 people killed"), a verb joined to another with no subject of its
    own that verb's ("has called up 9,000 reservists and deployed 200 tanks")."""
    for _ in range(6):
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
        if auxiliaries:
            return auxiliaries[0].tag_ in PAST_TAGS
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") \
                and not any(c.dep_ in SUBJECTS for c in verb.children):
            verb = verb.head  # "has called up ... and deployed": one subject, one auxiliary for both
            continue
        if verb.tag_ != "VBN" or verb.head.i == verb.i:
            return verb.tag_ in PAST_TAGS
        head = _clause_verb(verb.head)
        if head is None:
            return True
        verb = head
    return True


def _paragraph_frame(analysis: Analysis, sentence: int, roots: dict[int, list]):
    """The time that opens an earlier sentence of the same paragraph ("In 2014, ..."), if any: the
    last such. Only that paragraph's sentences are read (a long text has thousands)."""
    text = analysis.article.text
    here = analysis.sentences[sentence]
    paragraph_break = text.rfind("\n\n", 0, here.start)
    first = sentence
    while first > 0 and analysis.sentences[first - 1].start > paragraph_break:
        first -= 1
    frame = None
    for s in range(first, sentence):
        sent = analysis.sentences[s]
        for t, _head in roots.get(s, []):
            if FRAME_LEAD.match(text[sent.start: t.start]) and CALENDAR.match(t.value):
                frame = t
    return frame


def as_of_date(value: str, article_date: str | None) -> str | None:
    """A TIMEX3 value as the as-of of a figure: a day when the value names one (a time of day
    keeps its day), a month or year as written, the Sunday of a weekend, and the article's date
    for 'now' or a period that holds the article's date ('this week')."""
    if value == "PRESENT_REF":
        return article_date
    m = WEEK.match(value)
    if m:
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        sunday = monday + dt.timedelta(days=6)
        if article_date and monday.isoformat() <= article_date <= sunday.isoformat():
            return article_date
        return sunday.isoformat()
    m = CALENDAR.match(value)
    if not m:
        return article_date
    year, month, day = m.groups()
    if day:
        return f"{year}-{month}-{day}"
    period = f"{year}-{month}" if month else year
    if article_date and article_date.startswith(period):
        return article_date
    return period


class Sources:
    """Who reports a figure: the speaker of a quotation holding it, the source the sentence names (an
    entity mention as the text writes it), a pronoun's person, else the outlet. The article's quotes
    and names are indexed once, so a long text's figures do not each read all of them."""

    NAMED = ("ORG", "PERSON", "GPE", "NORP")

    def __init__(self, analysis: Analysis, persons):
        self.analysis = analysis
        self.persons = persons
        self.quotes = ByStart([q for q in analysis.quotes if q.speaker])
        self.longest_quote = max((q.end - q.start for q in self.quotes.records), default=0)
        self.names = list({(m.text, m.label): m for m in analysis.mentions if m.label in self.NAMED})  # first of each
        self.person_ends = [m.end for m in persons]  # (mentions come in text order, never overlapping)
        self.fullest = fullest_by_surname(persons)

    def of(self, f) -> str | None:
        for q in self.quotes.between(f.start - self.longest_quote, f.start + 1):
            if q.start <= f.start and f.end <= q.end:
                return q.speaker
        if f.source and not f.source_is_pronoun:
            return self.name_in(f.source) or f.source
        if f.source_is_pronoun:
            person = self.last_person(f.start)
            if person:
                return person
        return self.analysis.article.outlet

    def last_person(self, offset: int) -> str | None:
        """The fullest name of the last person named before `offset` (a pronoun's person)."""
        i = bisect.bisect_right(self.person_ends, offset)
        return self.fullest.get(self.persons[i - 1].text.split()[-1]) if i else None

    def name_in(self, phrase: str) -> str | None:
        """The entity mention a source phrase names, as the text writes it ('the National Flood
        Authority' -> 'National Flood Authority')."""
        bare = re.sub(r"^(the|a|an)\s+", "", phrase, flags=re.I)
        inside = [(text, label) for text, label in self.names if text in bare and len(text) >= 0.6 * len(bare)]
        if not inside:
            return None
        best = max(inside, key=lambda m: len(m[0]))[0]
        if (best, "PERSON") in inside:
            best = self.fullest.get(best.split()[-1], best)
        return best
