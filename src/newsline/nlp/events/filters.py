"""Is a trigger asserted as having happened? Hedged, conditional, future, negated, habitual
statements and opinions are not events (a hedged or future one is a forecast: another issue).

`modality(token, lexicon)` walks from the trigger up through the clauses that govern it
("said that ... would", "plans to ...", "if ...") and returns the first reason it finds,
or "asserted".
"""

from __future__ import annotations

from .lexicon import Lexicon

WILL = {"will", "would", "shall", "'ll", "wo"}
CLAUSE_LINKS = {"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj", "parataxis"}
NOUN_FUTURE = {"imminent", "possible", "potential", "planned", "impending", "expected", "future", "next", "upcoming",
               "proposed", "threatened", "looming", "likely", "probable", "eventual", "prospective", "inevitable",
               "anticipated", "feared", "promised"}
JUDGED = {"likely", "unlikely", "possible", "probable", "clear", "certain", "uncertain", "doubtful", "unclear"}


def modality(token, lexicon: Lexicon, *, noun_only: bool = False) -> str:
    """asserted | future | hedged | conditional | negated | habitual | opinion for one trigger token."""
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ == "amod" and child.lower_ in NOUN_FUTURE:
                return "future"
            if child.dep_ == "det" and child.lower_ in ("no", "any"):
                return "negated"
        if noun_only:
            return "asserted"
        verb = governing_verb(token)
        if verb is None:
            return "asserted"
        if verb.lemma_.lower() in lexicon.future_governors and verb.i != token.i:
            return "future"
        if verb.lemma_.lower() in lexicon.opinion_governors:
            return "opinion"
        token = verb
    return clause_modality(token, lexicon)


def governing_verb(token):
    """The nearest verb (or auxiliary used as a main verb) above a noun."""
    t = token
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def clause_modality(verb, lexicon: Lexicon) -> str:
    v = verb
    first = True
    while True:
        for child in v.children:
            low = child.lower_
            if child.dep_ in ("aux", "auxpass") and low in lexicon.modals:
                return "future" if low in WILL else "hedged"
            if child.dep_ == "neg" or (child.dep_ in ("advmod", "npadvmod") and low in ("never",)):
                return "negated"
            if child.dep_ == "advmod" and low in lexicon.hedges:
                return "hedged"
            if child.dep_ == "advmod" and low in lexicon.habitual and first:
                return "habitual"
            if child.dep_ == "mark" and low in lexicon.conditionals:
                return "conditional"
            if child.dep_ in ("aux", "xcomp") and child.lemma_ == "go" and v.tag_ == "VB":
                return "future"  # "is going to strike"
        head = v.head
        if v.dep_ in ("xcomp", "ccomp", "advcl") and head.i != v.i:
            lemma = head.lemma_.lower()
            if lemma in lexicon.future_governors or (head.pos_ == "ADJ" and head.lower_ in JUDGED):
                return "future" if v.dep_ == "xcomp" or lemma in lexicon.future_governors else "hedged"
            if lemma in lexicon.opinion_governors:
                return "opinion"
            if v.dep_ == "ccomp" and any(c.dep_ == "acomp" and c.lower_ in JUDGED for c in head.children):
                return "hedged"  # "it is unlikely (that) the raid signals ..."
        if v.dep_ == "xcomp" and v.tag_ == "VB" and head.i != v.i and head.pos_ == "VERB":
            return "future"  # "to <verb>": a purpose or an intention, not a report that it happened
        if v.dep_ not in CLAUSE_LINKS or head.i == v.i:
            return "asserted"
        v = head
        first = False
