"""Ingest readers on real files written to a temp folder: formats, dates, and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsline.ingest import InputWarning, read_paths
from newsline.ingest.dates import DateProblem, future_problem, parse_stated_date, read_stated_date
from newsline.records import RawArticle


def collect(paths, **kw):
    items = list(read_paths([str(p) for p in paths], **kw))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if not isinstance(i, RawArticle)]


def test_text_date_header_on_same_line_and_title(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-05-02 The ferry service resumed on Monday.\n\nMore text.", "utf-8")
    (tmp_path / "b.md").write_text(" date 2024-05-03\n# Ferry back\n\nThe ferry ran again on Tuesday.\n", "utf-8")
    arts, bad = collect([tmp_path])
    assert not bad
    a, b = arts
    assert a.stated_date == "2024-05-02" and a.text.startswith("The ferry service resumed")
    assert b.stated_date == "2024-05-03" and b.title == "Ferry back" and b.format == "markdown"


def test_undated_text_keeps_headline_in_text(tmp_path):
    (tmp_path / "u.txt").write_text("Storm likely to hit the coast\n\nForecasters said on Friday it would.\n", "utf-8")
    (art,), bad = collect([tmp_path / "u.txt"])
    assert art.stated_date is None and art.title == "Storm likely to hit the coast"
    assert art.text.startswith("Storm likely")


def test_bad_inputs_each_get_a_reason_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes(" date 2024-01-02 Caf\xe9 owners in Mont\xe9r\xe9 protested on Friday.".encode("latin-1"))
    (tmp_path / "nomain.html").write_text("<html><head><title>x</title></head><body><nav>menu</nav></body></html>", "utf-8")
    (tmp_path / "good.txt").write_text(" date 2024-01-03 A good report about a bridge that reopened.", "utf-8")
    (tmp_path / "huge.txt").write_bytes(b"word " * 300_000)
    arts, bad = collect([tmp_path], max_bytes=1_000_000)
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in bad}
    assert [a.source.rsplit("/", 1)[-1] for a in arts] == ["good.txt"]
    assert reasons["empty.txt"] == "empty file" and reasons["blank.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not valid UTF-8" in reasons["latin1.txt"] and "--encoding" in reasons["latin1.txt"]
    assert "no main text" in reasons["nomain.html"]
    assert "MB limit" in reasons["huge.txt"]
    for r in bad:
        assert str(r).startswith(r.source + ": ")


def test_encoding_option_reads_a_latin1_file(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes(" date 2024-01-02 Caf\xe9 owners protested.".encode("latin-1"))
    (art,), bad = collect([p], encoding="latin-1")
    assert not bad and "Café" in art.text


def test_dates_that_do_not_parse_or_lie_in_the_future(tmp_path):
    (tmp_path / "feb30.txt").write_text(" date 2023-02-30 Something happened.", "utf-8")
    (tmp_path / "future.txt").write_text(" date 2999-01-01 Something will happen.", "utf-8")
    (tmp_path / "digits.txt").write_text(" date 20231107202311072023110720231107 Text.", "utf-8")
    arts, bad = collect([tmp_path])
    by = {a.source.rsplit("/", 1)[-1]: a for a in arts}
    assert not bad  # the article is kept; the date problem is a warning
    assert by["feb30.txt"].stated_date is None and "does not parse" in by["feb30.txt"].warnings[0]
    assert by["future.txt"].stated_date == "2999-01-01"
    assert "future" in future_problem("2999-01-01")
    assert by["digits.txt"].stated_date is None and by["digits.txt"].warnings


def test_jsonl_lines_are_articles_and_bad_lines_are_rejected_alone(tmp_path):
    lines = [
        json.dumps({"text": "Crews cleared the road on Sunday.", "title": "Road open", "date": "2024-02-04",
                    "url": "https://example.org/road", "source": "Valley Post"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "A second report without a URL.", "date": "2024-02-05"}),
    ]
    (tmp_path / "items.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    arts, bad = collect([tmp_path])
    assert [a.source for a in arts] == ["https://example.org/road", f"{tmp_path}/items.jsonl:4"]
    assert arts[0].outlet == "Valley Post" and arts[0].stated_date == "2024-02-04"
    assert [r.source.rsplit(":", 1)[-1] for r in bad] == ["2", "3"]
    assert "not valid JSON" in bad[0].reason


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title>
<item><title>Dock reopens</title><link>https://harbour.example/1</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;The dock reopened on Tuesday.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Second para.&lt;/p&gt;</description></item>
<item><title>Cranes idle</title><link>https://harbour.example/2</link>
<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate><description>Cranes stood idle for a day.</description></item>
"""


