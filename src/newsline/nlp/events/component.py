"""spaCy pipeline component "newsline_events": event triggers on a parsed Doc.

    nlp.add_pipe("newsline_events")     # after the parser
    doc._.event_triggers                # list[list[Trigger]], one list per sentence (doc.sents order)

Only the parse is used here; dating (which needs the article's resolved time expressions),
participants and embeddings are added by the extraction stage (`newsline.nlp.events.extract`).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..components import doc_text
from .lexicon import load_lexicon
from .quoted import Quotations
from .triggers import WordClasses, find_triggers

if not Doc.has_extension("event_triggers"):
    Doc.set_extension("event_triggers", default=None)


class EventTriggerComponent:
    def __init__(self, nlp: Language | None, name: str = "newsline_events"):
        self.name = name
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        quoted = Quotations(doc_text(doc))
        classes = WordClasses(doc)
        doc._.event_triggers = [find_triggers(sent, self.lexicon, quoted, classes) for sent in doc.sents]
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


@Language.factory("newsline_events", default_config={})
def make_event_component(nlp: Language, name: str) -> EventTriggerComponent:
    return EventTriggerComponent(nlp, name)
