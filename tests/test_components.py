"""newsline's spaCy additions on real parses: sentence boundaries and rank abbreviations."""

from __future__ import annotations

import pytest

from newsline.nlp.pipeline import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def test_headline_and_paragraphs_are_separate_sentences_but_wrapped_prose_is_not(nlp):
    text = ("# Ferry service resumes\n\nThe ferry ran again on Monday after a week of storms.\n"
            "A second boat will join it, the operator said, once repairs to its hull are\n"
            "finished at the yard in Corven.")
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert sentences[0] == "# Ferry service resumes"
    assert sentences[1] == "The ferry ran again on Monday after a week of storms."
    assert sentences[2].startswith("A second boat") and sentences[2].endswith("in Corven.")


def test_rank_abbreviations_stay_whole_and_do_not_end_sentences(nlp):
    doc = nlp("The team was led by Marine Lt. Gen. Ana Ruiz. She said little.")
    assert [t.text for t in doc][5:9] == ["Marine", "Lt.", "Gen.", "Ana"]
    assert len(list(doc.sents)) == 2


def test_markup_carried_as_text_gives_no_names():
    """A Markdown link or an HTML tag written into the text is not a name ("files](javascript")."""
    from newsline.nlp.pipeline import analyse, prepare
    from newsline.records import RawArticle

    text = ("Auditor Hanna Velk said on Saturday that a reader forum reposted the [open the files](javascript:void(0)) "
            "link and an <b>Harbour Gazette</b> banner next to a note from the National Flood Authority.")
    (analysis,) = analyse([prepare(RawArticle(source="markup.txt", text=text, stated_date="2025-03-22"))])
    names = {m.text for m in analysis.mentions}
    assert not any(ch in name for name in names for ch in "[]<>{}"), names
    assert {"Hanna Velk", "National Flood Authority"} <= names
