"""The four-digit check (newsline.eval.four_digit) on a small store of invented reports."""

from __future__ import annotations

import json

import newsline
from newsline.eval.four_digit import four_digit_report, load_annotation

import pytest

REPORTS = [
    {"url": "tls://blog-1", "date": "2031-06-02",
     "text": "Live: the Orsk landslide\n\n2130 The governor says the army will help.\n\n"
             "1845 A second slope gave way, the fire service says.\n\n1602 Rescuers dig by hand.\n\n"
             "The valley last flooded in 1998."},
    {"url": "tls://report-2", "date": "2031-06-03",
     "text": "The pump stopped at about 0210, and 1200 people were moved out. It was built in 1996."},
]
ANNOTATION = ("# key, number, occurrence, label\n"
              "blog-1\t2130\t0\tclock\nblog-1\t1845\t0\tclock\nblog-1\t1602\t0\tclock\nblog-1\t1998\t0\tyear\n"
              "report-2\t0210\t0\tclock\nreport-2\t1200\t0\tcount\nreport-2\t1996\t0\tyear\n")


def test_the_check_counts_year_readings_that_are_not_years(tmp_path):
    feed = tmp_path / "reports.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n", encoding="utf-8")
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text(ANNOTATION, encoding="utf-8")
    gold = load_annotation(gold_file)
    with newsline.open(tmp_path / "x.db") as record:
        record.ingest([feed])
        data = record.export()
        texts = {r[0]: r[1] for r in record.store.query("SELECT id, text FROM articles")}
    report = four_digit_report(data, gold, texts)
    assert report.articles == 2
    assert report.numbers == {"clock": 4, "year": 2, "count": 1}
    assert (report.year_readings, report.not_years, report.clocks_missed) == (2, [], [])
    # an export that read the stamps as years is caught: every one of them is listed
    for t in data["timexes"]:
        if t["text"] in ("2130", "1845", "1602"):
            t.update(type="DATE", value=t["text"])
    report = four_digit_report(data, gold, texts)
    assert sorted(i["number"] for i in report.not_years) == ["1602", "1845", "2130"]
    assert len(report.clocks_missed) == 3 and "of 4 clock times" in report.line()


def test_a_bad_label_names_the_file_and_line(tmp_path):
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text("a\t2130\t0\tclock\na\t1998\t0\tdecade\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold.tsv:2: label 'decade'"):
        load_annotation(gold_file)
