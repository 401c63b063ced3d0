"""spaCy pipeline component "newsline_claims": the figures of a parsed Doc.

    nlp.add_pipe("newsline_claims")        # after the parser and NER: it reads both
    doc._.figures                          # list[Figure], in text order

Each Figure carries its value, unit, qualifier, the counted thing (`what`, `what_key`), change
and direction, and the source its own sentence names. Dates, times and durations are not
removed here: the claims stage does that with the article's final time expressions.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..components import doc_text
from .find import Figure, find_figures
from .rules import vocabulary
from .source import sentence_source
from .what import counted_thing

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)

PREPOSITIONS = {"around", "over", "under", "above", "below", "after"}
NAME_OF_NUMBER = re.compile(r"\b[A-Z][a-z]+ of $")  # "Group of 20", "Council of 10"


class ClaimsComponent:
    def __init__(self, nlp: Language | None, name: str = "newsline_claims", lang: str = "en"):
        self.name = name
        self.lang = lang
        self.vocab = vocabulary(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = read_figures(doc, self.lang)
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


def read_figures(doc: Doc, lang: str = "en") -> list[Figure]:
    vocab = vocabulary(lang)
    parsed = doc.has_annotation("DEP")
    name_labels = set(vocab.raw["name_labels"])
    out: list[Figure] = []
    previous: dict[int, int] = {}  # sentence start token -> noun of the last figure in it
    text = doc_text(doc)
    for figure in find_figures(text, lang):
        number = doc.char_span(figure.number_start, figure.number_end, alignment_mode="expand")
        whole = doc.char_span(figure.start, figure.end, alignment_mode="expand")
        if number is None or whole is None or not len(number):
            continue
        figure.tokens = (whole.start, whole.end)
        if any(t.ent_type_ in name_labels for t in number) and figure.unit is None:
            continue  # "Group of 20", "Apollo 11": part of a name
        if _is_age(doc, number):
            continue
        if figure.unit is None and NAME_OF_NUMBER.search(text[max(0, figure.start - 24): figure.start]) \
                and not _noun_follows(doc, number):
            continue
        if not parsed:
            out.append(figure)
            continue
        if figure.qualifier and whole[0].dep_ == "prep" and whole[0].lower_ in PREPOSITIONS:
            _drop_qualifier(text, figure, whole)  # "scouring around two of its piers": a place, not a qualifier
            whole = doc.char_span(figure.start, figure.end, alignment_mode="expand")
            figure.tokens = (whole.start, whole.end)
        if number.text.lower() == "one" and not (number.root.dep_ == "nummod" and number.root.head.pos_ == "NOUN"):
            continue  # "one of the", "no one": not a count
        figure.root = _anchor_root(number, whole)
        sent_start = number.root.sent.start
        counted = counted_thing(doc, whole.start, whole.end, figure.root, vocab, previous.get(sent_start, -1),
                                is_money=_is_money(figure, vocab), is_share=figure.share)
        figure.what, figure.what_key, figure.subject = counted.what, counted.key, counted.subject
        if _partitive(doc, whole.end):
            figure.what_key = None  # "two of the children": a part of a group, joins no series of its total
        figure.kind, figure.direction = counted.kind, counted.direction
        if counted.noun >= 0:
            previous[sent_start] = counted.noun
        figure.source, figure.source_is_pronoun = sentence_source(doc, figure.root, vocab)
        out.append(figure)
    return out


def _anchor_root(number, whole) -> int:
    """The number's own root, climbed through the words written with it ("45 square kilometres"
    -> kilometres, "$14 million" -> million), but not through a qualifier or "between"."""
    token = number.root
    steps = 0
    while whole.start <= token.head.i < whole.end and token.head.i != token.i and steps < 6 \
            and token.head.pos_ not in ("ADP", "ADV", "CCONJ"):
        token, steps = token.head, steps + 1
    return token.i


def _drop_qualifier(text: str, figure: Figure, whole) -> None:
    figure.qualifier = None
    cut = whole[1].idx if len(whole) > 1 else figure.number_start
    figure.start = max(cut, min(figure.start + 1, figure.number_start)) if cut > figure.number_start else cut
    figure.text = text[figure.start: figure.end].strip()


def _noun_follows(doc: Doc, number) -> bool:
    return number.end < len(doc) and doc[number.end].pos_ in ("NOUN", "PROPN")


def _is_money(figure: Figure, vocab) -> bool:
    return bool(figure.unit) and (figure.unit in vocab.currency_codes or figure.unit.isupper())


PART_OF = {"the", "its", "his", "her", "their", "our", "these", "those", "them", "us"}


def _partitive(doc, after: int) -> bool:
    """Does "of the ..." follow the figure ("two of the children", "12 of its 40 staff")?"""
    return (after + 1 < len(doc) and doc[after].lower_ == "of" and doc[after + 1].lower_ in PART_OF)


def _is_age(doc: Doc, number) -> bool:
    """'Lida Fenwright, 52, said': a bare number set off by commas after a person's name."""
    if number.start < 2 or number.end >= len(doc):
        return False
    before, after = doc[number.start - 1], doc[number.end]
    return (before.text == "," and after.text in (",", ")") and doc[number.start - 2].ent_type_ == "PERSON"
            and number.text.isdigit() and int(number.text) < 120)


@Language.factory("newsline_claims", default_config={"lang": "en"})
def make_claims_component(nlp: Language, name: str, lang: str = "en") -> ClaimsComponent:
    return ClaimsComponent(nlp, name, lang=lang)
