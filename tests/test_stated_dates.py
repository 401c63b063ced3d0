"""Stated dates through the whole ingest (real spaCy model, real SQLite store): a Published line
dates the article, the text chooses between the readings of an ambiguous date, a stated year is a
window the day is inferred in, and each date warning says after analysis what came of the date."""

from __future__ import annotations

import json
import sqlite3

from typer.testing import CliRunner

import newsline
from newsline.cli import app


def ingest(tmp_path, files: dict[str, str], name="s"):
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, "utf-8")
    problems = []
    with newsline.open(tmp_path / f"{name}.db") as record:
        report = record.ingest([folder], on_problem=lambda p, rejected: problems.append((str(p), rejected)))
        data = record.export()
    articles = {a["source"].rsplit("/", 1)[-1]: a for a in data["articles"]}
    return report, articles, data, problems


def jsonl(*items):
    return "\n".join(json.dumps(i) for i in items) + "\n"


def test_a_published_line_is_the_article_date(tmp_path):
    report, arts, data, _ = ingest(tmp_path, {
        "mayor.txt": "Mayor backs the ferry\nPublished 5 March 2024\n\n"
                     "The mayor said on Monday that the new ferry would sail from Halvern in April.",
    })
    art = arts["mayor.txt"]
    assert art["stated_date"] == "2024-03-05" and art["date_source"] == "stated" and art["date"] == "2024-03-05"
    monday = [t for t in data["timexes"] if t["text"] == "Monday"]
    assert monday and monday[0]["value"] == "2024-03-04"
    assert report.ok


def test_the_text_chooses_between_two_readings_of_a_date(tmp_path):
    report, arts, _, problems = ingest(tmp_path, {"amb.jsonl": jsonl(
        # 12 January 2010 fits: Monday, January 11 was the day before
        {"text": "The harbour board met on Monday, January 11, and agreed to dredge the channel.",
         "date": "12/01/2010", "url": "https://canal-post.example/dredge"},
        # 1 December 2010 fits: Monday, November 29 was two days before
        {"text": "The board voted on Monday, November 29, to close the old quay for the winter.",
         "date": "12/01/2010", "url": "https://canal-post.example/quay"},
        # nothing in the text chooses
        {"text": "The board said the quay would stay shut.", "date": "12/01/2010",
         "url": "https://canal-post.example/shut"},
        # the text writes one reading out in full
        {"text": "Halvern, 1 December 2010. The board said the quay would stay shut until spring.",
         "date": "12/01/2010", "url": "https://canal-post.example/spring"},
    )})
    dredge, quay, shut = arts["dredge"], arts["quay"], arts["shut"]
    assert arts["spring"]["date"] == "2010-12-01" and "the text states it" in arts["spring"]["meta"]["date_reasons"][0]
    assert (dredge["date"], dredge["stated_date"], dredge["date_source"]) == ("2010-01-12", "2010-01-12", "stated")
    assert dredge["date_window"] == ["2010-01-12", "2010-01-12"] and "fit it" in dredge["meta"]["date_reasons"][0]
    assert quay["date"] == "2010-12-01" and "month first" in quay["meta"]["date_reasons"][0]
    assert "stated_date_ambiguous" in {f["kind"] for f in quay["flags"]}
    # undecided: the day-first reading, a window over both readings, a low confidence
    assert shut["date"] == "2010-01-12" and shut["date_window"] == ["2010-01-12", "2010-12-01"]
    assert shut["date_confidence"] <= 0.3 and "does not choose" in shut["meta"]["date_reasons"][0]
    assert not any(k.startswith("_") for a in arts.values() for k in a["meta"])
    # one warning per article, after analysis, naming both readings and what was taken
    warned = {w.source.rsplit("/", 1)[-1]: w.reason for w in report.warnings}
    assert len(report.warnings) == 4
    assert "2010-01-12" in warned["quay"] and "2010-12-01" in warned["quay"] and "took 2010-12-01" in warned["quay"]
    assert [rejected for _, rejected in problems] == [False] * 4


