"""The tense that places a bare weekday ("on Wednesday") before or after the DCT.

With a spaCy parse: the verb that governs the expression and its auxiliaries.
Without one: the nearest tense cue in the same sentence (a cheap heuristic).
Returns "PAST", "FUTURE" or None (unknown / present).
"""

from __future__ import annotations

import re
from typing import Any

_SENT_END = re.compile(r"[.!?][\"'”’)\]]?\s|\n\s*\n")

class TenseWords:
    """A language's tense cues (the `tense:` section of `rules/<lang>.yaml`)."""

    def __init__(self, data: dict[str, Any]):
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w) for w in data.get(key) or ())

        future = "|".join(str(w) for w in data.get("future_cues") or ())
        past = "|".join(str(w) for w in data.get("past_cues") or ())
        self.cue = re.compile(rf"(?<![\w'’])(?:(?P<f>{future})|(?P<p>{past}))(?![\w])", re.IGNORECASE)
        self.future_aux = words("future_aux")
        self.future_before = tuple(str(w) for w in data.get("future_before") or ())
        self.future_lemmas = words("future_lemmas")
        self.reporting = words("reporting")
        self.same_past = words("same_past")
        self.skip_before = words("skip_before")
        self.going = words("going")
        self.perfect_aux = words("perfect_aux")
        self.progressive_aux = words("progressive_aux")
        self.infinitive = words("infinitive")
        self.past_perfect_aux = words("past_perfect_aux")
        self.perfect_progressive = words("perfect_progressive")
        self.deadline_preps = words("deadline_preps")
        self.clause_infinitive_deps = words("clause_infinitive_deps")
        self.gerund_clause_deps = words("gerund_clause_deps")
        self.scheduled_for = words("scheduled_for")
        self.time_nouns = words("time_nouns")
        self.singular_pronouns = words("singular_pronouns")
        self.plural_pronouns = words("plural_pronouns")


_DEFAULT: TenseWords | None = None


def default_words() -> TenseWords:
    """The English cues, for callers that do not pass a language's `TenseWords`."""
    global _DEFAULT
    if _DEFAULT is None:
        from .matcher import read_lang_file

        _DEFAULT = TenseWords(read_lang_file("en").get("tense") or {})
    return _DEFAULT


def sentence_bounds(text: str, start: int, end: int, limit: int = 400) -> tuple[int, int]:
    lo = max(0, start - limit)
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    m = _SENT_END.search(text, end, min(len(text), end + limit))
    e = m.start() + 1 if m else min(len(text), end + limit)
    return s, e


def sentence_cues(text: str, bounds: tuple[int, int], words: TenseWords | None = None
                  ) -> list[tuple[int, int, str]]:
    """Tense cues in a sentence: (start, end, "PAST"|"FUTURE")."""
    cue = (words or default_words()).cue
    return [(m.start(), m.end(), "FUTURE" if m.group("f") else "PAST")
            for m in cue.finditer(text, bounds[0], bounds[1])]


def tense_heuristic(text: str, start: int, end: int, bounds: tuple[int, int] | None = None,
                    cues: list[tuple[int, int, str]] | None = None, reach: int = 150,
                    words: TenseWords | None = None) -> str | None:
    """The nearest tense cue in the sentence (within `reach` characters)."""
    if cues is None:
        s, e = bounds or sentence_bounds(text, start, end)
        cues = sentence_cues(text, (max(s, start - reach), min(e, end + reach)), words)
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


def tense_from_doc(doc: Any, start: int, end: int, words: TenseWords | None = None) -> str | None:
    """Tense of the verb governing the characters [start, end) in a parsed spaCy Doc."""
    return tense_and_firmness(doc, start, end, words)[0]


