"""Speakers as the clause writes them: the subject of a cue read as a name ("IDF spokesperson
Peter Lerner"), a pronoun ("he") or a description ("the defense minister", "a senior official
who asked not to be named"). Whom they refer to is resolver.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import QuoteRules

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC", "WORK_OF_ART", "EVENT", "LAW"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")
@dataclass
class SpeakerRef:
    """The speaker as the clause writes it."""

    start: int
    end: int
    text: str
    kind: str  # name | pronoun | description
    head: int  # token index of its head
    label: str | None = None  # NER label for a name
    definite: bool = False  # "the mayor", "its commander", "Brannock's mayor"
    unnamed: bool = False  # "a senior official", "officials"


@dataclass
class Ref:
    """A mention the resolver can point at (an entity mention, or an NER span)."""

    start: int
    end: int
    text: str
    label: str
    title: str | None = None
    same_as: str | None = None  # another name the text gives it ("Israel Defense Forces" for "IDF")
    short_for: str | None = None  # the full name a short form stands for ("Wall Street Journal" for "Journal")


def ent_span(doc, token):
    """The named-entity span holding `token` (walks the IOB tags: no scan over doc.ents)."""
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _ent_of(doc, token):
    if not token.ent_type_:
        return None
    span = ent_span(doc, token)
    span.label_ = token.ent_type_
    return span


def speaker_ref(doc, token, rules: QuoteRules) -> SpeakerRef | None:
    """The speaker expression headed by `token`."""
    lower = token.lower_
    if lower in rules.relative and token.dep_ in SUBJECT_DEPS:
        return None  # resolved by the caller through the relative clause's head
    if token.pos_ == "PRON" or lower in rules.pronouns:
        if lower in rules.pronouns:
            return SpeakerRef(token.idx, token.idx + len(token.text), token.text, "pronoun", token.i)
        if lower in rules.groups:  # 'those who back her rivals say', 'some argue': unnamed, as written
            ref = description(doc, token, rules)
            ref.definite, ref.unnamed = False, True
            return ref
        return None
    if token.lower_ in rules.documents or token.lemma_.lower() in rules.documents:
        # "reporting by the New York Times", "a statement from the ministry": whose document it is
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of", "in"):
                author = next((g for g in child.children if g.dep_ == "pobj"), None)
                if author is not None and (author.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or author.pos_ == "PROPN"):
                    return speaker_ref(doc, author, rules)
    ent = _ent_of(doc, token)
    if ent is not None and ent.label_ in NAME_LABELS:
        return _name(doc, ent.start, ent.end, ent.label_, token.i)
    for child in token.children:  # "the NFA's director-general, Matthias Orren,"
        if child.dep_ == "appos":
            inner = _ent_of(doc, child)
            if inner is not None and inner.label_ in ("PERSON", "ORG"):
                return _name(doc, inner.start, inner.end, inner.label_, child.i)
    if token.pos_ == "NOUN" and token.text[:1].isupper() and token.lower_ in names_in(doc) and not token.n_lefts:
        return _name(doc, token.i, token.i + 1, names_in(doc)[token.lower_], token.i)  # 'Dunmore:' in a headline
    if token.pos_ == "PROPN":
        first = token.i
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN" and doc[first - 1].head.i == token.i:
            first -= 1
        return _name(doc, first, token.i + 1, None, token.i)
    return description(doc, token, rules)


def names_in(doc) -> dict[str, str]:
    """Last word -> label of the people's, organisations' and groups' names the model found in the
    doc (worked out once per doc): 'Dunmore' tagged as a common noun in a headline is still a name."""
    names = doc.user_data.get("newsline_speaker_names")
    if names is None:
        names = doc.user_data["newsline_speaker_names"] = {
            e[-1].lower_: e.label_ for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP")}
    return names


def _name(doc, start: int, end: int, label: str | None, head: int) -> SpeakerRef:
    if start < end - 1 and doc[start].lower_ == "the":
        start += 1
    while end - 1 > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    span = doc[start:end]
    return SpeakerRef(span.start_char, span.end_char, span.text, "name", head, label)


def description(doc, token, rules: QuoteRules) -> SpeakerRef:
    """The noun phrase: its left edge to the head, plus what follows the head up to a comma
    ("a spokeswoman for the authority", "a senior official who asked not to be named")."""
    first = token.left_edge.i
    while first < token.i and (doc[first].is_punct or doc[first].text in ("#", "*")):
        first += 1
    last = token.i
    for child in token.rights:
        if child.dep_ in ("prep", "relcl", "acl", "amod", "nummod", "compound", "poss") and not _comma_between(doc, last, child.left_edge.i):
            last = max(last, child.right_edge.i)
        else:
            break
    last = min(last, first + 15)
    while last > first and doc[last].is_punct:
        last -= 1
    span = doc[first:last + 1]
    determiners = [t for t in doc[first:token.i] if t.dep_ in ("det", "poss", "nummod", "amod") and t.head.i == token.i]
    det_words = {t.lower_ for t in determiners}
    definite = bool(det_words & {"the", "this", "that", "its", "their", "his", "her"}) or any(
        t.dep_ == "poss" for t in determiners)
    unnamed = bool(det_words & rules.unnamed) or (not definite and token.tag_ in ("NNS", "NNPS"))
    if not determiners and token.tag_ == "NN" and not any(t.dep_ == "det" for t in token.lefts):
        definite = True  # headlinese drops the article: "Opposition leader says ..." is the leader
    return SpeakerRef(span.start_char, span.end_char, span.text, "description", token.i,
                      definite=definite and not unnamed, unnamed=unnamed or not definite)


def _comma_between(doc, a: int, b: int) -> bool:
    return any(doc[i].text == "," for i in range(a + 1, b))


