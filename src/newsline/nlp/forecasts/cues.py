"""Forecast cues in a parsed sentence: what is predicted (the head of the outcome) and the words
that say so (the cue), from the dependency parse the pipeline already made.

Kinds of cue, each pointing at the head of what is predicted:
- modal: "will", "would", "could", "may", "might" on a verb ("the dam will hold");
- hedge: an adverb on a verb ("will probably recede", "is likely just a step");
- judgement: a predicative adjective or passive participle taking the clause ("is likely to rise",
  "it is highly unlikely that he will ...", "is expected to approve", "appears set to go");
- expectation: a verb whose subject predicts its complement ("forecasters expect more rain");
- intent: a verb (or noun) of the subject's own act to come ("has promised a shuttle", "plans for
  an invasion");
- future_noun: an event noun marked as to come ("an imminent escalation", "a potential conflict");
- prelude: "a prelude to X" predicts X;
- possibility: a possibility noun with its quantifier ("little likelihood of power being restored");
- headline: a headline's bare infinitive ("Orren to resign").

Nested cues on one outcome are one forecast, read by the outermost judgement ("it is not
unlikely that it may rise": "not unlikely"; the inner "may" is concord, a "will" under a judgement
is tense). A negation on the predicted verb is the outcome's (polarity), one on the judgement is the
estimate's ("not likely").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import LEMMA, LOWER

from ..components import doc_text
from ..positions import positions, token_mask, within, word_keys
from ..timex import _in_quotation
from .probability import load_rules

RANK = {"judgement": 5, "expectation": 5, "possibility": 5, "hedge": 4, "intent": 3, "prelude": 3,
        "future_noun": 2, "modal": 1, "headline": 1}
NEGATIONS = {"not", "n't", "never", "no"}
OPERATORS = {"very", "highly", "extremely", "almost", "virtually", "nearly", "most", "widely", "all", "but",
             "practically", "quite", "so", "really", "exceedingly", "overwhelmingly"}
TRANSPARENT_VERBS = {"warn", "fear", "believe", "reckon"}  # their complement's own modal is the estimate
PAST_TAGS = {"VBD", "VBN"}
EXPLETIVE_HEADS = {"be", "appear", "seem", "look", "remain"}
ABILITY = {"see", "hear", "believe", "understand", "imagine", "tell", "say", "afford", "help", "find", "get",
           "do", "make", "reach", "escape", "leave", "return"}
HABITUAL = {"often", "usually", "always", "sometimes", "frequently", "repeatedly", "regularly", "typically",
            "generally", "routinely", "once", "daily", "weekly", "monthly", "hourly", "annually", "rather", "sooner"}
PERCEPTION = {"see", "hear", "feel", "watch", "notice", "smell", "sense", "tell"}
PAST_MARKS = {"before", "until", "till", "so", "because", "when", "while", "as"}
WH = {"when", "how", "whether", "why", "where", "what", "who", "which"}


@dataclass
class Candidate:
    head: int  # token index of the head of what is predicted (a verb or an event noun)
    top: int  # the topmost token of the forecast's clause (its span and its holder hang from it)
    kind: str
    cue: str  # the hedge phrase as it is read for the probability
    cue_tokens: list[int] = field(default_factory=list)
    holder_token: int | None = None  # the subject of an expectation or intent verb
    modal: str | None = None  # the modal on the predicted verb, when there is one
    polarity: str = "positive"  # negative: the predicted outcome is a negation ("will not reopen")


class CueFinder:
    def __init__(self, rules: dict | None = None, event_nouns: frozenset[str] = frozenset()):
        r = rules or load_rules()
        self.modals = dict(r["modals"])
        self.boosters = dict(r["modal_boosters"])
        self.adverbs = set(r["hedge_adverbs"]) - OPERATORS
        self.adjectives = set(r["hedge_adjectives"])
        self.expect = set(r["expectation_verbs"])
        self.intent = set(r["intent_verbs"])
        self.future_adjectives = set(r["future_adjectives"])
        self.preludes = set(r["prelude_nouns"])
        self.possibility = set(r["possibility_nouns"])
        self.quantified = {w for ws in r["probability"]["quantifiers"].values() for w in ws} | {"no", "some", "every"}
        self.event_nouns = event_nouns
        # a token is a cue only if its word or its lemma is one of these (see `find`)
        self.cue_word_keys = word_keys(set(self.modals) | self.adverbs | self.adjectives)
        self.cue_lemmas = (self.adjectives | self.expect | self.intent | self.preludes | self.possibility
                           | set(event_nouns))
        self._lemma_is_cue: dict[int, bool] = {}

    def positions(self, doc) -> list[int]:
        """The tokens of the doc that may be cues, read from arrays (most tokens are no cue's word
        or lemma and are not looked at one by one)."""
        if not len(doc):
            return []
        words = token_mask(doc, LOWER, self.cue_word_keys)
        lemma = doc.to_array(LEMMA)
        known = self._lemma_is_cue
        for key in np.unique(lemma).tolist():
            if key not in known:
                known[key] = doc.vocab.strings[key].lower() in self.cue_lemmas if key else False
        lemmas = np.fromiter((known[k] for k in lemma.tolist()), dtype=bool, count=len(doc))
        return positions(words | lemmas)

    def find(self, sent, cue_positions: list[int] | None = None) -> list[Candidate]:
        """Forecast candidates of one sentence, one per predicted head, with the outermost cue.
        `cue_positions`: the doc's possible cue tokens (`positions(doc)`), when the caller has them."""
        if doc_text(sent.doc)[sent.start_char:sent.end_char].rstrip().rstrip("\"'”’)").endswith("?"):
            return []  # a question (rhetorical or not) predicts nothing
        found: list[Candidate] = []
        if cue_positions is None:
            tokens = iter(sent)
        else:
            tokens = (sent.doc[i] for i in within(cue_positions, sent.start, sent.end))
        for token in tokens:
            low = token.lower_
            if token.dep_ == "aux" and low in self.modals and token.head.i != token.i:
                found += self._modal(token)
            elif token.dep_ == "advmod" and low in self.adverbs and token.head.pos_ in ("VERB", "AUX"):
                found += self._hedge(token)
            elif low in self.adjectives or (token.lemma_.lower() in self.adjectives and token.tag_ == "VBN"):
                found += self._judgement(token)
            if token.pos_ == "VERB" and token.lemma_.lower() in self.expect and token.tag_ != "VBN":
                found += self._expectation(token)
            if token.lemma_.lower() in self.intent:
                found += self._intent(token)
            if token.pos_ in ("NOUN", "PROPN"):
                found += self._noun_cues(token)
        found += self._headline(sent)
        return merge(found, sent)

    # -- cue kinds -------------------------------------------------------------------------
    def _modal(self, token) -> list[Candidate]:
        verb = token.head
        if past_conditional(verb) or indirect_question(verb) or habitual(verb) or past_condition(verb):
            return []
        low = token.lower_
        if low in ("could", "would", "might") and past_narrative(verb, token):
            return []
        if verb.lemma_.lower() in ("like", "love", "prefer", "rather", "mind"):
            return []  # "would like": a wish, not a forecast
        cue = self.modals[low]
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        tokens = [token.i]
        if nxt is not None and nxt.lower_ in self.boosters and self.boosters[nxt.lower_]:
            cue = f"{cue} {nxt.lower_}"
            tokens.append(nxt.i)
        return [Candidate(verb.i, verb.i, "modal", cue, tokens, modal=self.modals[low], polarity=polarity(verb))]

    def _hedge(self, token) -> list[Candidate]:
        verb = token.head
        if has_modal(verb, self.modals) is None and verb.tag_ in PAST_TAGS:
            return []  # an estimate about the past ("the raid likely killed ..."), not a forecast
        if past_conditional(verb) or indirect_question(verb):
            return []
        words = operators(token) + [token]
        return [Candidate(verb.i, verb.i, "hedge", phrase(words), [w.i for w in words], polarity=polarity(verb))]

    def _judgement(self, token) -> list[Candidate]:
        """"X is likely to V", "it is unlikely (that) ...", "X is expected to V", "set to V"."""
        complement = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp")), None)
        copula = token.head if token.dep_ in ("acomp", "attr", "oprd", "xcomp") else None
        if complement is None and token.dep_ in ("amod", "advmod") and token.head.pos_ in ("VERB", "AUX") \
                and token.pos_ == "ADJ" and token.head.i > token.i:
            # 'it was “highly unlikely” Orren would ...': the quotation marks cut the parse
            complement = token.head
            copula = complement.head if lemma_of(complement.head) == "be" and complement.head.i < token.i else None
        if complement is None and copula is not None and lemma_of(copula) in EXPLETIVE_HEADS:
            complement = next((c for c in copula.children if c.dep_ in ("ccomp", "xcomp") and c.i > token.i), None)
        if complement is None and token.tag_ == "VBN" and token.lemma_.lower() in ("expect", "schedule", "due", "plan") \
                and any(c.dep_ == "auxpass" for c in token.children):
            subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):  # "the final report is expected in the autumn"
                words = operators(token) + [token]
                return [Candidate(subject.i, token.i, "judgement", phrase(words), [w.i for w in words])]
        if complement is None or complement.pos_ not in ("VERB", "AUX"):
            return []
        if token.tag_ in PAST_TAGS and not any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) \
                and token.lower_ not in ("set", "poised", "scheduled", "slated", "due", "bound"):
            return []  # "he expected it to pass" is an expectation verb, handled there
        if past_conditional(complement):
            return []
        top = copula if copula is not None and lemma_of(copula) in EXPLETIVE_HEADS else token
        neg = [c for c in top.children if c.dep_ == "neg"] + [c for c in token.children if c.dep_ == "neg"]
        words = sorted(neg + operators(token) + [token], key=lambda t: t.i)
        cue = phrase(words)
        if token.lower_ in ("going", "about") and not neg:
            cue = token.lower_
        return [Candidate(complement.i, top.i, "judgement", cue, [w.i for w in words],
                          modal=has_modal(complement, self.modals), polarity=polarity(complement))]

    def _expectation(self, verb) -> list[Candidate]:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or verb.dep_ == "amod":
            return []
        complement = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        lemma = verb.lemma_.lower()
        if complement is not None and complement.pos_ in ("VERB", "AUX"):
            inner = has_modal(complement, self.modals)
            if inner is None and complement.tag_ != "VB":
                return []  # "believed the garrison surrendered", "warn the spillway is under strain": not the future
            if lemma in TRANSPARENT_VERBS and inner is not None:
                return []  # "warned that the war will be long": the complement's own cue reads it
            head = complement
        elif obj is not None and lemma not in ("believe", "doubt", "warn", "estimate"):
            head = obj
        else:
            return []
        neg = [c for c in verb.children if c.dep_ == "neg"]
        cue = phrase(sorted(neg + [verb], key=lambda t: t.i), lemma=True)
        return [Candidate(head.i, verb.i, "expectation", cue, [verb.i] + [n.i for n in neg], holder_token=subject.i,
                          modal=has_modal(head, self.modals), polarity=polarity(head))]

    def _intent(self, token) -> list[Candidate]:
        if any(c.dep_ == "neg" for c in token.children):
            return []  # "have not threatened to withdraw": no intent was announced
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            if token.dep_ in ("relcl", "acl") and (token.tag_ == "VBD" or any(
                    c.dep_ == "aux" and c.lower_ in ("was", "were", "had") for c in token.children)):
                return []  # "terrorists who were planning to attack": a past plan, told as history
            subject = next((c for c in token.children if c.dep_ in ("nsubj",)), None)
            target = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
            if target is None:
                target = next((c for c in token.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
            if target is None or (token.tag_ == "VBN" and token.dep_ == "amod"):
                return []
            return [Candidate(target.i, token.i, "intent", lemma, [token.i],
                              holder_token=subject.i if subject is not None else None, polarity=polarity(target))]
        if token.pos_ == "NOUN" and lemma in ("plan", "intent", "intention", "threat", "promise", "pledge"):
            negated = [c for c in token.children if c.dep_ == "det" and c.lower_ == "no"]
            target = event_object(token, self.event_nouns)
            if target is None:
                return []
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None and token.dep_ == "dobj" and token.head.pos_ in ("VERB", "AUX"):  # "he had no plans to"
                owner = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            # "no plans to resign": an intention not to (the outcome is negative, the plan itself stands)
            return [Candidate(target.i, token.i, "intent", "plan" if lemma in ("intent", "intention") else lemma,
                              [token.i] + [n.i for n in negated], holder_token=owner.i if owner is not None else None,
                              polarity="negative" if negated else polarity(target))]
        return []

    def _noun_cues(self, noun) -> list[Candidate]:
        lemma = noun.lemma_.lower()
        out = []
        if lemma in self.preludes:
            target = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("to", "of", "for")
                           for g in c.children if g.dep_ == "pobj"), None)
            if target is not None:
                out.append(Candidate(target.i, noun.i, "prelude", lemma, [noun.i]))
        elif lemma in self.possibility:
            quantifiers = [c for c in noun.children if c.dep_ in ("amod", "det") and c.lower_ in self.quantified]
            target = possibility_content(noun)
            if target is not None and (quantifiers or lemma not in ("risk", "danger", "chance", "chances")):
                words = sorted(quantifiers + [q for c in quantifiers for q in operators(c)] + [noun], key=lambda t: t.i)
                out.append(Candidate(target.i, noun.i, "possibility", phrase(words), [w.i for w in words],
                                     polarity=polarity(target) if target.pos_ in ("VERB", "AUX") else "positive"))
        elif lemma in self.event_nouns:
            for child in noun.children:
                if child.dep_ == "amod" and child.lower_ in self.future_adjectives:
                    words = operators(child) + [child]
                    out.append(Candidate(noun.i, noun.i, "future_noun", phrase(words), [w.i for w in words]))
                    break
        return out

    def _headline(self, sent) -> list[Candidate]:
        """A headline's "X to V": the future of headline grammar."""
        if sent.start != 0 or len(sent) > 16 or sent.text.rstrip().endswith("."):
            return []
        for token in sent:
            if token.tag_ == "VB" and token.pos_ == "VERB" and token.dep_ in ("ROOT", "acl", "relcl", "xcomp") and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                head = token.head
                if token.dep_ == "ROOT" or head.pos_ in ("NOUN", "PROPN"):
                    return [Candidate(token.i, token.i, "headline", "set", [c.i for c in token.children
                                                                            if c.lower_ == "to"])]
        return []


