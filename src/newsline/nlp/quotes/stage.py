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
    mentions = [Ref(m.start, m.end, m.text, m.label, m.title, getattr(m, "same_as", None)) for m in analysis.mentions]
    resolve_quotes(doc, found, mentions, rules)
    article = analysis.article
    records = []
    for q in found:
        records.append(Quote(
            article=article.id, text=q.text, start=q.start, end=q.end, kind=q.kind, speaker=q.speaker,
            channel=outlet_in_full(q.channel, article.outlet, mentions), cue=q.cue,
            sentence=sentence_of(analysis.sentences, q.start),
            speaker_start=q.speaker_start if q.speaker_start >= 0 else None,
            speaker_end=q.speaker_end if q.speaker_end >= 0 else None,
        ))
    analysis.quotes = records


def outlet_in_full(channel: str | None, outlet: str | None, mentions: list[Ref]) -> str | None:
    """'interview:Ledger' in a Tavren Valley Ledger article is 'interview:Tavren Valley Ledger';
    elsewhere the fullest name the article gives the outlet ('the Journal' -> 'Wall Street Journal')."""
    if not channel or not channel.startswith("interview:"):
        return channel
    named = channel.split(":", 1)[1]
    short = [w.lower() for w in words(named)]
    if outlet and short and [w.lower() for w in words(outlet)][-len(short):] == short:
        return f"interview:{outlet}"
    longest = named
    for m in mentions:
        mw = [w.lower() for w in words(m.text)]
        if len(mw) > len(words(longest)) and short and mw[-len(short):] == short:
            longest = " ".join(words(m.text))
    return f"interview:{longest}"
