"""Putting quotations together: quoted passages (marks.py) and attributions (cues.py) into
quotes with a kind, a cue, a speaker expression and a channel.

- An attribution whose content is (nearly) all inside quotation marks gives direct quotes;
  one whose content mixes quoted words with paraphrase gives one mixed quote; one with no
  quoted words gives an indirect quote.
- A quoted passage with no attribution of its own takes the cue next to it in its sentence
  ('"...," he said' / 'She said: "..."'); '"A," he said, "B."' is one quote in two pieces.
- A quoted passage that opens a sentence with no cue near it continues the turn of the
  quote before it (same paragraph, or the previous one when it opens its paragraph); with
  no turn to continue it is left out (nobody is said to have said it: a slogan, a title),
  unless its paragraph is nothing but quotes: then it is kept with no speaker.
- A quote inside a quote gets a record of its own only when the text inside the outer
  quote says who said it ("my neighbour shouted 'get to the roof'").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.attrs import LOWER

from .channels import channel_of, clause_tokens
from ..components import doc_text
from ..positions import positions, token_mask, within, word_keys
from .attribution import Attribution
from .cues import cut_trailing_cues, find_attributions
from .other_cues import headline_attributions
from .marks import QuotedSpan, paragraphs, quoted_spans_of
from .rules import QuoteRules
from .speakers import SpeakerRef, speaker_ref

CHANNEL_HINTS = {"televised", "television", "tv", "address", "briefing", "conference", "interview", "x", "twitter",
                 "facebook", "instagram", "telegram", "statement", "hearing", "testimony", "filing", "court",
                 "tweeted", "posted", "speech", "rally"}
HINT_KEYS = word_keys(CHANNEL_HINTS)


@dataclass
class FoundQuote:
    start: int
    end: int
    text: str
    kind: str  # direct | indirect | mixed
    cue: str | None = None
    cue_start: int = -1
    cue_end: int = -1
    ref: SpeakerRef | None = None  # the speaker as the clause writes it
    channel: str | None = None
    paragraph: int = -1
    continues: int | None = None  # index (in the result list) of the quote whose turn this one continues
    nested_in: int | None = None
    pieces: list[tuple[int, int]] = field(default_factory=list)
    # filled by resolution
    speaker: str | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    speaker_label: str | None = None


class Index:
    """Offsets of sentences, paragraphs and quoted spans, for bisecting."""

    def __init__(self, doc, spans: list[QuotedSpan]):
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self.paras = paragraphs(doc_text(doc))
        self.para_starts = [p[0] for p in self.paras]
        self.spans = spans
        self.span_opens = [s.open_mark for s in spans]

    def channel_words(self, doc, rules: QuoteRules) -> list[int]:
        """Positions of the tokens that are a word of some channel's phrases (worked out once)."""
        if not hasattr(self, "_channel_words"):
            self._channel_words = positions(token_mask(doc, LOWER, rules.channel_word_keys))
        return self._channel_words

    def sentence(self, offset: int) -> int:
        return max(0, bisect_right(self.sent_starts, offset) - 1)

    def paragraph(self, offset: int) -> int:
        return max(0, bisect_right(self.para_starts, offset) - 1)

    def span_at(self, offset: int) -> int | None:
        """Index of the quoted span whose marks enclose `offset`."""
        i = bisect_right(self.span_opens, offset) - 1
        if i >= 0 and self.spans[i].open_mark <= offset <= self.spans[i].close_mark:
            return i
        return None

    def spans_in(self, start: int, end: int) -> list[int]:
        """Quoted spans overlapping [start, end)."""
        i = max(0, bisect_left(self.span_opens, start) - 1)
        out = []
        while i < len(self.spans) and self.spans[i].open_mark < end:
            s = self.spans[i]
            if s.close_mark >= start and s.open_mark < end:
                out.append(i)
            i += 1
        return out