def test_a_stated_year_or_month_is_a_window_the_day_is_inferred_in(tmp_path):
    report, arts, _, _ = ingest(tmp_path, {"w.jsonl": jsonl(
        {"text": "The council will meet tomorrow, Friday, March 5, to open the sea wall.", "date": "2010",
         "url": "https://canal-post.example/wall"},
        {"text": "The council said the sea wall would be finished soon.", "date": "2010",
         "url": "https://canal-post.example/soon"},
        {"text": "The pier was painted on Tuesday.", "date": "2010-06", "url": "https://canal-post.example/pier"},
        {"text": "The flood of March 3, 2008 was recalled at the meeting on Friday.", "date": "2011",
         "url": "https://canal-post.example/recall"},
    )})
    wall, soon, pier, recall = arts["wall"], arts["soon"], arts["pier"], arts["recall"]
    assert wall["stated_date"] is None and wall["date_source"] == "inferred"
    # the text gives no year: the window puts it in 2010 (March 5 was a Friday then)
    assert wall["date"] in ("2010-03-04", "2010-03-05") and wall["date_window"][1] <= "2010-03-05"
    assert wall["meta"]["stated_date_window"] == ["2010-01-01", "2010-12-31"]
    assert soon["date"] == "2010-07-02" and soon["date_window"] == ["2010-01-01", "2010-12-31"]
    assert soon["date_confidence"] <= 0.1
    assert pier["date"] == "2010-06-15" and pier["date_window"] == ["2010-06-01", "2010-06-30"]
    assert "2011-01-01" <= recall["date"] <= "2011-12-31"  # the text's 2008 does not move it out of its year
    assert "('March 3, 2008') lie outside it" in recall["meta"]["date_reasons"][-1]
    warned = {w.source.rsplit("/", 1)[-1]: w.reason for w in report.warnings}
    assert f"inferred {wall['date']} (window {wall['date_window'][0]}…" in warned["wall"]
    assert warned["soon"].startswith("date '2010' names only the year (2010-01-01…2010-12-31)")
    assert "no day could be inferred from the text" in warned["soon"]
    raw = sqlite3.connect(tmp_path / "s.db").execute(
        "SELECT stated_date, stated_date_raw FROM articles WHERE url LIKE '%wall'").fetchone()
    assert raw == (None, "2010")  # the stated date is not a day: null, and the raw kept as given


def test_unix_times_and_the_date_warning_after_analysis(tmp_path):
    report, arts, _, problems = ingest(tmp_path, {"e.jsonl": jsonl(
        {"text": "The ferry ran late on Monday.", "date": 1263332000, "url": "https://canal-post.example/s"},
        {"text": "The ferry ran early on Tuesday.", "date": 1263332000000, "url": "https://canal-post.example/ms"},
        {"text": "The ferry ran again on Wednesday, January 13, 2010.", "date": 12633320001234,
         "url": "https://canal-post.example/bad"},
        {"text": "The ferry did not run.", "date": "2023-02-30", "url": "https://canal-post.example/none"},
    )})
    assert arts["s"]["date"] == arts["ms"]["date"] == "2010-01-12" and arts["s"]["date_source"] == "stated"
    warned = {w.source.rsplit("/", 1)[-1]: w.reason for w in report.warnings}
    assert set(warned) == {"bad", "none"}
    assert warned["bad"].startswith("date '12633320001234' is a number but not a Unix time")
    assert warned["bad"].endswith(f"; inferred {arts['bad']['date']} (window {arts['bad']['date_window'][0]}…"
                                  f"{arts['bad']['date_window'][1]})")
    assert warned["none"].endswith("; no date could be inferred")
    assert all("will be inferred" not in w for w, _ in problems)


def test_bad_input_each_one_line_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners on the quay protested on Friday.".encode("latin-1"))
    (folder / "cut.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Wire</title><item><title>Quay</title>'
        "<link>https://quay.example/1</link><description>The quay wire says the quay is open.</description></item>"
        "<item><title>Cra", "utf-8")
    (folder / "rows.csv").write_text("text,date\nBarges tied up at the quay on Monday.,2024-03-04\n"
                                     "The quay shut,again,2024-03-05\n", "utf-8")
    (folder / "settings.json").write_text('{"theme": "dark"}', "utf-8")
    (folder / "fm.md").write_text("---\ntitle: [Quay\n---\nThe quay cafe reopened on Monday.\n", "utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "good.txt").write_text("Date: 4 March 2024\n\nThe quay reopened on Monday.", "utf-8")
    (tmp_path / "nothing").mkdir()
    # the command as a user runs it, in this process (the model is loaded once per test session)
    result = CliRunner().invoke(app, ["ingest", str(folder), str(tmp_path / "nothing"), "--db", str(tmp_path / "b.db")])
    assert result.exit_code == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(("rejected", "warning"))]
    expected = {
        "empty.txt": "empty file", "binary.txt": "binary file", "latin1.txt": "not valid UTF-8",
        "cut.rss": "truncated after item 1", "rows.csv:3": "3 cells, the header has 2", "settings.json": 'no "text" field',
        "fm.md": "front matter is not valid YAML", "photo.jpg": "skipped: not a format newsline reads (.jpg)",
        "nothing": "nothing to read in this folder",
    }
    for name, reason in expected.items():
        hits = [line for line in lines if f"/{name}: " in line]
        assert len(hits) == 1 and reason in hits[0], (name, lines)
    assert len(lines) == len(expected), "\n".join(lines)
    assert "4 stored" in result.stderr  # good.txt, the feed's first item, the CSV's good row, fm.md's text