# -- helpers ------------------------------------------------------------------------------------
def merge(found: list[Candidate], sent) -> list[Candidate]:
    """One candidate per predicted head; the outermost cue reads it. A hedge on a copula whose
    attribute is a prelude or possibility noun moves onto that noun's candidate ("is probably a
    prelude to X": the estimate of X)."""
    by_head: dict[int, Candidate] = {}
    doc = sent.doc
    for c in sorted(found, key=lambda c: (-RANK[c.kind], c.head)):
        if c.head in by_head:
            kept = by_head[c.head]
            kept.modal = kept.modal or c.modal
            if c.polarity == "negative":
                kept.polarity = "negative"
            continue
        by_head[c.head] = c
    out = list(by_head.values())
    for c in list(out):
        head = doc[c.head]
        if c.kind in ("hedge", "modal") and lemma_of(head) == "be":
            attr = next((t for t in head.children if t.dep_ == "attr"), None)
            inner = next((o for o in out if attr is not None and o.top == attr.i and o.kind in ("prelude", "possibility")),
                         None)
            if inner is not None:
                if c.kind == "hedge":
                    inner.cue, inner.cue_tokens = c.cue, c.cue_tokens + inner.cue_tokens
                inner.top = head.i
                out.remove(c)
    # a judgement or expectation over a clause whose own modal was found: the outer one stands alone
    tops = {c.head for c in out if c.kind in ("judgement", "expectation", "possibility", "hedge")}
    out = [c for c in out if not (c.kind == "modal" and governed_by(doc[c.head], tops, c.head))]
    return sorted(out, key=lambda c: c.head)


