"""Undated reports dated by their collection (issue 22): the week-off error and background years
fixed in the text's scoring, neighbours and the collection's range in one scoring (nlp/date_model.py),
an article ingested before its neighbours dated again when they arrive (link/dating.py), honest
windows, and bad input. Real spaCy model, real SQLite stores; the reports are fiction written here."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

import newsline
from newsline.nlp import date_model
from newsline.nlp.dating import infer_date
from newsline.nlp.timex import TimexTagger
from newsline.nlp.timex.forms import dump, load

# A ferry strike at the (invented) port of Harnow, April 2024: 8 April was a Monday.
DATED = [
    ("2024-04-08", "https://harnow-post.example/walkout",
     "Ferry crews at Harnow walked off the job on Monday, stranding travellers bound for the island of Lisse. "
     "The Harnow Seafarers Guild said its members wanted a fairer rota. Guild secretary Tomas Quell said the "
     "stoppage would go on until the operator, Brightwater Lines, agreed to talks."),
    ("2024-04-09", "https://harnow-post.example/day-two",
     "No ferries left Harnow for Lisse on Tuesday. Brightwater Lines said it would not negotiate while the "
     "walkout went on, and Tomas Quell accused the company of stalling."),
    ("2024-04-10", "https://harnow-post.example/first-talks",
     "Brightwater Lines and the Harnow Seafarers Guild met for the first time on Wednesday. Tomas Quell said "
     "the company had offered a shorter rota but no pay rise, and the ferries to Lisse stayed in port."),
    ("2024-04-12", "https://harnow-post.example/deal",
     "The ferry strike at Harnow ended on Friday after Brightwater Lines agreed to a pay rise of five per cent, "
     "Tomas Quell told reporters on the quay."),
    ("2024-04-15", "https://harnow-post.example/timetable",
     "Ferries from Harnow to Lisse ran to the full timetable on Monday for the first time in a week, "
     "Brightwater Lines said."),
]
UNDATED = ("https://lisse-courier.example/talks",
           "Talks between Brightwater Lines and the Harnow Seafarers Guild opened on Wednesday, the first since "
           "the crews walked out. Guild secretary Tomas Quell said the offer of a shorter rota fell short, and "
           "the ferries to Lisse stayed in port.")


def jsonl(path, items) -> str:
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return str(path)


def dated_items():
    return [{"text": text, "date": day, "url": url} for day, url, text in DATED]


def undated_item(url=UNDATED[0], text=UNDATED[1]):
    return {"text": text, "url": url}


def article(record, url):
    row = record.store.db.execute("SELECT * FROM articles WHERE url=?", (url,)).fetchone()
    return dict(row, meta=json.loads(row["meta"]))


@pytest.fixture(scope="module")
def tagger() -> TimexTagger:
    return TimexTagger(lang="en")


# ------------------------------------------------------------------ the text's own scoring
def test_a_report_of_monday_is_dated_that_monday_or_the_day_after_not_a_week_later(tagger):
    """The week-off error: a report naming a recent day by its date and the latest by its weekday was put
    on the next Monday (the old scoring charged a dated day in the last few days)."""
    from newsline.nlp.pipeline import get_nlp

    nlp = get_nlp()
    around = [date(2025, 3, d) for d in (3, 4, 6, 7, 10, 11)]
    for text in ("The sluice at Orsk was shut on March 9. Engineers inspected the spillway on Monday, the water "
                 "board said.",
                 "The water board said on Monday that the sluice at Orsk, shut on Sunday, would stay closed. Its "
                 "chair stood down on Friday, March 7."):
        found = tagger.tag(text, None, doc=nlp(text))
        inference = infer_date(found, tagger, text=text, today=date(2025, 5, 1), context_dates=around)
        assert inference.date in (date(2025, 3, 10), date(2025, 3, 11)), text  # not 2025-03-17
        assert inference.window[0] <= inference.date <= inference.window[1]
        monday = [f for f in tagger.resolve(found, inference.date) if f.text == "Monday"][0]
        assert monday.value == "2025-03-10"


def test_background_years_are_lower_bounds_not_the_date(tagger):
    text = "The guild has not struck at Harnow since 2009, and its last rota deal was signed in 2017."
    found = tagger.tag(text, None)
    around = [date(2024, 4, d) for d in (8, 9, 10, 12, 15)]
    # in a collection: the collection dates it; the window runs from the bound to the collection's end
    inference = infer_date(found, tagger, text=text, today=date(2024, 6, 14), context_dates=around, related=True)
    assert date(2024, 3, 1) <= inference.date <= date(2024, 5, 15)
    assert inference.window[0] == date(2017, 1, 1) and date(2024, 4, 15) <= inference.window[1] <= date(2024, 6, 14)
    assert any("only lower bounds" in r and "collection's last report" in r for r in inference.reasons)
    # alone: from the bound to the ingest date
    alone = infer_date(found, tagger, text=text, today=date(2026, 1, 2))
    assert alone.window == (date(2017, 1, 1), date(2026, 1, 2))
    assert any("to the ingest date" in r for r in alone.reasons)
    assert not (alone.date.year == 2017 and alone.window[1].year == 2017)  # not "dated inside that year"


def test_a_text_with_no_year_is_dated_by_the_latest_year_that_fits_with_a_window_over_the_years(tagger):
    text = "Flood waters reached the mill on June 12 and receded on Saturday, the council said on Sunday."
    inference = infer_date(tagger.tag(text, None), tagger, text=text, today=date(2022, 7, 1))
    assert inference.date.year == 2022 and inference.date.month == 6 and inference.date.isoweekday() in (6, 7, 1)
    assert inference.window[1] <= date(2022, 7, 1) and inference.window[0].year < 2000


# ------------------------------------------------------------------ the collection, through the store
def test_an_undated_report_is_dated_by_its_neighbours(tmp_path):
    with newsline.open(tmp_path / "c.db") as record:
        record.ingest([jsonl(tmp_path / "in.jsonl", dated_items() + [undated_item()])])
        row = article(record, UNDATED[0])
        timexes = {t["text"]: t["value"] for t in record.store.query("SELECT text, value FROM timexes WHERE "
                                                                     "article=?", (row["id"],))}
        stated = {r[0]: r[1] for r in record.store.query("SELECT url, date FROM articles WHERE stated_date IS NOT NULL")}
    assert row["date_source"] == "inferred" and row["stated_date"] is None
    assert row["date"] in ("2024-04-10", "2024-04-11")
    assert row["date_from"] <= "2024-04-10" <= row["date_to"] and row["date_to"] <= "2024-05-15"
    assert 0 < row["date_confidence"] < 1
    reasons = row["meta"]["date_reasons"]
    assert any("a report on the same story" in r for r in reasons)
    assert any("collection's 5 dated report(s)" in r for r in reasons)
    assert timexes["Wednesday"] == "2024-04-10"
    assert stated == {url: day for day, url, _text in DATED}  # stated dates stay as given


def test_an_article_ingested_before_its_neighbours_is_dated_again_when_they_arrive(tmp_path):
    with newsline.open(tmp_path / "c.db") as record:
        record.ingest([jsonl(tmp_path / "first.jsonl", [undated_item()])])
        before = article(record, UNDATED[0])
        assert any("nothing gives the year" in r for r in before["meta"]["date_reasons"])
        assert before["meta"].get("date_history") in (None, [])
        record.ingest([jsonl(tmp_path / "then.jsonl", dated_items())])
        after = article(record, UNDATED[0])
        values = {t["text"]: t["value"] for t in record.store.query(
            "SELECT text, value FROM timexes WHERE article=?", (after["id"],))}
        mentions = record.store.query("SELECT date, anchor, event FROM event_mentions WHERE article=?", (after["id"],))
        again = record.ingest([jsonl(tmp_path / "then.jsonl", dated_items())])  # nothing new: nothing moves
        unchanged = article(record, UNDATED[0])
    assert after["date"] in ("2024-04-10", "2024-04-11") and before["date"] != after["date"]
    history = after["meta"]["date_history"]
    assert history[-1]["from"] == before["date"] and history[-1]["to"] == after["date"]
    assert history[-1]["window"] == [after["date_from"], after["date_to"]]
    assert values["Wednesday"] == "2024-04-10"  # its expressions resolved again against the new date
    assert mentions and all(m["event"] for m in mentions)  # placed again in events
    for m in mentions:
        if m["anchor"] == "Wednesday":
            assert m["date"] == "2024-04-10"
        elif m["anchor"] == "article":
            assert m["date"] == after["date"]
        assert not m["date"].startswith(before["date"][:4]) or before["date"][:4] == "2024"
    assert again.stored == 0 and unchanged["meta"]["date_history"] == history


def test_the_order_reports_arrive_in_does_not_change_the_date(tmp_path):
    with newsline.open(tmp_path / "a.db") as record:
        record.ingest([jsonl(tmp_path / "all.jsonl", [undated_item()] + dated_items())])
        together = article(record, UNDATED[0])
    with newsline.open(tmp_path / "b.db") as record:
        record.ingest([jsonl(tmp_path / "u.jsonl", [undated_item()])])
        record.ingest([jsonl(tmp_path / "d.jsonl", dated_items())])
        later = article(record, UNDATED[0])
    assert (together["date"], together["date_from"], together["date_to"]) == \
           (later["date"], later["date_from"], later["date_to"])


def test_a_report_on_another_story_does_not_date_it_again(tmp_path):
    with newsline.open(tmp_path / "c.db") as record:
        record.ingest([jsonl(tmp_path / "in.jsonl", dated_items() + [undated_item()])])
        first = article(record, UNDATED[0])
        record.ingest([jsonl(tmp_path / "other.jsonl", [
            {"text": "The orchard growers of Quendry Vale picked a record apple crop, the growers' board said on "
                     "Thursday.", "date": "2024-09-19", "url": "https://vale-news.example/apples"}])])
        second = article(record, UNDATED[0])
    assert second["date"] == first["date"] and second["meta"].get("date_history") == first["meta"].get("date_history")


# ------------------------------------------------------------------ bad input
def test_a_collection_where_every_report_is_undated(tmp_path):
    items = [undated_item(url, text) for _day, url, text in DATED] + [undated_item()]
    with newsline.open(tmp_path / "c.db") as record:
        report = record.ingest([jsonl(tmp_path / "in.jsonl", items)])
        rows = [article(record, i["url"]) for i in items]
    assert report.stored == len(items) and not report.rejected
    for row in rows:  # dated by their own text (weekdays: the latest year that fits, a window over the years)
        assert row["date_source"] in ("inferred", "unknown")
        if row["date"]:
            assert row["date_from"] <= row["date"] <= row["date_to"]
            assert not any("a report on the same story" in r for r in row["meta"]["date_reasons"])


def test_stated_dates_spanning_fifty_years(tmp_path):
    items = dated_items() + [
        {"text": "Ferries first sailed from Harnow to Lisse in the spring, Brightwater Lines said on Friday.",
         "date": "1974-05-03", "url": "https://harnow-post.example/1974"},
        {"text": "The Harnow Seafarers Guild marked its jubilee on Tuesday with a march along the quay.",
         "date": "1999-06-01", "url": "https://harnow-post.example/1999"},
        undated_item()]
    with newsline.open(tmp_path / "c.db") as record:
        report = record.ingest([jsonl(tmp_path / "in.jsonl", items)])
        row = article(record, UNDATED[0])
    assert not report.rejected
    assert row["date_from"] <= row["date"] <= row["date_to"]
    assert "2024-03-01" <= row["date"] <= "2024-05-15"  # its neighbours, not the middle of fifty years


def test_a_report_of_weekday_names_only(tmp_path, tagger):
    text = "Monday. Tuesday. Wednesday. Thursday. Friday."
    alone = infer_date(tagger.tag(text, None), tagger, text=text, today=date(2026, 1, 2))
    assert alone is not None and alone.window[0] <= alone.date <= alone.window[1] <= date(2026, 1, 2)
    with newsline.open(tmp_path / "c.db") as record:
        report = record.ingest([jsonl(tmp_path / "in.jsonl", dated_items() + [undated_item(
            "https://harnow-post.example/days", text)])])
        row = article(record, "https://harnow-post.example/days")
    assert not report.rejected
    if row["date"]:
        assert row["date_from"] <= row["date"] <= row["date_to"]


# ------------------------------------------------------------------ the pieces
def test_symbolic_expressions_survive_the_store(tagger):
    text = ("The quay reopened on Tuesday, two and a half weeks after the storm of 03/04/2024; at 0930 the first "
            "ferry left, and the next sails tomorrow morning.")
    found = tagger.tag(text, None)
    back = load(dump(found), tagger)
    for day in (None, date(2024, 4, 23), date(2025, 1, 9)):
        assert [(f.value, f.anchor, f.type) for f in tagger.resolve(found, day)] == \
               [(f.value, f.anchor, f.type) for f in tagger.resolve(back, day)]


def test_the_window_holds_its_mass_and_the_collection_density_is_a_mixture():
    days = date_model.DayRange(date(2024, 1, 1), date(2024, 3, 31))
    p = np.exp(-np.abs(np.arange(days.n) - 40) / 3.0)
    post = date_model.Posterior(days, p / p.sum())
    lo, hi, mass = post.window()
    assert lo <= date(2024, 2, 10) <= hi and mass >= date_model.WINDOW_MASS
    assert post.mass_between(lo, hi) == pytest.approx(mass)
    collection = date_model.Collection(
        [date(2024, 2, d) for d in (1, 2, 5)],
        [date_model.Neighbour("a", date(2024, 2, 20), 0.5, "similar"),
         date_model.Neighbour("b", date(2024, 2, 21), 0.5, "near_duplicate")], related=True)
    density = date_model.collection_density(days, collection)
    assert density.sum() == pytest.approx(1.0) and (density > 0).all()
    assert density[days.index(date(2024, 2, 20))] > density[days.index(date(2024, 2, 12))]
    # the calibration map is monotone and stays inside (0, 1)
    masses = np.linspace(0, 1, 21)
    confidences = [date_model.confidence_of(m) for m in masses]
    assert confidences == sorted(confidences) and 0 < min(confidences) and max(confidences) < 1
