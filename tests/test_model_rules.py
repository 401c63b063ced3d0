"""The model's attribute ruler and lemmatizer as lookup tables: the same annotation as the stock pipes.

newsline replaces the two rule pipes of the pinned model (nlp/model_rules.py) because spaCy runs them
at a fifth of the model's cost; these tests parse the same texts with the stock model and with the
tables and compare every attribute the pipes set, token by token.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from newsline.nlp.model_rules import use_tables
from newsline.nlp.pipeline import MODEL, load_nlp

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "newsline" / "data" / "sample" / "articles"
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_TYPE, ENT_IOB]
# what the few multi-token and regex rules of the ruler are about, and odd spacing
TRICKY = [
    "Y'all are gonna see it, she said. There's no way they ain't coming.",
    "Let's go.   C'mon, we gotta leave before noon; nothin' else works.",
    "The ministry gets reports daily and got three more on Tuesday.\n\n\nIt is what it is.",
    "",
    "   ",
    "\n",
]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(MODEL)
    tables = spacy.load(MODEL)
    use_tables(tables)
    return stock, tables


def texts() -> list[str]:
    """The tricky lines and every article of the bundled sample corpus (all its formats)."""
    from newsline.ingest import read_paths
    from newsline.records import RawArticle

    return TRICKY + [item.text for item in read_paths([str(SAMPLE)]) if isinstance(item, RawArticle)]


def test_the_tables_stand_in_for_the_rule_pipes(pipelines):
    _stock, tables = pipelines
    assert "attribute_ruler" not in tables.pipe_names and "lemmatizer" not in tables.pipe_names
    assert tables.pipe_names.index("newsline_attribute_table") < tables.pipe_names.index("newsline_lemma_table")
    assert "newsline_attribute_table" in load_nlp(components=()).pipe_names


def test_same_annotation_as_the_stock_pipes(pipelines):
    stock, tables = pipelines
    sample = texts()
    assert len(sample) > 20
    compared = 0
    for text, a, b in zip(sample, stock.pipe(sample), tables.pipe(sample)):
        assert [t.text for t in a] == [t.text for t in b]
        differing = [(t.text, t.pos_, u.pos_, str(t.morph), str(u.morph), t.lemma_, u.lemma_)
                     for t, u in zip(a, b) if (a.to_array(COLUMNS)[t.i] != b.to_array(COLUMNS)[u.i]).any()]
        assert not differing, (text[:60], differing[:5])
        compared += len(a)
    assert compared > 5_000


def test_the_rules_really_apply(pipelines):
    """Not a pass-through: coarse POS, morphology and rule lemmas come from the tables."""
    _stock, tables = pipelines
    doc = tables("Y'all are gonna see the reports she gets.")
    by_text = {t.text: t for t in doc}
    assert by_text["gets"].lemma_ == "get" and by_text["gets"].pos_ == "VERB"
    assert by_text["reports"].lemma_ == "report" and "Number=Plur" in str(by_text["reports"].morph)
    assert by_text["gon"].lemma_ == "go" and by_text["na"].lemma_ == "to"


def test_rules_the_tables_cannot_express_keep_the_stock_pipe():
    """A ruler with an operator the tables do not know (another model's) stays as spaCy's own pipe."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert use_tables(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]
    assert lemmatizer is nlp.get_pipe("lemmatizer")
