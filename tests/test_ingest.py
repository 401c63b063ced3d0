"""Ingest readers on real files written to a temp folder: formats, dates, and bad input."""

from __future__ import annotations

import json

from newsline.ingest import read_paths
from newsline.ingest.dates import future_problem
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