def lemma_of(token) -> str:
    """The lemma, with the contracted copula ("it’s", curly apostrophe) read as "be"."""
    low = token.lower_.replace("’", "'")
    return "be" if low == "'s" and token.pos_ == "AUX" or low == "'s" and token.tag_ == "VBZ" else token.lemma_.lower()


def governed_by(token, heads: set[int], own: int) -> bool:
    """Is `token` inside the complement of one of `heads` ("unlikely that he will stay"), not merely
    joined to it ("will probably recede, and we will rebuild")?"""
    t = token
    for _ in range(4):
        if t.head.i == t.i or t.dep_ in ("conj", "parataxis", "relcl", "acl"):
            return False
        t = t.head
        if t.i in heads and t.i != own:
            return True
    return False


def operators(token) -> list:
    """The intensifiers, attenuators and negations written on a hedge word ("almost certainly",
    "highly unlikely"), in text order."""
    out = []
    for c in token.children:
        if c.dep_ in ("advmod", "neg", "preconj", "det") and (c.lower_ in OPERATORS or c.lower_ in NEGATIONS) \
                and c.i < token.i:
            out += operators(c) + [c]
    return sorted(out, key=lambda t: t.i)


def phrase(tokens, *, lemma: bool = False) -> str:
    return " ".join((t.lemma_.lower() if lemma and t.pos_ == "VERB" else t.lower_) for t in tokens)


