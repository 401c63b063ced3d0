"""The map-step stage: the article's quotes as `Quote` records, speakers resolved against the
article's entity mentions (cleaner than the raw NER spans the component sees on its own), so
the reduce step can give each speaker the entity its mention was linked to."""

from __future__ import annotations

from ...records import Analysis, Quote, sentence_of
from .assemble import find_quotes
from .resolve import resolve_quotes
from .rules import load_rules
from .resolver import words
from .speakers import Ref


def quote_stage(analysis: Analysis, doc) -> None:
    rules = load_rules("en")
    found = doc._.quotes if doc.has_extension("quotes") and doc._.quotes is not None else find_quotes(doc, rules)
    mentions = [Ref(m.start, m.end, m.text, m.label, m.title, m.same_as, m.short_for) for m in analysis.mentions]
    resolve_quotes(doc, found, mentions, rules)
    article = analysis.article
    records = []
    outlets = OutletNames(article.outlet, mentions)
    for q in found:
        records.append(Quote(
            article=article.id, text=q.text, start=q.start, end=q.end, kind=q.kind, speaker=q.speaker,
            channel=outlets.in_full(q.channel), cue=q.cue,
            sentence=sentence_of(analysis.sentences, q.start),
            speaker_start=q.speaker_start if q.speaker_start >= 0 else None,
            speaker_end=q.speaker_end if q.speaker_end >= 0 else None,
        ))
    analysis.quotes = records


class OutletNames:
    """'interview:Ledger' in a Tavren Valley Ledger article is 'interview:Tavren Valley Ledger';
    elsewhere the fullest name the article gives the outlet ('the Journal' -> 'Wall Street Journal').
    Each outlet named is looked up once, the mentions' words read once."""

    def __init__(self, outlet: str | None, mentions: list[Ref]):
        self.outlet_words = [w.lower() for w in words(outlet)] if outlet else []
        self.outlet = outlet
        self.mention_words = [(words(m.text), [w.lower() for w in words(m.text)]) for m in mentions]
        self.done: dict[str, str] = {}

    def in_full(self, channel: str | None) -> str | None:
        if not channel or not channel.startswith("interview:"):
            return channel
        named = channel.split(":", 1)[1]
        if named not in self.done:
            self.done[named] = self.fullest(named)
        return f"interview:{self.done[named]}"

    def fullest(self, named: str) -> str:
        short = [w.lower() for w in words(named)]
        if self.outlet and short and self.outlet_words[-len(short):] == short:
            return self.outlet
        longest, longest_len = named, len(words(named))
        for original, lowered in self.mention_words:
            if len(lowered) > longest_len and short and lowered[-len(short):] == short:
                longest, longest_len = " ".join(original), len(lowered)
        return longest

