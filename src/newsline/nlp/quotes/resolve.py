"""Who spoke, by name, and through which channel, once every quote of the article is found.

Speakers are resolved in reading order (a pronoun looks back at who spoke before it);
a continuation takes its turn's speaker; a quote with no channel of its own takes the
channel of its speaker's turn: the previous quote by the same speaker in the same or the
previous paragraph, or a sentence there that says where that speaker spoke without a cue
of its own ("declared a state of emergency in a televised address"). A named speaker whose
only stated channel in the article is one interview gave the rest of their words there too.
"""

from __future__ import annotations

from .assemble import FoundQuote, Index, context_channels
from .marks import quoted_spans_of
from .rules import QuoteRules
from .resolver import SpeakerResolver
from .speakers import Ref, speaker_ref


def mentions_from_doc(doc) -> list[Ref]:
    """Mentions for a doc on its own (the component used outside newsline): the NER spans."""
    return [Ref(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]


def resolve_quotes(doc, found: list[FoundQuote], mentions: list[Ref], rules: QuoteRules) -> list[FoundQuote]:
    spans = quoted_spans_of(doc)
    quoted = [(s.open_mark, s.close_mark + 1) for s in spans]
    contents = [(q.start, q.end) for q in found if q.kind != "direct"]
    resolver = SpeakerResolver(doc, mentions, rules, quoted, contents)
    for q in found:
        if q.continues is not None:
            base = found[q.continues]
            q.speaker, q.speaker_start, q.speaker_end, q.speaker_label = (
                base.speaker, base.speaker_start, base.speaker_end, base.speaker_label)
            continue
        at = q.ref.start if q.ref is not None else q.start
        name, mention = resolver.resolve(q.ref, at)
        q.speaker = name
        if mention is not None:  # an unnamed speaker has no mention: nothing to link it to
            q.speaker_start, q.speaker_end, q.speaker_label = mention.start, mention.end, mention.label
    carry_channels(doc, found, rules, resolver)
    return found


def carry_channels(doc, found: list[FoundQuote], rules: QuoteRules, resolver: SpeakerResolver) -> None:
    index = Index(doc, quoted_spans_of(doc))
    events: list[tuple[int, int, str | None, str | None, FoundQuote | None]] = []
    for offset, subject, channel in context_channels(doc, rules, index):
        ref = speaker_ref(doc, doc[subject], rules)
        name = None
        if ref is not None and ref.kind == "name":
            mention = resolver.mention_at(ref.start, ref.end) or Ref(ref.start, ref.end, ref.text, "PERSON")
            name = resolver.fullest(mention).text
        elif ref is not None and ref.kind == "pronoun":
            hit = resolver.antecedent(ref, ref.start)
            name = resolver.fullest(hit[0]).text if hit else None
        if name:
            events.append((offset, index.paragraph(offset), name, channel, None))
    for q in found:
        if q.nested_in is None:
            events.append((q.start, q.paragraph, q.speaker, q.channel, q))
    events.sort(key=lambda e: e[0])
    turn: tuple[str | None, str | None, int] | None = None
    for _offset, paragraph, speaker, channel, quote in events:
        if quote is None:
            turn = (speaker, channel, paragraph)
            continue
        if quote.channel is None and turn is not None and speaker and turn[0] == speaker \
                and paragraph - turn[2] <= 1 and turn[1]:
            quote.channel = turn[1]  # the turn goes on, and keeps its channel
        turn = (speaker, quote.channel, paragraph)
    # an article built on an interview: a speaker whose only stated channel is one interview
    # gave the rest of their words there too
    stated: dict[str, set[str]] = {}
    for q in found:
        if q.speaker and q.speaker_start >= 0 and q.channel:
            stated.setdefault(q.speaker, set()).add(q.channel)
    for q in found:
        channels = stated.get(q.speaker or "", set())
        if q.channel is None and q.nested_in is None and len(channels) == 1:
            (only,) = channels
            if only.startswith("interview"):
                q.channel = only