def tense_and_firmness(doc: Any, start: int, end: int, words: TenseWords | None = None) -> tuple[str | None, bool]:
    """The tense of the verb governing [start, end), and whether it is firm: read off the verb the
    expression hangs on (or the verb right before it), not through a noun ("a cutback in its supply
    in September": the verb of the noun's clause is a weak cue)."""
    w = words or default_words()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, False
    # a verb right before the expression ("said on Wednesday", "will meet Friday") decides:
    # the parser often attaches such a phrase to a later clause
    j = span.start - 1
    while j >= 0 and doc[j].lower_ in w.skip_before:
        j -= 1
    if j >= 0 and j >= span.start - 3:
        prev = doc[j]
        if prev.lemma_ in w.future_lemmas and doc[j + 1].lower_ in w.deadline_preps \
                and not _past_perfect(prev, w):
            return "FUTURE", True  # "postponed until Tuesday" (but "began as previously planned Saturday")
        if prev.tag_ == "VBD" or (prev.tag_ == "VBN" and prev.pos_ == "VERB"):
            return "PAST", True
        if prev.pos_ == "VERB" and any(c.lower_ in w.future_aux for c in prev.children if c.dep_ == "aux"):
            return "FUTURE", True
    before = " ".join(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    if any(k in before for k in w.future_before):
        # "until Friday" looks ahead, unless the clause is in the past perfect
        # ("until Thursday, they had not named him")
        gov, _ = _governing_verb(span.root, range(span.start, span.end))
        return ("PAST" if gov is not None and _past_perfect(gov, w) else "FUTURE"), True
    gov, noun_attached = _governing_verb(span.root, range(span.start, span.end), w.time_nouns)
    if gov is None:
        return None, False
    return verb_tense(gov, strong_only=noun_attached, words=w), not noun_attached


def _governing_verb(tok: Any, inside: range, time_nouns: frozenset[str] = frozenset()) -> tuple[Any, bool]:
    """The verb up the parse from `tok` (None if there is none near) and whether the way up passes
    through a noun outside the token indices `inside`: attached to a noun ("a mission in December",
    "warnings from Moscow on Thursday"), the verb of that noun's clause is a weaker cue, but a
    better one than the nearest word. `time_nouns`: words of a clock time the parser takes for nouns
    ("At 10:49 am on 2 Feb"), which do not count as such a noun."""
    noun_attached = False
    for step in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod":
            break
        if tok.head is tok:
            break
        if step and tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.i not in inside and tok.lower_ not in time_nouns:
            noun_attached = True
        if step >= 5 and not noun_attached:
            break
        tok = tok.head
    return (tok if tok.pos_ in ("VERB", "AUX") else None), noun_attached


def verb_tense(tok: Any, strong_only: bool = False, words: TenseWords | None = None) -> str | None:
    """PAST / FUTURE / None for a verb token, from its tag, lemma and auxiliaries.
    `strong_only`: only a tensed verb or a future auxiliary counts (not "planned", "to leave")."""
    w = words or default_words()
    if _past_perfect(tok, w):
        return "PAST"  # "had been due to expire Friday", "had been scheduled to close on Monday"
    if tok.lemma_ in w.future_lemmas and not strong_only:
        return "FUTURE"
    if tok.lemma_ in w.scheduled_for and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
        return "FUTURE"  # "a summit set for Washington in April"
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {c.lower_ for c in auxes}
    if aux_words & w.future_aux or tok.lower_ in w.future_aux:
        return "FUTURE"
    if tok.tag_ == "VBG" and any(c.lower_ in w.going for c in tok.children):
        return "FUTURE"
    if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "PAST"
    if tok.tag_ == "VBN" and aux_words & w.perfect_aux:
        return "PAST"
    if tok.tag_ == "VBG" and aux_words & w.perfect_aux and aux_words & w.perfect_progressive:
        return "PAST"  # "have been searching since ..."
    if tok.tag_ == "VB" and tok.dep_ in w.clause_infinitive_deps and tok.head is not tok \
            and any(c.lower_ in w.infinitive for c in tok.children):
        # a purpose infinitive or an infinitive subject takes the time of its clause: "staged
        # celebrations to mark the entry on Friday", "the first countries to join on Friday were ..."
        head, _ = _governing_verb(tok.head, range(tok.i, tok.i + 1))
        if head is not None and head is not tok:
            inherited = verb_tense(head, strong_only=True, words=w)
            if inherited is not None:
                return inherited
    inherited = _gerund_clause_tense(tok, auxes, w)
    if inherited is not None:
        return inherited
    if strong_only:
        return None
    if tok.tag_ == "VBN" and not aux_words:  # reduced relative: "the raid carried out Wednesday"
        return "PAST"
    if tok.tag_ == "VBG" and aux_words & w.progressive_aux:
        return "FUTURE"  # "is meeting on Friday"
    if tok.tag_ in ("VB",) and any(c.lower_ in w.infinitive for c in tok.children):
        return "FUTURE"  # "planned to leave on Thursday"
    if tok.tag_ in ("VBZ", "VBP") and tok.pos_ == "VERB" and not aux_words and tok.lemma_ not in w.reporting \
            and tok.lower_ not in w.same_past and _agrees(tok, w):
        return "FUTURE"  # a scheduled event in the present tense: "the leaders meet on Monday"
    return None


def _gerund_clause_tense(tok: Any, auxes: list[Any], w: TenseWords) -> str | None:
    """"After refusing (to supply him) in April, she never saw him again": a gerund clause with no
    auxiliary, or an infinitive hanging on one, happens in the time of the clause it modifies."""
    gerund = tok
    if tok.tag_ == "VB" and tok.dep_ == "xcomp" and tok.head is not tok:
        gerund = tok.head  # "refusing to supply"
    if gerund.tag_ != "VBG" or gerund.dep_ not in w.gerund_clause_deps or gerund.head is gerund:
        return None
    if gerund.dep_ == "pcomp" and gerund.head.head.pos_ not in ("VERB", "AUX"):
        return None  # "little likelihood of it happening before April": the gerund hangs on a noun
    if any(c.dep_ in ("aux", "auxpass") for c in gerund.children) or (gerund is tok and auxes):
        return None
    head, _ = _governing_verb(gerund.head, range(gerund.i, gerund.i + 1))
    if head is None or head is gerund or head is tok:
        return None
    return verb_tense(head, strong_only=True, words=w)


def _agrees(verb: Any, w: TenseWords) -> bool:
    """A present-tense verb that agrees with its subject (a VBP after a singular noun is a past form)."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    if verb.tag_ == "VBZ":
        return subj.tag_ in ("NN", "NNP") or subj.lower_ in w.singular_pronouns
    return subj.tag_ in ("NNS", "NNPS") or subj.lower_ in w.plural_pronouns or any(
        c.dep_ == "conj" for c in subj.children)


def _past_perfect(verb: Any, w: TenseWords, steps: int = 3) -> bool:
    """The verb or a verb governing it (within a few steps) is in the past perfect ("had ...")."""
    tok = verb
    for _ in range(steps):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in w.past_perfect_aux and c.tag_ == "VBD"
               for c in tok.children):
            return True
        if tok.head is tok or tok.head.pos_ not in ("VERB", "AUX", "ADJ"):
            return False
        tok = tok.head
    return False
