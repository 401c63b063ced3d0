"""Entity mentions from spaCy's NER, with rule fixes for the slips the small model makes on news.

- An acronym defined in the text ("Israel Defense Forces (IDF)") gives mentions for the
  long form and for every later use of the acronym, even where NER missed them.
- A span that starts with a defined acronym and runs on into common words
  ("IDF tanks & infantry") is cut back to the acronym.
- A span that ends in a function word ("Global Coalition to") loses it.
- Possessives and a leading "the" are not part of a name.
- The surname of a person named in full elsewhere in the article is that person, whatever
  label NER gave it ("Oltenbrand" as GPE); a name NER called a PRODUCT that says or tells
  something is a person.
"""

from __future__ import annotations

import re

from ..records import Mention, Sentence, sentence_of
from .titles import title_before

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"}
CONNECTORS = {"of", "for", "and", "the", "on", "de", "&"}
TRAILING = {"to", "of", "for", "and", "the", "in", "on", "at", "by", "with", "from", "a", "an"}
SPEECH_LEMMAS = {"say", "tell", "add", "write", "post", "warn", "insist", "note", "argue", "announce", "claim",
                 "describe", "explain", "deny", "confirm", "state"}
ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w’'.-]*|of|for|and|the|on|&)(?:[ \t]+(?:[A-Z][\w’'.-]*|of|for|and|the|on|&)){1,8})"
    r"[ \t]*\(([A-Z][A-Za-z]{1,7})\)"
)


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in CONNECTORS).upper()


def acronym_definitions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, acronym) of each long form followed by its acronym in brackets."""
    found = []
    for m in ACRONYM_DEF.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        # the long form is the shortest tail of the capitalised run whose initials spell the acronym
        for i in range(len(words)):
            tail = words[i:]
            if tail[0].lower() in CONNECTORS:
                continue
            if initials(tail) == acronym.upper():
                start = m.start(1) + len(" ".join(words[:i])) + (1 if i else 0)
                start = text.index(tail[0], start)
                found.append((start, start + len(" ".join(tail)), acronym))
                break
    return found


def entity_mentions(article_id: str, doc, sentences: list[Sentence]) -> list[Mention]:
    text = doc.text
    spans: list[tuple[int, int, str]] = []
    definitions = acronym_definitions(text)
    acronyms = {acr for _s, _e, acr in definitions}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        tokens = list(ent)
        if len(tokens) > 1 and tokens[-1].text in ("'s", "’s", "'", "’"):
            tokens = tokens[:-1]
        if len(tokens) > 1 and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        if tokens and tokens[0].text in acronyms and len(tokens) > 1 and tokens[1].is_lower:
            tokens = tokens[:1]
        while len(tokens) > 1 and tokens[-1].lower_ in TRAILING:
            tokens = tokens[:-1]
        if not tokens or not any(ch.isalpha() for ch in tokens[0].text + tokens[-1].text):
            continue
        spans.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), ent.label_))
    # rule mentions for acronym definitions and later uses, where NER has nothing there
    for start, end, acronym in definitions:
        spans.append((start, end, "ORG"))
        for m in re.finditer(r"\b" + re.escape(acronym) + r"\b", text):
            spans.append((m.start(), m.end(), "ORG"))
    spans = [(start, end, person_label(doc, start, end, label)) for start, end, label in spans]
    surnames = {text[s:e].split()[-1] for s, e, label in spans if label == "PERSON" and len(text[s:e].split()) > 1}
    spans = [(s, e, "PERSON" if text[s:e] in surnames else label) for s, e, label in spans]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    mentions = []
    last_end = -1
    for start, end, label in spans:
        if start < last_end:  # overlaps a kept (earlier or longer) span: NER's spans come first per offset
            continue
        title = None
        if label == "PERSON":
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                title = title_before([t.text for t in doc[max(0, span.start - 6): span.start]])
        mentions.append(Mention(article_id, start, end, text[start:end], label, sentence_of(sentences, start),
                                title=title))
        last_end = end
    return mentions


def person_label(doc, start: int, end: int, label: str) -> str:
    """PRODUCT is the small model's usual guess for an unfamiliar name; one that speaks is a person."""
    if label != "PRODUCT":
        return label
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) > 3 or not all(t.text[:1].isupper() for t in span):
        return label
    head = span.root
    if head.dep_ in ("nsubj", "appos") and head.head.lemma_ in SPEECH_LEMMAS:
        return "PERSON"
    if head.dep_ == "appos" or any(t.dep_ == "appos" for t in head.children):
        return "PERSON"
    return label
