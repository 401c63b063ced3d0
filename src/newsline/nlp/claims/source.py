"""Who gives a figure, as far as its own sentence says: "according to X", or the subject of a
reporting verb the figure's clause hangs from ("..., the council said"). Quotes (their speaker)
and the outlet are the stage's fallbacks; see `stage.Sources`."""

from __future__ import annotations

import re
from functools import lru_cache

from ..components import doc_text
from .rules import Vocabulary

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
MAX_WORDS = 12


def sentence_source(doc, root_index: int, vocab: Vocabulary) -> tuple[str | None, bool]:
    """(source text, whether it is a pronoun to resolve) for the figure whose root token is
    `root_index`; (None, False) when the sentence names no source."""
    token = doc[root_index]
    sent = token.sent
    cue = _according_to(doc, sent, token.i, vocab)
    if cue:
        return cue, False
    reporting = set(vocab.what["reporting_verbs"])
    node, steps, came_by, verbs = token, 0, None, 0
    while steps < 12:
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in reporting and (
                verbs == 0 or came_by in ("ccomp", "xcomp", "parataxis", "conj")):
            subject = next((c for c in node.children if c.dep_ in ("nsubj",)), None)
            if subject is not None and not _inside(subject, token):
                if subject.lower_ in PRONOUNS:
                    return subject.text, True
                return _phrase(subject), False
        for child in node.children:  # "..., the council said": the reporting verb is a sibling
            if child.dep_ in ("parataxis", "advcl") and child.lemma_.lower() in reporting and child.i > token.i:
                subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    return (subject.text, True) if subject.lower_ in PRONOUNS else (_phrase(subject), False)
        if node.head.i == node.i:
            break
        if node.pos_ in ("VERB", "AUX"):
            verbs += 1
            came_by = node.dep_  # a reporting verb further up counts only if this clause is what it reports
            if came_by not in ("ccomp", "xcomp", "parataxis", "conj", "ROOT"):
                came_by = "other"
        node, steps = node.head, steps + 1
    return None, False


def _inside(subject, token) -> bool:
    return subject.left_edge.i <= token.i <= subject.right_edge.i


@lru_cache(maxsize=8)
def _cue_patterns(cues: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(rf"\b{re.escape(cue)}\s+", re.I) for cue in cues]


def _according_to(doc, sent, figure: int, vocab: Vocabulary) -> str | None:
    text = doc_text(doc)[sent.start_char:sent.end_char]  # Span.text joins the tokens again
    best = None
    for pattern in _cue_patterns(tuple(vocab.what["source_cues"])):
        for m in pattern.finditer(text):
            at = sent.start_char + m.end()
            span = doc.char_span(at, at + 1, alignment_mode="expand")
            if span is None:
                continue
            first = span[0]
            if first.lower_ == "the" and first.i + 1 < sent.end:
                first = doc[first.i + 1]
            ent = entity_at(doc, first.i) or entity_at(doc, span[0].i)  # the model's span may take in "the"
            if ent is not None and ent[0].lower_ == "the":
                ent = ent[1:]
            phrase = ent.text if ent is not None and len(ent) > 1 else _np_from(doc, span[0].i, sent.end)
            distance = abs(span[0].i - figure)
            if phrase and (best is None or distance < best[0]):
                best = (distance, phrase)
    return best[1] if best else None


def entity_at(doc, i: int):
    """The named entity that begins at token i, if any (read from the token: Doc.ents builds every
    entity span of the document on each call). An organisation the model cut in two at "for" or
    "of" is read whole ("the Marevian Office" + "for" + "the Coordination of Flood Relief")."""
    if doc[i].ent_iob_ != "B":
        return None
    end = _entity_end(doc, i)
    while (doc[i].ent_type_ == "ORG" and end + 1 < len(doc) and doc[end].lower_ in ("for", "of")
           and doc[end + 1].ent_iob_ == "B" and doc[end + 1].ent_type_ == "ORG"):
        end = _entity_end(doc, end + 1)
    return doc[i:end]


def _entity_end(doc, i: int) -> int:
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _np_from(doc, i: int, limit: int) -> str:
    """The noun phrase starting at token i: up to its head noun's right edge, cut at a comma."""
    token = doc[i]
    head = token
    while head.head.i < limit and head.head.i >= i and head.head.i != head.i and head.dep_ not in ("pobj",):
        head = head.head
    end = min(head.right_edge.i + 1, limit, i + MAX_WORDS)
    words = []
    for t in doc[i:end]:
        if t.is_punct and t.text not in ("'", "’", "-", "&", "."):
            break
        words.append(t.text_with_ws)
    return "".join(words).strip()


def _phrase(subject) -> str:
    """The subject as written, up to a few words ('the provincial civil protection office'); a
    person named beside a description ("the NFA's acting head, Ines Barsk") is the name."""
    for child in subject.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            ent = next((e for e in subject.doc.ents if e.start <= child.i < e.end), None)
            if ent is not None:
                return ent.text
    left = subject.left_edge.i
    right = subject.i
    for child in subject.rights:  # "the Ministry of Transport": keep 'of' phrases of a name
        if child.dep_ in ("prep", "compound", "appos") and child.lower_ == "of":
            right = child.right_edge.i
    doc = subject.doc
    words = [t for t in doc[left: right + 1] if not t.is_punct or t.text in ("'", "’", "&", "-")]
    text = "".join(t.text_with_ws for t in words[:MAX_WORDS]).strip()
    return text
