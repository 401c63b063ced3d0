"""The event stage of the map step: the component's triggers, dated, with participants and
an embedding, become the article's `EventMention` records.

One mention per sentence and date: the triggers of a sentence that share a date are one
report ("overwhelmed the posts, killed 1,400 people and kidnapped 220" on October 7), and a
sentence that dates two things ("declared an emergency yesterday evening and flew over the
town this morning") gives two mentions, each citing the sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ...records import Analysis, EventMention, sentence_of
from ..positions import ByStart
from .dating import TriggerDater, calendar
from .embed import embed
from .participants import agent_offsets, clause_span, mark_agents, participants_in


LEDE = 1  # the headline and the first sentence tell the story of the day, dated or not


def join_circumstances(doc, groups: dict[str, list]) -> set[int]:
    """"Soldiers saved the levee overnight after part of the bank began to slide": a clause that
    sets the scene of another, dated the day before it, is the start of one episode, not an event
    of its own. The two groups become one, dated from the first day to the second. Returns the
    token indices of the scene-setting triggers: the episode is named by what the main clause says
    happened ("saved"), not by its circumstance ("began"), even when only the circumstance carries
    the time (the parser hangs "overnight" on either)."""
    scene: set[int] = set()
    days = {value: calendar(value) for value in groups}
    for first in sorted(groups):
        for second in sorted(groups):
            if first not in groups or second not in groups or first >= second:
                continue
            a, b = days[first], days[second]
            if a is None or b is None or a.precision != "day" or b.precision != "day" or (b.lo - a.lo).days != 1:
                continue
            pairs = [(x, y) for x, _w in groups[first] for y, _w in groups[second]]
            inner = {x.i for x, y in pairs if circumstance(doc, x, y)} | {y.i for x, y in pairs if circumstance(doc, y, x)}
            if not inner:
                continue
            scene |= inner
            end = max((w for _t, w in groups[second]), key=lambda w: w.confidence).when
            merged = [(t, replace(w, end=end)) if w.when.value == first else (t, w) for t, w in groups[first]]
            groups[first] = merged + [(t, replace(w, when=merged[0][1].when, end=end)) for t, w in groups.pop(second)]
    return scene


def circumstance(doc, inner, outer) -> bool:
    """Is `inner`'s clause an adverbial clause of `outer`'s ("after ...", "when ...", "as ...")?"""
    verb = doc[inner.clause]
    return verb.dep_ == "advcl" and verb.head.i == outer.clause


def extract_event_mentions(analysis: Analysis, doc) -> None:
    per_sentence = getattr(doc._, "event_triggers", None) if doc.has_extension("event_triggers") else None
    if per_sentence is None:
        return
    article = analysis.article
    dct = dt.date.fromisoformat(article.date) if article.date else None
    confidence = article.date_confidence if article.date_source == "inferred" else 1.0
    dater = TriggerDater(doc, analysis.timexes, dct, confidence or 0.5, text=article.text)
    found: list[tuple[EventMention, str]] = []
    mentions = ByStart(analysis.mentions)
    for number, (sent, triggers) in enumerate(zip(doc.sents, per_sentence)):
        dates = dater.date_sentence(sent, triggers)  # every trigger takes its own times, asserted or not
        groups: dict[str, list] = {}
        for k, trig in enumerate(triggers):
            if trig.modality != "asserted":
                continue
            when = dates.get(k)
            if when is None or (dct is not None and when.when.lo > dct):
                continue  # no date, an ongoing state, or later than the article: not a reported event
            if trig.kind == "verb" and when.anchor == "article" and number > LEDE:
                continue  # "residents lined the road": a detail of the story, not an event of its own
            groups.setdefault(when.when.value, []).append((trig, when))
        if not groups:
            continue
        scene = join_circumstances(doc, groups)
        raw = article.text[sent.start_char:sent.end_char]  # (Span.text joins the tokens again)
        text = raw.strip()
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        index = sentence_of(analysis.sentences, start)
        sentence_mentions = mentions.between(start, start + len(text))
        for items in groups.values():
            trig, _when = max(items, key=lambda x: (x[0].weight, "speech" not in x[0].classes, x[0].i not in scene,
                                                    x[1].confidence, -x[0].i))
            # "rain fell ..., and the union said on Monday that ...": the saying's own time dates the saying;
            # what happened is dated by its own triggers' times (here only as the sentence's date)
            happened = [w for t, w in items if t.kind != "speech"] or [w for _t, w in items]
            when = max(happened, key=lambda w: w.confidence)
            if all(t.kind == "speech" for t, _w in items) and when.anchor == "article":
                continue
            token = doc[trig.i]
            if len(groups) == 1:
                lo, hi = start, start + len(text)
            else:
                lo, hi = clause_span(doc, [t.i for t, _w in items])
            people, places = participants_in(sentence_mentions, lo, hi)
            if not people:
                people, places = participants_in(sentence_mentions, start, start + len(text))
            mark_agents(people, agent_offsets(doc, [t for t, _w in items]))
            classes = sorted(set().union(*(t.classes for t, _w in items)))
            mention = EventMention(
                article=article.id, sentence=index, start=start, end=start + len(text), text=text,
                trigger=token.text if " " not in trig.lemma else trig.lemma, trigger_start=token.idx,
                trigger_end=token.idx + len(token.text), lemma=trig.lemma, classes=classes,
                date=when.when.value, precision=when.when.precision, confidence=round(when.confidence, 3),
                date_end=when.end.value if when.end else None, anchor=when.anchor, participants=people,
                places=places,
            )
            found.append((mention, text if len(groups) == 1 else article.text[lo:hi]))
    vectors = embed([t for _m, t in found])
    for (mention, _t), vector in zip(found, vectors):
        mention.embedding = vector
    analysis.event_mentions = [m for m, _t in found]