def test_feed_items_and_a_truncated_feed(tmp_path):
    (tmp_path / "full.xml").write_text(RSS + "</channel></rss>", "utf-8")
    (tmp_path / "cut.rss").write_text(RSS[: RSS.index("<item><title>Cranes")] + "<item><title>Cra", "utf-8")
    arts, bad = collect([tmp_path / "full.xml"])
    assert [a.source for a in arts] == ["https://harbour.example/1", "https://harbour.example/2"]
    assert arts[0].outlet == "Harbour Wire" and arts[0].stated_date == "2024-03-05"
    assert "alert" not in arts[0].text and "Second para." in arts[0].text
    arts, bad = collect([tmp_path / "cut.rss"])
    assert [a.title for a in arts] == ["Dock reopens"]
    assert any("truncated" in r.reason and r.source.endswith("cut.rss") for r in bad)


def test_hostile_html_keeps_text_drops_script(tmp_path):
    page = """<!doctype html><html><head><title>Bridge reopens | Valley Post</title>
    <meta property="article:published_time" content="2024-04-09T08:00:00Z">
    <meta name="author" content="Ana Ruiz"><script>document.write('x')</script></head>
    <body><nav><a href="/">Home</a></nav><article><h1>Bridge reopens</h1>
    <p>The old bridge over the river reopened on Monday after three weeks of repairs, officials said.</p>
    <p onclick="evil()">Traffic was light in the morning, and <a href="javascript:alert(1)">buses</a> ran on time.</p>
    <img src=x onerror="alert(2)"><p>The council said a second bridge would be inspected in May.</p>
    </article><footer>(c) Valley Post</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, "utf-8")
    (art,), bad = collect([tmp_path])
    assert not bad
    assert "reopened on Monday" in art.text and "second bridge" in art.text
    assert "alert" not in art.text and "<" not in art.text and "evil" not in art.text
    assert art.stated_date == "2024-04-09" and art.format == "html"


# -- date headers people write -------------------------------------------------------------


def by_name(arts):
    return {a.source.rsplit("/", 1)[-1]: a for a in arts}


def test_date_headers_people_write(tmp_path):
    files = {
        "date-line.txt": "Date: 5 March 2024\nTitle: Lock gates repaired\n\nThe lock gates on the canal were repaired.",
        "date-iso.txt": "Date: 2024-03-05T10:00Z\n\nBarges moved again through the lock.",
        "date-rfc.md": "Date: Tue, 05 Mar 2024 10:00:00 +0000\n# Lock open\n\nThe lock opened at dawn.",
        "iso-line.txt": "2024-03-05\n\nLock reopens\n\nThe canal lock reopened to barges.",
        "published.txt": "Lock reopens\nBy Petra Lind, canals desk\nPublished 5 March 2024, updated 6 March 2024\n\n"
                         "The keeper said on Monday that the lock would stay open.",
        "updated-only.md": "# Lock reopens\n**Last updated:** 6 March 2024 10:02 GMT\n\nBarges queued at the lock.",
        "wire.txt": "Lock reopens\n\nHALVERN, March 5, 2024 (Canal Wire) - The lock reopened after a week of repairs.",
        "wire2.txt": "HALVERN, 5 March 2024 — The keeper said the lock would stay open all spring.",
        "token.txt": " date 2024-03-05 The lock reopened.\n\nPublished 1 February 2024\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    arts, bad = collect([tmp_path])
    assert not bad
    by = by_name(arts)
    for name, art in by.items():
        want = "2024-03-06" if name == "updated-only.md" else "2024-03-05"
        assert art.stated_date == want, name
    assert by["date-line.txt"].title == "Lock gates repaired" and by["date-line.txt"].text.startswith("The lock gates")
    assert by["date-line.txt"].meta["stated_date_from"] == "Date: line"
    assert by["date-rfc.md"].stated_date_raw == "Tue, 05 Mar 2024 10:00:00 +0000"  # kept as given
    assert by["date-rfc.md"].title == "Lock open" and "Date:" not in by["date-rfc.md"].text
    assert by["iso-line.txt"].text.startswith("Lock reopens") and by["iso-line.txt"].title == "Lock reopens"
    pub = by["published.txt"]
    assert pub.meta["stated_date_from"] == "Published line" and pub.meta["updated_date_raw"] == "6 March 2024"
    assert pub.author == "Petra Lind" and "Published" not in pub.text and pub.text.startswith("Lock reopens\nBy Petra")
    assert by["updated-only.md"].meta["stated_date_from"] == "Updated line"
    assert by["wire.txt"].meta["stated_date_from"] == "dateline"
    assert by["wire.txt"].text.startswith("Lock reopens\n\nHALVERN, March 5, 2024")  # a dateline is the article's
    assert by["token.txt"].text.startswith("The lock reopened")  # the token wins over the later line


def test_dates_in_headlines_and_body_are_not_the_article_date(tmp_path):
    files = {
        "headline.txt": "Vote set for 5 May 2024: what to expect\n\nVoters in Halvern go to the polls on 5 May 2024.",
        "late.txt": "Lock reopens\n\n" + "The keeper spoke.\n" * 6 + "Published 5 March 2024\n",
        "after-paragraph.txt": "Lock reopens\n" + "The keeper said the lock would reopen once the gates are "
                               "tested, and that barges should expect delays for a week or more while the "
                               "contractors finish the work on the lower sluice and the towpath. " * 2
                               + "\nPublished 5 March 2024\n",
        "lower-city.txt": "Halvern, 5 March 2024 - the keeper said the lock was open.",
        "no-year.txt": "HALVERN, March 5 (Canal Wire) - The lock reopened.",
        "updated-words.txt": "Updated: the keeper has now confirmed the lock is open\n\nBarges moved on Friday.",
        "timeline.txt": "2024-03-01\nThe lock shuts for repairs.\n2024-03-04\nThe lock reopens to barges.\n",
        "by-monday.txt": "By Monday, the canal had risen a metre.\n\nThe keeper closed the lock.",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    arts, bad = collect([tmp_path])
    assert not bad
    for name, art in by_name(arts).items():
        assert art.stated_date is None and art.stated_date_raw is None, name
    by = by_name(arts)
    assert by["updated-words.txt"].text.startswith("Updated: the keeper")
    assert by["timeline.txt"].text == files["timeline.txt"].strip()  # several date lines: a list, kept as text
    assert by["by-monday.txt"].author is None


def test_front_matter_is_metadata_not_text(tmp_path):
    (tmp_path / "fm.md").write_text(
        "---\ntitle: \"Sluice fails: towpath shut\"\ndate: 2024-03-05 09:30\nauthor: [Petra Lind, Ivo Sand]\n"
        "url: https://canal-post.example/sluice\noutlet: Canal Post\ntags: [canal, flood]\n---\n"
        "# Sluice fails\n\nThe lower sluice failed on Monday night.\n", "utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [Sluice\ndate: 2024-03-05\n---\nThe sluice failed.\n", "utf-8")
    (tmp_path / "rule.md").write_text("---\nA first paragraph between two rules.\n---\nMore text.\n", "utf-8")
    arts, problems = collect([tmp_path])
    by = by_name(arts)
    fm = by["fm.md"]
    assert fm.stated_date == "2024-03-05" and fm.stated_date_raw == "2024-03-05 09:30"
    assert fm.title == "Sluice fails: towpath shut" and fm.author == "Petra Lind, Ivo Sand"
    assert fm.url == "https://canal-post.example/sluice" and fm.outlet == "Canal Post"
    assert fm.meta["front_matter"] == {"tags": ["canal", "flood"]}
    assert fm.text.startswith("# Sluice fails") and "---" not in fm.text and "tags" not in fm.text
    # front matter that is not YAML: the file is read without it, and a warning names file and reason
    assert by["broken.md"].text == "The sluice failed." and by["broken.md"].stated_date is None
    (warning,) = problems
    assert isinstance(warning, InputWarning) and warning.source.endswith("broken.md")
    assert "front matter is not valid YAML" in warning.reason
    assert by["rule.md"].text.startswith("---\nA first paragraph")  # not key: value lines: text


def test_a_date_line_whose_date_is_bad_is_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("Date: sometime next week\n\nThe lock reopened.", "utf-8")
    (art,), bad = collect([tmp_path])
    assert art.text == "The lock reopened." and art.stated_date is None
    assert "does not parse" in art.warnings[0] and "sometime next week" in art.warnings[0]


# -- one rule for files named and files found in a folder -----------------------------------
def write_mixed_folder(folder):
    folder.mkdir()
    (folder / "a.txt").write_text("The lock reopened on Monday.", "utf-8")
    (folder / "b.markdown").write_text("# Lock\n\nThe lock reopened on Tuesday.", "utf-8")
    (folder / "c.json").write_text(json.dumps({"text": "Barges moved on Wednesday.", "date": "2024-03-06"}), "utf-8")
    (folder / "d.csv").write_text("text,date\nThe towpath reopened on Thursday.,2024-03-07\n", "utf-8")
    (folder / "notes").write_text("A keeper's note: the lock reopened on Friday.", "utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not text")
    (folder / ".hidden.txt").write_text("Hidden.", "utf-8")


def test_files_in_a_folder_and_files_named_follow_one_rule(tmp_path):
    folder = tmp_path / "in"
    write_mixed_folder(folder)
    walked = list(read_paths([folder]))
    named = list(read_paths(sorted(str(p) for p in folder.iterdir() if not p.name.startswith("."))))
    for items in (walked, named):
        sources = sorted(i.source.rsplit("/", 1)[-1] for i in items if isinstance(i, RawArticle))
        assert sources == ["a.txt", "b.markdown", "c.json", "d.csv:2", "notes"]
        skipped = [i for i in items if isinstance(i, InputWarning)]
        assert [str(s).rsplit("/", 1)[-1] for s in skipped if "scan.pdf" in s.source] == [
            "scan.pdf: skipped: not a format newsline reads (.pdf)"]
    assert not any(".hidden" in i.source for i in walked)  # hidden entries in a folder: passed over


def test_an_empty_folder_or_one_with_nothing_to_read_is_a_warning(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "x.pdf").write_bytes(b"%PDF")
    items = list(read_paths([tmp_path / "empty", tmp_path / "pdfs"]))
    reasons = [(i.source.rsplit("/", 1)[-1], i.reason) for i in items]
    assert all(isinstance(i, InputWarning) for i in items)
    assert ("empty", "nothing to read in this folder (no files)") in reasons
    assert ("pdfs", "nothing to read in this folder (only 1 file(s) of formats it does not read)") in reasons


def test_json_files(tmp_path):
    one = {"text": "The keeper opened the lock on Monday.", "title": "Open", "date": "2024-03-04",
           "url": "https://canal-post.example/open", "source": "Canal Post", "author": ["Petra Lind"]}
    (tmp_path / "one.json").write_text(json.dumps(one), "utf-8")
    (tmp_path / "list.json").write_text(json.dumps([{"text": "First barge through."}, "oops", {"title": "x"}]), "utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"text": "Second barge through."}]}), "utf-8")
    (tmp_path / "config.json").write_text(json.dumps({"name": "lock", "gates": 2}), "utf-8")
    (tmp_path / "cut.json").write_text('{"text": "The lock', "utf-8")
    (tmp_path / "lines.json").write_text('{"text": "Line one."}\n{"text": "Line two."}\n', "utf-8")
    arts, bad = collect([tmp_path])
    by = by_name(arts)
    assert by["open"].outlet == "Canal Post" and by["open"].author == "Petra Lind" and by["open"].format == "json"
    assert by["open"].stated_date == "2024-03-04"
    assert {"list.json#item-1", "wrapped.json#item-1", "lines.json:1", "lines.json:2"} <= set(by)
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in bad}
    assert reasons["list.json#item-2"] == "a JSON str, not an article object"
    assert reasons["list.json#item-3"] == 'no "text" field with content'
    assert reasons["config.json"].startswith('a JSON object with no "text" field (keys: name, gates) is not an article')
    assert reasons["cut.json"].startswith("not valid JSON (Unterminated string")


def test_csv_files_one_article_per_row_and_bad_rows_alone(tmp_path):
    (tmp_path / "rows.csv").write_text(
        "Title,Text,Date,URL,Source,Author\n"
        'Open,"The lock opened on Monday, the keeper said.",2024-03-04,https://canal-post.example/1,Canal Post,P. Lind\n'
        "Shut,The lock shut again on Tuesday,2024-03-05,,Canal Post,P. Lind,extra\n"
        ",,2024-03-06,,,\n"
        'Multi,"A text over\ntwo lines.",2024-03-07,,,\n'
        'Cut,"An unclosed quote,2024-03-08,,,\nLater,Lost in the quote,2024-03-09,,,\n', "utf-8")
    (tmp_path / "semi.csv").write_text("text;date\nBarges moved on Friday.;2024-03-08\n", "utf-8")
    (tmp_path / "nocol.csv").write_text("headline,body\nA,B\n", "utf-8")
    (tmp_path / "dateline.csv").write_text('text\n"HALVERN, 8 March 2024 — Barges queued at the lock."\n', "utf-8")
    arts, bad = collect([tmp_path])
    by = by_name(arts)
    # no date column: the dateline at the top of the text is the stated date; the text stays as given
    assert by["dateline.csv:2"].stated_date == "2024-03-08" and by["dateline.csv:2"].text.startswith("HALVERN")
    assert by["dateline.csv:2"].meta["stated_date_from"] == "dateline in the text"
    assert by["1"].title == "Open" and by["1"].outlet == "Canal Post" and by["1"].stated_date == "2024-03-04"
    assert by["rows.csv:5"].text == "A text over\ntwo lines." and by["semi.csv:2"].stated_date == "2024-03-08"
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in bad}
    assert reasons["rows.csv:3"].startswith("7 cells, the header has 6")
    assert reasons["rows.csv:4"] == 'no "text" field with content'
    assert "never closed" in reasons["rows.csv:6"]
    assert reasons["nocol.csv"] == 'CSV without a "text" column (columns: headline, body)'


# -- stated dates that were wrong ----------------------------------------------------------
def test_ambiguous_day_and_month_keep_both_readings_unless_the_outlet_says(tmp_path):
    assert read_stated_date("12/01/2010").readings == ("2010-01-12", "2010-12-01")
    assert read_stated_date("5.3.2024").readings == ("2024-03-05", "2024-05-03")
    assert read_stated_date("12-01-2010").readings == read_stated_date("12/01/10").readings == ("2010-01-12", "2010-12-01")
    assert read_stated_date("Tue 5 Mar 2024 10:02:33 GMT").day == "2024-03-05"  # a clock time is not a date
    assert read_stated_date("13/01/2010").day == "2010-01-13" and read_stated_date("01/13/2010").day == "2010-01-13"
    assert read_stated_date("12/01/2010", locale="en-US").day == "2010-12-01"
    assert read_stated_date("12/01/2010", locale="en_GB").day == "2010-01-12"
    assert read_stated_date("12/01/2010", locale="fr").day == "2010-01-12"
    assert read_stated_date("12/01/2010", url="https://www.canal-post.example.co.uk/a").day == "2010-01-12"
    assert read_stated_date("12/01/2010", locale="en", url="https://canal-post.example.com/a").readings
    assert read_stated_date("12/01/2010", url="https://canal.example.tv/a").readings  # a generic country domain
    assert read_stated_date("12/01/2010", locale="en-CA").readings  # both orders in use
    # one reading in the future: the other is the date, and the reason says so
    ahead = read_stated_date("03/04/2025", today=dt.date(2025, 3, 10))
    assert ahead.day == "2025-03-04" and "future" in ahead.how
    lines = [json.dumps({"text": "The lock opened.", "date": "12/01/2010", "locale": "en-US"}),
             json.dumps({"text": "The lock shut.", "date": "12/01/2010"})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), "utf-8")
    (us, unknown), _ = collect([tmp_path])
    assert us.stated_date == "2010-12-01" and "locale en-US" in us.meta["date_reasons"][0]
    assert unknown.stated_date is None and unknown.meta["_candidate_dates"] == ["2010-01-12", "2010-12-01"]
    assert unknown.stated_date_raw == "12/01/2010" and not unknown.warnings


def test_unix_times_and_windows():
    assert read_stated_date("1263332000").day == "2010-01-12"
    assert read_stated_date("1263332000000").day == "2010-01-12"
    assert "milliseconds" in read_stated_date("1263332000000").how
    for number in ("12633320001234", "123456", "20231107202311072023110720231107"):
        with pytest.raises(DateProblem, match="not a Unix time"):
            read_stated_date(number)
    assert read_stated_date("2010").window == ("2010-01-01", "2010-12-31")
    assert read_stated_date("March 2010").window == ("2010-03-01", "2010-03-31")
    assert read_stated_date("2010-02").window == ("2010-02-01", "2010-02-28")
    assert read_stated_date("20100305").day == "2010-03-05"
    with pytest.raises(DateProblem, match="future"):
        read_stated_date("2999")
    with pytest.raises(DateProblem, match="names no day"):
        parse_stated_date("2010")


def test_a_files_unambiguous_dates_show_how_it_writes_the_ambiguous_ones(tmp_path):
    us = [{"text": f"Report {n} on the lock.", "date": date} for n, date in
          enumerate(["06/25/2009", "12/01/2010", "03/04/2010"], 1)]
    mixed = [{"text": f"Note {n} on the lock.", "date": date} for n, date in
             enumerate(["25/06/2009", "06/25/2009", "12/01/2010"], 1)]
    (tmp_path / "us.jsonl").write_text("\n".join(json.dumps(i) for i in us), "utf-8")
    (tmp_path / "mixed.jsonl").write_text("\n".join(json.dumps(i) for i in mixed), "utf-8")
    arts, _ = collect([tmp_path])
    by = {a.source.rsplit("/", 1)[-1]: a for a in arts}
    assert [by[f"us.jsonl:{n}"].stated_date for n in (1, 2, 3)] == ["2009-06-25", "2010-12-01", "2010-03-04"]
    assert "the same file writes '06/25/2009'" in by["us.jsonl:2"].meta["date_reasons"][0]
    assert by["mixed.jsonl:3"].stated_date is None  # the file shows both orders: the text will choose
    assert by["mixed.jsonl:3"].meta["_candidate_dates"] == ["2010-01-12", "2010-12-01"]
    assert not any("_date_order_shown" in a.meta for a in arts)
