"""newsline's small spaCy additions: tokenizer exceptions and the paragraph-boundary component."""

from __future__ import annotations

import re

import numpy as np
from spacy.language import Language

NEWLINE = re.compile("\n")
TEXT_KEY = "newsline_text"  # doc.user_data key: the text a Doc was made from, where the pipeline knows it


def doc_text(doc) -> str:
    """The Doc's text, built at most once: spaCy's `Doc.text` joins every token again on each read
    (five reads per article cost ~4 ms). The pipeline sets it on the pieces it parses and on the
    article's joined Doc (`finish_doc`)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text

# Rank and title abbreviations the model's tokenizer splits ("Lt." -> "Lt" "."), which breaks
# both the sentence splitter and the title in front of a name.
ABBREVIATIONS = ["Lt.", "Col.", "Brig.", "Maj.", "Gen.", "Sgt.", "Capt.", "Cmdr.", "Adm.", "Cpl.", "Pvt.",
                 "Rep.", "Sen.", "Gov.", "Lt.-Gen.", "Maj.-Gen.", "Brig.-Gen.", "Insp.", "Supt.", "Amb."]


def add_abbreviations(nlp) -> None:
    from spacy.attrs import ORTH

    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


@Language.component("newsline_paragraphs")
def paragraph_boundaries(doc):
    """A blank line ends a sentence, so headlines and paragraphs never run together; a single
    line break does too after final punctuation or a short (heading) line, but not inside
    hard-wrapped prose. The parser keeps boundaries set before it."""
    text = doc_text(doc)
    if "\n" not in text:
        return doc
    starts = doc.to_array("IDX")  # each token's offset: the token holding a line break is found by bisection
    line_start = 0
    last_seen = -1
    for newline in NEWLINE.finditer(text):
        i = int(np.searchsorted(starts, newline.start(), side="right")) - 1
        if i <= last_seen or i >= len(doc) - 1:
            continue
        last_seen = i
        token = doc[i]
        newlines = token.text.count("\n") if token.is_space else token.whitespace_.count("\n")
        if not newlines:
            continue
        last = token if not token.is_space else (doc[token.i - 1] if token.i else token)
        line = text[line_start: last.idx + len(last.text)]
        line_start = doc[token.i + 1].idx
        if newlines >= 2 or last.text[-1:] in ".!?:;\"”’" or len(line.strip()) < 60:
            first = doc[token.i + 1]
            first.is_sent_start = True
            # the parser, told a sentence starts here, sometimes ends it after one word ("Salvage |
            # crews pumped ..."): a paragraph does not open with a one-word sentence
            if first.is_alpha and first.i + 1 < len(doc) and not doc[first.i + 1].is_punct \
                    and not doc[first.i + 1].is_space and not first.whitespace_.count("\n"):
                doc[first.i + 1].is_sent_start = False
    return doc