def polarity(verb) -> str:
    return "negative" if any(c.dep_ == "neg" for c in verb.children) else "positive"


def has_modal(verb, modals: dict) -> str | None:
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in modals:
            return modals[c.lower_]
    return None


def past_conditional(verb) -> bool:
    """"would have fallen", "could have been avoided", "may have been fighting": a counterfactual or a
    guess about the past ("will have finished by Friday" is a future perfect: a forecast)."""
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ in ("VBN", "VBG") and "have" in [a if a != "'ve" else "have" for a in auxes] and not any(
        a in ("will", "shall", "'ll") for a in auxes)


def indirect_question(verb) -> bool:
    """"whether it would hold", "when and how it will happen": a question, not a forecast."""
    for c in verb.children:
        if c.dep_ == "mark" and (c.lower_ == "whether" or (c.lower_ == "if" and verb.dep_ in ("ccomp", "csubj"))):
            return True
        if c.dep_ in ("advmod", "mark") and c.lower_ in WH and c.i < verb.i and c.i == verb.left_edge.i:
            return verb.dep_ in ("ccomp", "csubj", "advcl", "conj", "nsubj")
    return verb.dep_ == "csubj"


def past_condition(verb) -> bool:
    """"If we got this wrong, the documents will show it", "if it had held": a conditional about the
    past. A past tense under a past reporting verb is reported speech ("said it could reopen if divers
    found no damage"): backshifted, not past."""
    for c in verb.children:
        if c.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
            continue
        if any(a.dep_ == "aux" and a.lower_ == "had" for a in c.children):
            return True
        if c.tag_ == "VBD" and not reported(verb):
            return True
    return False


