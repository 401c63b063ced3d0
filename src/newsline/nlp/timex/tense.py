"""The tense that places a bare weekday ("on Wednesday") before or after the DCT.

With a spaCy parse: the verb that governs the expression and its auxiliaries.
Without one: the nearest tense cue in the same sentence (a cheap heuristic).
Returns "PAST", "FUTURE" or None (unknown / present).
"""

from __future__ import annotations

import re
from typing import Any

_SENT_END = re.compile(r"[.!?][\"'”’)\]]?\s|\n\s*\n")

_FUTURE = (r"will|won['’]t|wo n['’]t|shall|['’]ll|going to|is to|are to|scheduled|slated|plans?|planned|planning|"
           r"expects? to|(?:is|are) expected|set to|(?:is|are) due|intends? to|aims? to|hopes? to|upcoming|"
           r"would|could|might|as soon as|as early as|until")
_PAST = (r"said|says|was|were|had|did|told|announced|began|made|took|came|went|gave|met|ran|won|lost|saw|"
         r"left|held|fell|rose|paid|sold|bought|got|fought|struck|led|sent|spent|brought|kept|found|became|"
         r"broke|wrote|spoke|hit|cut|ago|yesterday|earlier|last|\w{3,}ed")
_CUE = re.compile(rf"(?<![\w'’])(?:(?P<f>{_FUTURE})|(?P<p>{_PAST}))(?![\w])", re.IGNORECASE)


def sentence_bounds(text: str, start: int, end: int, limit: int = 400) -> tuple[int, int]:
    lo = max(0, start - limit)
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    m = _SENT_END.search(text, end, min(len(text), end + limit))
    e = m.start() + 1 if m else min(len(text), end + limit)
    return s, e


def sentence_cues(text: str, bounds: tuple[int, int]) -> list[tuple[int, int, str]]:
    """Tense cues in a sentence: (start, end, "PAST"|"FUTURE")."""
    return [(m.start(), m.end(), "FUTURE" if m.group("f") else "PAST")
            for m in _CUE.finditer(text, bounds[0], bounds[1])]


def tense_heuristic(text: str, start: int, end: int, bounds: tuple[int, int] | None = None,
                    cues: list[tuple[int, int, str]] | None = None, reach: int = 150) -> str | None:
    """The nearest tense cue in the sentence (within `reach` characters)."""
    if cues is None:
        s, e = bounds or sentence_bounds(text, start, end)
        cues = sentence_cues(text, (max(s, start - reach), min(e, end + reach)))
    best: tuple[int, str] | None = None
    for cs, ce, kind in cues:
        if start <= cs < end:
            continue
        dist = start - ce if ce <= start else cs - end
        # a cue before the expression counts a little more than one after it
        if cs > end:
            dist += 8
        if dist > reach:
            continue
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


_FUT_AUX = {"will", "'ll", "’ll", "shall", "wo", "would", "could", "might"}
_FUT_BEFORE = ("as soon as", "as early as", "until", "till", "no later than", "in time for")
_FUT_LEMMAS = {"schedule", "plan", "slate", "postpone", "delay", "adjourn", "expect", "reschedule", "due"}
_REPORTING = {"say", "tell", "report", "announce", "claim", "add", "state", "note", "insist", "deny", "confirm",
              "believe", "think", "know", "want", "have", "be"}
# verbs whose past tense is spelled as the present: "the drop hurt shares on Friday"
_SAME_PAST = {"hurt", "cut", "put", "set", "hit", "let", "cost", "quit", "spread", "shut", "bet", "cast", "split",
              "read", "beat", "burst", "upset", "thrust", "broadcast", "forecast", "bid", "rid", "slit", "shed"}
_SKIP_BEFORE = {"on", "last", "this", "next", "early", "late", "late", "until", "by", "before", "after", ","}


def tense_from_doc(doc: Any, start: int, end: int) -> str | None:
    """Tense of the verb governing the characters [start, end) in a parsed spaCy Doc."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    # a verb right before the expression ("said on Wednesday", "will meet Friday") decides:
    # the parser often attaches such a phrase to a later clause
    j = span.start - 1
    while j >= 0 and doc[j].lower_ in _SKIP_BEFORE:
        j -= 1
    if j >= 0 and j >= span.start - 3:
        prev = doc[j]
        if prev.tag_ == "VBD" or (prev.tag_ == "VBN" and prev.pos_ == "VERB"):
            return "PAST"
        if prev.pos_ == "VERB" and any(c.lower_ in _FUT_AUX for c in prev.children if c.dep_ == "aux"):
            return "FUTURE"
    before = " ".join(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    if any(k in before for k in _FUT_BEFORE):
        return "FUTURE"
    tok = span.root
    noun_attached = False
    for step in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod":
            break
        if tok.head is tok:
            break
        if step and tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.i not in range(span.start, span.end):
            # attached to a noun ("a mission in December", "warnings from Moscow on Thursday"): the verb
            # of that noun's clause is a weaker cue, but a better one than the nearest word
            noun_attached = True
        if step >= 5 and not noun_attached:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    return verb_tense(tok, strong_only=noun_attached)


def verb_tense(tok: Any, strong_only: bool = False) -> str | None:
    """PAST / FUTURE / None for a verb token, from its tag, lemma and auxiliaries.
    `strong_only`: only a tensed verb or a future auxiliary counts (not "planned", "to leave")."""
    if _past_perfect(tok):
        return "PAST"  # "had been due to expire Friday", "had been scheduled to close on Monday"
    if tok.lemma_ in _FUT_LEMMAS and not strong_only:
        return "FUTURE"
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & _FUT_AUX or tok.lower_ in _FUT_AUX:
        return "FUTURE"
    if tok.tag_ == "VBG" and any(c.lower_ == "going" for c in tok.children):
        return "FUTURE"
    if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "PAST"
    if tok.tag_ == "VBN" and words & {"has", "have", "had", "'s", "’s", "'ve"}:
        return "PAST"
    if strong_only:
        return None
    if tok.tag_ == "VBN" and not words:  # reduced relative: "the raid carried out Wednesday"
        return "PAST"
    if tok.tag_ == "VBG" and words & {"is", "are", "'s", "’s", "'re", "am"}:
        return "FUTURE"  # "is meeting on Friday"
    if tok.tag_ in ("VB",) and any(c.lower_ == "to" for c in tok.children):
        return "FUTURE"  # "planned to leave on Thursday"
    if tok.tag_ in ("VBZ", "VBP") and tok.pos_ == "VERB" and not words and tok.lemma_ not in _REPORTING \
            and tok.lower_ not in _SAME_PAST and _agrees(tok):
        return "FUTURE"  # a scheduled event in the present tense: "the leaders meet on Monday"
    return None


def _agrees(verb: Any) -> bool:
    """A present-tense verb that agrees with its subject (a VBP after a singular noun is a past form)."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    if verb.tag_ == "VBZ":
        return subj.tag_ in ("NN", "NNP") or subj.lower_ in ("he", "she", "it")
    return subj.tag_ in ("NNS", "NNPS") or subj.lower_ in ("we", "they", "i", "you") or any(
        c.dep_ == "conj" for c in subj.children)


def _past_perfect(verb: Any, steps: int = 3) -> bool:
    """The verb or a verb governing it (within a few steps) is in the past perfect ("had ...")."""
    tok = verb
    for _ in range(steps):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d", "’d") and c.tag_ == "VBD"
               for c in tok.children):
            return True
        if tok.head is tok or tok.head.pos_ not in ("VERB", "AUX", "ADJ"):
            return False
        tok = tok.head
    return False
