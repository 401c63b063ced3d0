"""Long texts are analysed in pieces with their offsets kept; one article's failure is its own."""

from __future__ import annotations

import newsline
from newsline.nlp import pipeline
from newsline.nlp.pieces import split_text

PARAGRAPH = ("The ferry to Corven ran again on Monday after a week of storms, the harbour master Ilse Varga said. "
             "Repairs to the quay at Hollin will take until March 14, she added.")


def test_pieces_are_cut_at_paragraphs_and_join_back_to_the_text():
    text = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(60))
    pieces = split_text(text, limit=1_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 1_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # never inside a paragraph when one fits


def test_a_run_without_breaks_is_still_cut_within_the_limit():
    text = "word " * 3_000 + "x" * 2_500
    pieces = split_text(text, limit=1_000)
    assert "".join(pieces) == text and all(len(p) <= 1_000 for p in pieces)


def test_a_text_longer_than_the_models_limit_is_analysed_with_offsets_into_the_article(monkeypatch):
    monkeypatch.setattr(pipeline, "split_text", lambda text: split_text(text, limit=2_000))
    nlp = pipeline.get_nlp()
    monkeypatch.setattr(nlp, "max_length", 5_000)  # spaCy refuses a longer Doc in one go
    text = "\n\n".join(f"Report {n}. {PARAGRAPH}" for n in range(90))
    assert len(text) > 3 * 5_000
    article = pipeline.prepare(newsline.records.RawArticle(source="long.txt", text=text, stated_date="2025-03-12"))
    (analysis,) = list(pipeline.analyse([article], nlp))
    assert not isinstance(analysis, pipeline.Failure), analysis
    assert len(analysis.sentences) >= 180
    for record in analysis.sentences + analysis.mentions + analysis.timexes:
        assert article.text[record.start:record.end] == record.text
    people = {m.text for m in analysis.mentions if m.label == "PERSON"}
    assert "Ilse Varga" in people
    # the last paragraph, many pieces in, still has its date resolved against the article's date
    last = text.rindex("Report 89.")
    assert [t.value for t in analysis.timexes if t.start > last] == ["2025-03-10", "P1W", "2025-03-14"]


def test_an_article_whose_analysis_fails_is_rejected_and_the_batch_goes_on(tmp_path, monkeypatch):
    """A stage that raises on one text (as a bug would) costs that article only."""

    def fragile_stage(analysis, doc):
        if "Quillon" in analysis.article.text:
            raise ValueError("cannot handle this text")

    monkeypatch.setattr(pipeline, "extraction_stages", lambda: [fragile_stage])
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2025-03-10\nThe bridge at Hollin reopened on Monday.")
    (folder / "b.txt").write_text(" date 2025-03-10\nThe Quillon mill closed on Monday.")
    (folder / "c.txt").write_text(" date 2025-03-11\nBoats left Corven harbour on Tuesday.")
    with newsline.open(tmp_path / "s.db") as record:
        report = record.ingest([folder])
        assert report.stored == 2
        assert [(r.source, r.reason) for r in report.rejected] == [
            (str(folder / "b.txt"), "could not be analysed (ValueError: cannot handle this text)")]
        assert {a["source"] for a in record.articles()} == {str(folder / "a.txt"), str(folder / "c.txt")}