def reported(verb) -> bool:
    """Under a past reporting verb and not inside direct speech (which keeps its own tenses)."""
    if _in_quotation(doc_text(verb.doc), verb.idx):
        return False
    t = verb
    for _ in range(4):
        if t.head.i == t.i:
            return False
        if t.dep_ in ("ccomp", "xcomp", "parataxis") and t.head.tag_ in PAST_TAGS:
            return True
        t = t.head
    return False


def habitual(verb) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in verb.children)


def past_narrative(verb, modal) -> bool:
    """"before most residents could escape", "so that they could see": a past ability or purpose."""
    if any(c.dep_ == "mark" and c.lower_ in PAST_MARKS for c in verb.children):
        governor = verb.head
        return governor.tag_ in PAST_TAGS
    if modal.lower_ == "could" and verb.lemma_.lower() in ABILITY and (polarity(verb) == "negative" or any(
            c.dep_ == "nsubj" and c.lower_ in ("nobody", "no", "none", "noone") for c in verb.children)):
        return True  # "could not see", "nobody could say"
    if modal.lower_ == "could" and verb.lemma_.lower() in PERCEPTION:
        return True  # "you could see his mother holding her hand": what was there to see
    return False


def event_object(noun, event_nouns: frozenset[str]):
    """The event a plan noun is about: "plans for a ground invasion", "its plan to withdraw"."""
    for c in noun.children:
        if c.dep_ == "acl" and c.pos_ == "VERB":
            return c
        if c.dep_ == "prep" and c.lower_ in ("for", "of"):
            for g in c.children:
                if g.dep_ == "pobj" and (g.lemma_.lower() in event_nouns or g.pos_ == "VERB"):
                    return g
    return None


def possibility_content(noun):
    """What a possibility noun is the possibility of: "that ..." clause, "of X being restored"."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX"):
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "that"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    verb = next((x for x in g.children if x.dep_ in ("acl", "relcl") and x.pos_ == "VERB"), None)
                    return verb or g
    head = noun.head
    if noun.dep_ in ("attr", "nsubj") and lemma_of(head) == "be":
        return next((c for c in head.children if c.dep_ == "ccomp"), None)
    return None