def _clean(text: str, start: int, end: int, *, direct: bool) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in (",", ";", ":", "—", "–")
                           or not direct and text[end - 1] == "."):
        end -= 1
    return start, end


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """An indirect quote's edges: a quotation mark there belongs to a quote beside it."""
    while start < end and (text[start].isspace() or text[start] in "\"“”‘’'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"“”‘’'"):
        end -= 1
    return start, end


def _outside_words(text: str, start: int, end: int, covered: list[QuotedSpan]) -> int:
    """Words of text[start:end] outside the quoted spans (the paraphrase around quoted words)."""
    pos = start
    n = 0
    for s in sorted(covered, key=lambda s: s.open_mark):
        n += _count_words(text[pos:max(pos, s.open_mark)])
        pos = max(pos, s.close_mark + 1)
    n += _count_words(text[pos:end])
    return n


def _count_words(chunk: str) -> int:
    return sum(1 for w in chunk.split() if any(ch.isalnum() for ch in w) and w.lower() not in ("that", "whether"))


def find_quotes(doc, rules: QuoteRules) -> list[FoundQuote]:
    """The quotes of a parsed doc, speakers as written (see `resolve.resolve_quotes`)."""
    text = doc_text(doc)
    spans = quoted_spans_of(doc)
    index = Index(doc, spans)
    attributions = find_attributions(doc, rules)
    attributions += headline_attributions(doc, index.paras, index.sentence)
    outside = [a for a in attributions if index.span_at(a.cue_start) is None]
    cut_trailing_cues(doc, outside)
    for a in outside:
        if a.subject is not None and index.span_at(doc[a.subject].idx) is not None:
            a.subject = _subject_outside_quotes(doc, a, index)  # the parse took the quote's words for the speaker
    by_sentence: dict[int, list[Attribution]] = {}
    for a in outside:
        by_sentence.setdefault(a.sentence, []).append(a)
    inside = [a for a in attributions if index.span_at(a.cue_start) is not None]
    found: list[FoundQuote] = []
    used: dict[int, int] = {}  # span index -> found index
    by_attribution: dict[int, int] = {}  # id(attribution) -> last found index it gave

    def add(quote: FoundQuote, a: Attribution | None) -> int:
        if a is not None:
            quote.cue, quote.cue_start, quote.cue_end = a.cue_text, a.cue_start, a.cue_end
            quote.ref = _ref(doc, a, rules)
            quote.channel = _channel(doc, a, rules, quote, index)
            by_attribution[id(a)] = len(found)
        found.append(quote)
        return len(found) - 1

    # 1. attributions that state their content; the widest first, so that an attribution the
    #    parse finds inside another's quoted words ('the insurance claims "will take months"')
    #    does not take them from it
    stated = sorted((a for a in outside if a.content), key=lambda a: a.content[0][0] - a.content[-1][1])
    for a in stated:
        start, end = a.content[0][0], a.content[-1][1]
        # quoted words inside the content (a mark alone at its edge does not count)
        overlapping = [i for i in index.spans_in(start, end) if spans[i].start < end and spans[i].end > start]
        if any(i in used for i in overlapping):
            continue
        covered = overlapping
        right_before = [i for i in covered if _just_before_cue(text, spans[i], a)]
        if right_before and spans[right_before[0]].open_mark > start:
            # '... clause. "Quote," he said.' read as one clause by the parse: the cue's words are the quote
            covered = right_before
            start, end = spans[covered[0]].start, spans[covered[0]].end
        if not covered:
            if a.subject is None or _ref(doc, a, rules) is None:
                continue  # reported speech with no one to report it
            pieces = [p for p in (_unquote(text, s, e) for s, e in a.content) if p[1] > p[0]]
            if not pieces:
                continue
            text_ = " ".join(text[s:e] for s, e in pieces)
            add(FoundQuote(pieces[0][0], pieces[-1][1], text_, "indirect", pieces=pieces), a)
            continue
        spans_ = [spans[i] for i in covered]
        lo = min([start] + [s.open_mark for s in spans_])
        hi = max([end] + [s.close_mark + 1 for s in spans_])
        if _outside_words(text, start, end, spans_) <= 1:
            pieces = [_clean(text, spans[i].start, spans[i].end, direct=True) for i in covered]
            first = covered[0]
            if first > 0 and first - 1 not in used and _split_by_cue(spans[first - 1], spans[first], a, index):
                pieces.insert(0, _clean(text, spans[first - 1].start, spans[first - 1].end, direct=True))
                covered = [first - 1, *covered]
            qs, qe = pieces[0][0], pieces[-1][1]
            joined = " ".join(text[ps:pe] for ps, pe in pieces)
            n = add(FoundQuote(qs, qe, joined, "direct", pieces=pieces), a)
            for i in covered:
                used[i] = n
            continue
        qs, qe = _clean(text, lo, hi, direct=False)
        found_index = add(FoundQuote(qs, qe, text[qs:qe], "mixed", pieces=[(qs, qe)]), a)
        for i in covered:
            used[i] = found_index

    # 2. quoted passages next to a cue in their sentence
    for i, s in enumerate(spans):
        if i in used:
            continue
        a, where = _adjacent_cue(text, s, by_sentence, index)
        if a is None:
            continue
        previous = by_attribution.get(id(a))
        qs, qe = _clean(text, s.start, s.end, direct=True)
        if where == "lead" and previous is not None and found[previous].kind == "direct" \
                and index.sentence(found[previous].start) == index.sentence(s.open_mark):
            q = found[previous]  # '"A," he said, "B."': one quote in two pieces
            q.pieces.append((qs, qe))
            q.text = " ".join(text[ps:pe] for ps, pe in q.pieces)
            q.end = qe
            used[i] = previous
            continue
        used[i] = add(FoundQuote(qs, qe, text[qs:qe], "direct", pieces=[(qs, qe)]), a)

    # 2b. a quoted passage announced by a colon after a clause with a subject and no cue verb
    #     ('Trump leaned in and boomed: "..."', 'Mr. Smith shot back: "..."')
    for i, s in enumerate(spans):
        if i in used or not _colon_before(text, s):
            continue
        a = _colon_attribution(doc, s, index)
        if a is not None:
            qs, qe = _clean(text, s.start, s.end, direct=True)
            used[i] = add(FoundQuote(qs, qe, text[qs:qe], "direct", pieces=[(qs, qe)]), a)

    # 3. continuations, and quoted sentences that stand alone
    quotes = sorted(found, key=lambda q: q.start)
    starts = [q.start for q in quotes]
    base_of: dict[int, FoundQuote] = {}  # id(continuation) -> the quote whose turn it continues
    for i, s in enumerate(spans):
        if i in used or not _opens_sentence(text, s, index):
            continue
        qs, qe = _clean(text, s.start, s.end, direct=True)
        k = bisect_left(starts, qs) - 1
        base = quotes[k] if k >= 0 else None
        if base is not None and base.ref is not None and _same_turn(text, base, s, index):
            quote = FoundQuote(qs, qe, text[qs:qe], "direct", ref=base.ref, channel=base.channel, pieces=[(qs, qe)])
            base_of[id(quote)] = base
        elif _quotes_only_paragraph(text, s, index):
            quote = FoundQuote(qs, qe, text[qs:qe], "direct", pieces=[(qs, qe)])  # quoted, speaker not given
        else:
            continue
        quotes.insert(k + 1, quote)
        starts.insert(k + 1, qs)

    # 4. quotes inside quotes, where the text inside says who spoke
    outer_of: dict[int, FoundQuote] = {}
    nested: list[FoundQuote] = []
    for q in quotes:
        if q.kind == "indirect":
            continue
        for i in index.spans_in(q.start, q.end):
            for ns, ne in spans[i].nested:
                a = _inner_cue(text, ns, ne, inside, index)
                if a is None:
                    continue
                qs, qe = _clean(text, ns, ne, direct=True)
                inner = FoundQuote(qs, qe, text[qs:qe], "direct", a.cue_text, a.cue_start, a.cue_end,
                                   ref=_ref(doc, a, rules), pieces=[(qs, qe)])
                outer_of[id(inner)] = q
                nested.append(inner)
    result = sorted(quotes + nested, key=lambda q: (q.start, id(q) in outer_of))
    position = {id(q): n for n, q in enumerate(result)}
    for q in result:
        if id(q) in base_of:
            q.continues = position[id(base_of[id(q)])]
        if id(q) in outer_of:
            q.nested_in = position[id(outer_of[id(q)])]
        q.paragraph = index.paragraph(q.start)
    return result


def _subject_outside_quotes(doc, a: Attribution, index: Index) -> int | None:
    """'"A," the colonel, Ada Rusk, said, "B."' when the parse made the quote the subject: the
    first name (or noun) between the quote and the cue, else right after the cue ('said Ada Rusk')."""
    cue = doc[a.cue]
    sent = cue.sent
    before = [t for t in doc[sent.start:cue.i] if index.span_at(t.idx) is None and not t.is_punct]
    after = [t for t in doc[cue.i + 1:sent.end] if index.span_at(t.idx) is None and not t.is_punct]
    for t in before[-6:] + after[:3]:
        if t.ent_type_ in ("PERSON", "ORG") or t.pos_ in ("PROPN", "PRON") and t.lower_ not in ("it",):
            while t.i + 1 < len(doc) and doc[t.i + 1].ent_iob_ == "I":
                t = doc[t.i + 1]
            return t.i
    for t in before[-6:]:
        if t.pos_ == "NOUN":
            return t.i
    return None


def _ref(doc, a: Attribution, rules: QuoteRules) -> SpeakerRef | None:
    if a.subject is None:
        return None
    token = doc[a.subject]
    if token.lower_ in rules.relative and token.dep_ in ("nsubj", "nsubjpass"):
        token = doc[a.cue].head if doc[a.cue].dep_ == "relcl" else token
        if token.lower_ in rules.groups:
            return None  # 'those who back the harbour (say ...)': the clause says who they are, not what they said
    return speaker_ref(doc, token, rules)


LEMMA_CHANNELS = {"tweet", "tell", "report"}  # cues that name a channel by themselves (channels.channel_of)


def _channel(doc, a: Attribution, rules: QuoteRules, quote: FoundQuote, index: Index) -> str | None:
    cue = doc[a.cue]
    if not within(index.channel_words(doc, rules), cue.left_edge.i, cue.right_edge.i + 1) \
            and (a.according or cue.lemma_.lower() not in LEMMA_CHANNELS):
        return None  # no word of any channel in the clause: nothing to look for
    excluded = list(quote.pieces) + [(index.spans[i].open_mark, index.spans[i].close_mark + 1) for i in index.spans_in(
        doc[a.cue].left_edge.idx, doc[a.cue].right_edge.idx + 1)]
    tokens = clause_tokens(doc, doc[a.cue], excluded, according=a.according)
    if a.according:
        tokens = [t for t in doc[a.cue].subtree]
    addressee = doc[a.addressee] if a.addressee is not None else None
    return channel_of(doc, tokens, rules, cue=None if a.according else doc[a.cue], addressee=addressee)


def _adjacent_cue(text: str, s: QuotedSpan, by_sentence: dict[int, list[Attribution]], index: Index):
    """The cue that introduces or follows a quoted passage in its sentence: ('tail', after it)
    '"...," he said.' or ('lead', before it) 'He said: "..."'."""
    tail_sentence = index.sentence(max(s.close_mark - 1, s.start))
    lead_sentence = index.sentence(s.open_mark)
    best = None
    nearby = [a for n in sorted({lead_sentence - 1, lead_sentence, tail_sentence, tail_sentence + 1})
              for a in by_sentence.get(n, ())]
    for a in nearby:
        cue_sentence = a.sentence
        if a.cue_start >= s.close_mark and cue_sentence in (tail_sentence, tail_sentence + 1):
            if cue_sentence == tail_sentence + 1 and (not _starts_right_after(text, s, index, cue_sentence)
                                                       or len(index.sents[cue_sentence]) > 12):
                continue
            if a.content and not _content_is(a, s):
                continue
            gap = a.cue_start - s.close_mark
            if index.spans_in(s.close_mark + 1, a.cue_start):
                continue
            if best is None or gap < best[0]:
                best = (gap, a, "tail")
        elif a.cue_end <= s.open_mark and (cue_sentence == lead_sentence or
                                            cue_sentence == lead_sentence - 1 and _colon_before(text, s)
                                            and _opens_sentence(text, s, index)):
            if a.content and not _content_is(a, s):
                continue
            if index.spans_in(a.cue_end, s.open_mark):
                continue
            gap = s.open_mark - a.cue_end
            if best is None or gap < best[0]:
                best = (gap, a, "lead")
    if best is None:
        return None, None
    return best[1], best[2]


TAIL = re.compile(r"^[\s,”\"’']*(?:[\w.’'-]+\s+){0,4}$")


def _just_before_cue(text: str, s: QuotedSpan, a: Attribution) -> bool:
    """The quote closes right before the cue: '"...," he said', '"...," the minister said'."""
    return 0 <= a.cue_start - s.close_mark <= 60 and bool(TAIL.match(text[s.close_mark + 1:a.cue_start]))


def _split_by_cue(before: QuotedSpan, after: QuotedSpan, a: Attribution, index: Index) -> bool:
    """'"A," the colonel said, "B."': a quote closing right before the cue, in its sentence,
    whose words go on after it."""
    return (before.close_mark < a.cue_start < after.open_mark
            and index.sentence(before.open_mark) == a.sentence == index.sentence(after.open_mark)
            and a.cue_start - before.close_mark < 120)


def _content_is(a: Attribution, s: QuotedSpan) -> bool:
    return any(cs < s.close_mark and ce > s.open_mark for cs, ce in a.content)


def _starts_right_after(text: str, s: QuotedSpan, index: Index, sentence: int) -> bool:
    start = index.sents[sentence].start_char
    return not text[s.close_mark + 1:start].strip(" ,\n\"”’")


def _colon_attribution(doc, s: QuotedSpan, index: Index) -> Attribution | None:
    """The clause that ends at the colon announcing a quoted passage, as an attribution with no
    words of its own: its verb is the cue, its subject the speaker ('Trump leaned in and boomed:
    "..."', 'Eight seconds pass before Jackson mumbles: "..."': Jackson)."""
    colon = doc_text(doc).rfind(":", 0, s.open_mark)
    at = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if at is None or at.start == 0:
        return None
    verb = doc[at.start - 1]
    for _ in range(4):  # up from the word before the colon to its verb
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or index.span_at(verb.idx) is not None:
        return None
    subject, hop = None, verb
    for _ in range(3):  # a joined verb shares its subject: 'leaned in and boomed'
        subject = next((c for c in hop.children if c.dep_ == "nsubj" and c.i < hop.i), None)
        if subject is not None or hop.dep_ not in ("conj", "xcomp") or hop.head.i == hop.i:
            break
        hop = hop.head
    if subject is None or subject.lower_ in ("it", "this", "that", "there", "what") \
            or subject.ent_type_ in ("DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
        return None
    return Attribution(verb.i, verb.text, verb.idx, verb.idx + len(verb.text), subject.i, sentence=index.sentence(colon))


def _colon_before(text: str, s: QuotedSpan) -> bool:
    before = text[max(0, s.open_mark - 4):s.open_mark].rstrip()
    return before.endswith(":")


def _opens_sentence(text: str, s: QuotedSpan, index: Index) -> bool:
    sentence = index.sents[index.sentence(s.open_mark)]
    para_start = index.paras[index.paragraph(s.open_mark)][0]
    start = max(sentence.start_char, para_start)
    before = text[start:s.open_mark].strip(" \n(—–-")
    # the parser may hang the opening mark on the sentence before: 'Mr. Obama said. ''This ...'
    return not before or s.open_mark > sentence.start_char and SENTENCE_END.search(before) is not None


SENTENCE_END = re.compile(r"""[.!?](?:["”’']|'')?$""")


def _quotes_only_paragraph(text: str, s: QuotedSpan, index: Index) -> bool:
    """A paragraph made of nothing but quoted sentences (a transcript, a list of slogans): its
    quotes are kept, with no speaker, rather than dropped as titles or scare quotes would be."""
    p_start, p_end = index.paras[index.paragraph(s.open_mark)]
    pos, rest = p_start, []
    for i in index.spans_in(p_start, p_end):
        span = index.spans[i]
        rest.append(text[pos:span.open_mark])
        pos = span.close_mark + 1
    rest.append(text[pos:p_end])
    return not any(ch.isalnum() for ch in "".join(rest)) and s.paragraphs == 1


def _same_turn(text: str, base: FoundQuote, s: QuotedSpan, index: Index) -> bool:
    """A cue-less quoted passage continues `base`'s turn: same paragraph, or the next one when
    the passage opens it."""
    p_base, p_here = index.paragraph(base.start), index.paragraph(s.open_mark)
    if p_here == p_base:
        return True
    para_start = index.paras[p_here][0]
    opens_paragraph = not text[para_start:s.open_mark].strip()
    return p_here == p_base + 1 and opens_paragraph


def _inner_cue(text: str, ns: int, ne: int, inside: list[Attribution], index: Index) -> Attribution | None:
    for a in inside:
        if a.subject is None:
            continue
        if any(cs < ne and ce > ns for cs, ce in a.content):
            return a
        if a.cue_end <= ns and ns - a.cue_end <= 40 and not text[a.cue_end:ns - 1].strip(" ,:"):
            return a
        if a.cue_start >= ne and a.cue_start - ne <= 20 and index.sentence(a.cue_start) == index.sentence(ne):
            return a
    return None


def context_channels(doc, rules: QuoteRules, index: Index) -> list[tuple[int, int, str]]:
    """(offset, subject token, channel) of sentences that say where someone spoke without a cue
    of their own ('declared a state of emergency in a televised address')."""
    out = []
    hints = positions(token_mask(doc, LOWER, HINT_KEYS))  # tokens that hint at a channel
    for sent in index.sents:
        if not within(hints, sent.start, sent.end):
            continue
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        excluded = [(index.spans[i].open_mark, index.spans[i].close_mark + 1)
                    for i in index.spans_in(sent.start_char, sent.end_char)]
        tokens = [t for t in sent if not any(a <= t.idx < b for a, b in excluded)]
        channel = channel_of(doc, tokens, rules, cue=root)
        if channel and channel != "report":
            out.append((sent.start_char, subject.i, channel))
    return out
