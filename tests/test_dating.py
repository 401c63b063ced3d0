"""Article date inference and stated-date checks (newsline.nlp.dating)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsline.nlp.dating import DateInference, check_stated_date, infer_date
from newsline.nlp.timex import TimexTagger
from newsline.records import Flag

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def tagger() -> TimexTagger:
    return TimexTagger(lang="en")


def _infer(tagger: TimexTagger, text: str, **kw) -> DateInference | None:
    return infer_date(tagger.tag(text, None), tagger, text=text, **kw)


def test_full_date_and_weekdays(tagger: TimexTagger) -> None:
    text = ("The court ruled on March 3, 2021 that the law stood. Lawyers for the city said on Monday "
            "they would appeal, and a hearing was held on Tuesday.")
    inf = _infer(tagger, text, today=date(2024, 1, 1))
    assert inf is not None
    # the Monday and Tuesday after March 3, 2021 (a Wednesday) are March 8 and 9
    assert inf.window[0] <= date(2021, 3, 9) <= inf.window[1]
    assert inf.date.isoweekday() in (2, 3)
    assert inf.date == date(2021, 3, 9)  # the nearest fit; a week later fits less well
    # the weekdays fit every week after the ruling about as well: the window says so, and it does
    # not reach back before the ruling the text reports as past
    assert inf.window[0] >= date(2021, 3, 3)
    assert 0 < inf.confidence <= 1
    assert inf.reasons


def test_month_day_without_year_uses_today_as_bound(tagger: TimexTagger) -> None:
    text = "Flooding began on June 12 and the river crested on Saturday, officials said on Sunday."
    inf = _infer(tagger, text, today=date(2022, 7, 1))
    assert inf is not None
    assert inf.date <= date(2022, 7, 1)
    assert inf.date.year == 2022 and inf.date.month == 6
    assert inf.date.isoweekday() in (7, 1)
    assert any("year" in r for r in inf.reasons)  # the year is a guess and the reasons say so


def test_nothing_to_date(tagger: TimexTagger) -> None:
    assert _infer(tagger, "The committee met and discussed the budget for three hours.") is None
    # a weekday alone, with no collection: any year fits, and the window says so
    inf = _infer(tagger, "They will talk again on Friday.", today=date(2024, 5, 1))
    assert inf is not None and inf.window[1] <= date(2024, 5, 1)
    assert (inf.window[1] - inf.window[0]).days > 40 * 365
    assert any("nothing gives the year" in r for r in inf.reasons)


def test_years_only_bound_the_date_from_below(tagger: TimexTagger) -> None:
    """Background years are lower bounds, not the date: the window runs from the latest to the
    ingest date (here `today`), and the reasons say so."""
    inf = _infer(tagger, "The bridge, finished in 1998, was repaired in 2011.", today=date(2024, 5, 1))
    assert inf is not None
    assert inf.window == (date(2011, 1, 1), date(2024, 5, 1))
    assert inf.window[0] <= inf.date <= inf.window[1]
    assert any("only lower bounds" in r and "'2011'" in r for r in inf.reasons)


def test_stated_date_before_reported_past(tagger: TimexTagger) -> None:
    text = "The storm hit the coast on Nov. 14, 2023, and cleanup crews arrived two days later."
    stated = date(2023, 11, 10)
    flags = check_stated_date(tagger.tag(text, stated), stated, text=text)
    kinds = [f.kind for f in flags]
    assert "stated_date_before_reported_past" in kinds
    flag = flags[kinds.index("stated_date_before_reported_past")]
    assert isinstance(flag, Flag)
    assert "Nov. 14, 2023" in flag.reason and "2023-11-14" in flag.reason
    ev = flag.evidence[0]
    assert text[ev["start"]:ev["end"]] == ev["text"] == "Nov. 14, 2023"


def test_content_older_than_stated(tagger: TimexTagger) -> None:
    text = "The factory closed on March 2, 2021, and 300 workers lost their jobs after the fire of Feb. 20, 2021."
    stated = date(2023, 11, 10)
    flags = check_stated_date(tagger.tag(text, stated), stated, text=text)
    assert [f.kind for f in flags] == ["content_older_than_stated_date"]
    assert "2021-03-02" in flags[0].reason
    assert flags[0].evidence[0]["text"] == "March 2, 2021"


def test_consistent_stated_date_has_no_flags(tagger: TimexTagger) -> None:
    text = "The ceasefire held on Oct. 30, 2023, a day after talks in Cairo; more talks are set for Friday."
    stated = date(2023, 11, 1)
    assert check_stated_date(tagger.tag(text, stated), stated, text=text) == []


# ------------------------------------------------------------------ the seeds
def _seed(prefix: str) -> tuple[str, date | None]:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds not present")
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    head = text.lstrip()
    return text, (date.fromisoformat(head[5:15]) if head.startswith("date ") else None)


def test_seed_000_inferred_date(tagger: TimexTagger) -> None:
    """The undated report: a raid on Wednesday night that lasted into Thursday, dated events on
    October 7 and 22 in the past, "earlier this month": written on Thursday 2023-10-26 (or the 27th).
    The text never states the year (only 2014, as background); `today` is the latest date of the
    reports it came with: the latest year that fits is taken, the window spans the years that fit."""
    text, stated = _seed("000")
    assert stated is None
    found = tagger.tag(text, None)
    inf = infer_date(found, tagger, text=text, today=date(2023, 11, 11))
    assert inf is not None
    assert inf.window[0] <= date(2023, 10, 26) <= inf.window[1]
    assert inf.window[0] >= date(2014, 1, 1)
    assert inf.date in (date(2023, 10, 26), date(2023, 10, 27))
    assert 0.2 <= inf.confidence <= 0.99
    # with the dates of the reports it came with, the year is no longer a guess
    inf = infer_date(found, tagger, text=text, today=date(2023, 11, 11),
                     context_dates=[date(2023, 11, 7), date(2023, 11, 11)], related=True)
    assert inf.date in (date(2023, 10, 26), date(2023, 10, 27))
    assert inf.window[0] <= date(2023, 10, 26) <= inf.window[1] and inf.window[0].year == 2023
    resolved = {(f.text, f.value) for f in tagger.resolve(found, inf.date)}
    for pair in [("Wednesday night", "2023-10-25TNI"), ("October 22", "2023-10-22"), ("October 7", "2023-10-07"),
                 ("earlier this month", "2023-10"), ("2014", "2014"), ("August of that year", "2014-08"),
                 ("19-day", "P19D"), ("the past week", "P1W"), ("this week", "2023-W43")]:
        assert pair in resolved, pair
    # with the stated date it would have, nothing is flagged
    assert check_stated_date(tagger.resolve(found, inf.date), inf.date, text=text) == []
    # a stated date before the raids it reports is flagged... only explicit dates can show it;
    # this report gives none with a year, so a too-early stated date stays unflagged but the
    # inference disagrees with it
    assert infer_date(found, tagger, text=text, today=date(2023, 11, 11)).date > date(2023, 10, 22)


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_dated_seeds_checks(tagger: TimexTagger, prefix: str) -> None:
    text, stated = _seed(prefix)
    found = tagger.tag(text, stated)
    flags = check_stated_date(found, stated, text=text)
    assert all(f.kind in ("stated_date_before_reported_past", "content_older_than_stated_date") for f in flags)
    assert flags == []  # these reports are consistent with their stated dates


def test_tomorrow_in_apposition_with_a_date_pins_the_article_date_and_says_why():
    tagger = TimexTagger(lang="en")
    text = ("The harbour board will meet tomorrow, Friday, March 21, to vote on the repairs. "
            "Its chair resigned on Wednesday, March 19.")
    found = tagger.tag(text, None)
    inference = infer_date(found, tagger, text=text, today=date(2025, 6, 1), context_dates=[date(2025, 3, 14)])
    assert inference.date == date(2025, 3, 20)
    assert inference.window[0] <= date(2025, 3, 20) <= inference.window[1]
    assert any("'tomorrow' is 'Friday, March 21'" in r for r in inference.reasons)
    assert any("is still to come" in r for r in inference.reasons)


# ------------------------------------------------------------------ flags need real evidence, one per kind
def _flags(tagger: TimexTagger, nlp, text: str, stated: date) -> list[Flag]:
    return check_stated_date(tagger.tag(text, stated, doc=nlp(text)), stated, text=text)


@pytest.fixture(scope="module")
def nlp():
    from newsline.nlp.pipeline import get_nlp

    return get_nlp()


def test_one_flag_per_kind_with_all_its_evidence(tagger: TimexTagger, nlp) -> None:
    text = ("Readers respond to the bridge closure.\n\nAt 9:12 am on 3 May 2031, Petra wrote: The detour adds an hour.\n\n"
            "At 18:40 on 4 May 2031, Ivo wrote: Buses were late all day.\n\n"
            "At 07:05 on 6 May 2031, Lena wrote: It reopened this morning.")
    flags = _flags(tagger, nlp, text, date(2031, 5, 2))
    assert [f.kind for f in flags] == ["stated_date_before_reported_past"]
    assert [e["text"] for e in flags[0].evidence] == ["3 May 2031", "4 May 2031", "6 May 2031"]
    assert "2 more" in flags[0].reason
    # a comment's stamp opening its line counts too, with no verb of its own
    text = ("Readers respond.\n\n4 May 2031 - 17:42 This comment was removed by the moderators.\n\n"
            "5 May 2031 - 08:10 This comment was removed by the moderators.\n\n"
            "Added: Tuesday, 6 May, 2031, 18:32 GMT Good points so far, the ferry was late again.")
    flags = _flags(tagger, nlp, text, date(2031, 5, 2))
    assert [(f.kind, len(f.evidence)) for f in flags] == [("stated_date_before_reported_past", 3)]


def test_a_date_still_to_come_is_no_evidence_of_a_wrong_stated_date(tagger: TimexTagger, nlp) -> None:
    text = ("The engineer, who goes on trial in March 2031, denies the charge. The judge set a new court date "
            "of 22 March 2031, his lawyer said.")
    assert _flags(tagger, nlp, text, date(2031, 2, 3)) == []


def test_a_report_that_looks_back_is_not_stale(tagger: TimexTagger, nlp) -> None:
    stated = date(2033, 10, 12)
    # a trial about an event two years before, with a deictic day
    text = ("The site manager told the court on Tuesday that the crane was inspected on 4 May 2031, "
            "a week before it fell.")
    assert _flags(tagger, nlp, text, stated) == []
    # the same trial, no deictic day: the trial itself says why the old date is cited
    text = "Jurors heard that the crane was inspected on 4 May 2031, a week before it fell on 11 May 2031."
    assert _flags(tagger, nlp, text, stated) == []
    # a timeline told in the present tense looks back, not forward
    text = "Key dates\n\n12 March 2031 The site manager appears in court in Kessel and denies the charge."
    assert _flags(tagger, nlp, text, stated) == []
    # a date near the stated one anchors the text ("on 20 October", to come)
    text = "The crane fell on 11 May 2031. A memorial service will be held on 20 October."
    assert _flags(tagger, nlp, text, stated) == []


def test_a_stale_report_is_flagged_once_with_its_evidence(tagger: TimexTagger, nlp) -> None:
    stated = date(2033, 10, 12)
    text = "The crane fell on 11 May 2031 and the site closed on 14 May 2031. Two workers were hurt."
    flags = _flags(tagger, nlp, text, stated)
    assert [f.kind for f in flags] == ["content_older_than_stated_date"]
    assert [e["text"] for e in flags[0].evidence] == ["14 May 2031"]
    # a full date it looks forward to that had passed by the stated date is evidence on its own
    text = "The inquiry will report on 1 June 2033, the minister said on Monday."
    flags = _flags(tagger, nlp, text, stated)
    assert [(f.kind, [e["text"] for e in f.evidence]) for f in flags] == [
        ("content_older_than_stated_date", ["1 June 2033"])]


def test_a_publication_line_in_the_text_is_the_stated_date(tmp_path) -> None:
    import newsline
    from helpers import write_reports

    folder = write_reports(tmp_path / "in", {
        "a.txt": "Harbour master quits\n\nPublished 5 March 2024\n\nThe harbour master of Kessel quit on Monday, "
                 "the port said.",
        "b.txt": "ORSK, March 4, 2024 (Valley Wire) - The landslide warning was lifted on Monday.",
        "c.txt": "The harbour master of Kessel quit on Monday, the port said. The post has been open since 2022.",
    })
    with newsline.open(tmp_path / "x.db") as record:
        record.ingest([folder])
        data = record.export()
    by_source = {a["source"].rsplit("/", 1)[-1]: a for a in data["articles"]}
    assert (by_source["a.txt"]["stated_date"], by_source["a.txt"]["date_source"]) == ("2024-03-05", "stated")
    assert (by_source["b.txt"]["stated_date"], by_source["b.txt"]["date_source"]) == ("2024-03-04", "stated")
    assert not any(f["kind"] == "no_stated_date" for f in by_source["a.txt"]["flags"])
    mondays = {t["article"]: t["value"] for t in data["timexes"] if t["text"] == "Monday"}
    assert mondays[by_source["a.txt"]["id"]] == "2024-03-04"  # the Monday before 5 March, not a later one
    # no such line: the date is inferred, as before
    assert by_source["c.txt"]["date_source"] in ("inferred", "unknown")
