"""TimeML reading/writing: offsets, escaping, round trip, and a real TBAQ file."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from newsline.timeml import (
    Timex,
    annotate_dir,
    read_timeml,
    select_non_overlapping,
    timeml_string,
    write_timeml,
)

# Our own sentences (not TimeBank text).
SAMPLE = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">

<DOCID>NL_TEST_0001</DOCID>

<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-04" temporalFunction="false" functionInDocument="CREATION_TIME">March 4, 2021</TIMEX3></DCT>

<TITLE>Bridge &amp; tunnel works</TITLE>

<TEXT>
The council said <TIMEX3 tid="t1" type="DATE" value="2021-03-03" temporalFunction="true" functionInDocument="NONE" anchorTimeID="t0">yesterday</TIMEX3> that Smith &amp; Sons would <EVENT eid="e1" class="OCCURRENCE">close</EVENT> the bridge for <TIMEX3 tid="t2" type="DURATION" value="P3W" temporalFunction="false" functionInDocument="NONE">three weeks</TIMEX3>.

Traffic counts were &lt;5% of normal <TIMEX3 tid="t3" type="DATE" value="2021-02" mod="END" temporalFunction="true" functionInDocument="NONE" anchorTimeID="t0">late last month</TIMEX3>, a spokesman <EVENT eid="e2" class="REPORTING">said</EVENT> at <TIMEX3 tid="t4" type="TIME" value="2021-03-04T09:30" temporalFunction="true" functionInDocument="NONE" anchorTimeID="t0">9:30 a.m.</TIMEX3>
</TEXT>

<MAKEINSTANCE eventID="e1" eiid="ei1" tense="FUTURE" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="AFTER" eventInstanceID="ei1" relatedToTime="t0"/>

</TimeML>
"""

EXPECTED_TEXT = (
    "\nThe council said yesterday that Smith & Sons would close the bridge for three weeks.\n\n"
    "Traffic counts were <5% of normal late last month, a spokesman said at 9:30 a.m.\n"
)


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    p = tmp_path / "NL_TEST_0001.tml"
    p.write_text(SAMPLE, encoding="utf-8")
    return p


def test_read_header_text_and_offsets(sample_path: Path) -> None:
    doc = read_timeml(sample_path)
    assert doc.docid == "NL_TEST_0001"
    assert doc.dct == dt.date(2021, 3, 4)
    assert doc.dct_value == "2021-03-04"
    assert doc.text == EXPECTED_TEXT
    assert [t.tid for t in doc.timexes] == ["t1", "t2", "t3", "t4"]
    for t, want in zip(doc.timexes, ["yesterday", "three weeks", "late last month", "9:30 a.m."]):
        assert doc.text[t.start:t.end] == want == t.text
    t1, t2, t3, t4 = doc.timexes
    assert t1.start == EXPECTED_TEXT.index("yesterday")
    assert (t1.type, t1.value, t1.anchor_time_id) == ("DATE", "2021-03-03", "t0")
    assert (t2.type, t2.value, t2.mod) == ("DURATION", "P3W", None)
    assert (t3.value, t3.mod) == ("2021-02", "END")
    assert (t4.type, t4.value) == ("TIME", "2021-03-04T09:30")
    # offsets after an unescaped entity (&lt; -> one character) are still right
    assert t3.start == EXPECTED_TEXT.index("late last month")


def test_round_trip(sample_path: Path, tmp_path: Path) -> None:
    doc = read_timeml(sample_path)
    out = write_timeml(doc, doc.timexes, tmp_path / "out" / "copy.tml")
    again = read_timeml(out)
    assert again.docid == doc.docid
    assert again.dct == doc.dct
    assert again.text == doc.text
    key = lambda t: (t.start, t.end, t.type, t.value, t.mod)  # noqa: E731
    assert [key(t) for t in again.timexes] == [key(t) for t in doc.timexes]
    # tids renumbered in text order, DCT kept as t0
    assert [t.tid for t in again.timexes] == ["t1", "t2", "t3", "t4"]
    raw = out.read_text(encoding="utf-8")
    assert re.search(r'<DCT><TIMEX3 tid="t0"[^>]*functionInDocument="CREATION_TIME"', raw)


def test_escaping(tmp_path: Path) -> None:
    text = 'A & B <said> "on" 3 > 2 Monday & Tuesday.'
    s = text.index("Monday")
    spans = [Timex(start=s, end=s + len("Monday & Tuesday"), type="DATE", value='X"<&>', mod="START")]
    fields = {"docid": "D&1", "dct": dt.date(2020, 1, 2), "text": text}
    raw = timeml_string(fields, spans)
    assert "A &amp; B &lt;said&gt;" in raw
    assert "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"X&quot;&lt;&amp;&gt;\" mod=\"START\">Monday &amp; Tuesday</TIMEX3>" in raw
    assert "<DOCID>D&amp;1</DOCID>" in raw
    # the official scorer's timex regex sees exactly one timex in TEXT plus the DCT
    assert len(re.findall(r"<TIMEX3[^>]*>[^<]*</TIMEX3>", raw)) == 2
    p = tmp_path / "esc.tml"
    p.write_text(raw, encoding="utf-8")
    doc = read_timeml(p)
    assert doc.text == text
    assert doc.docid == "D&1"
    assert doc.dct == dt.date(2020, 1, 2)
    (t,) = doc.timexes
    assert (t.text, t.value, t.mod) == ("Monday & Tuesday", 'X"<&>', "START")


def test_overlaps_dropped_deterministically() -> None:
    text = "from Monday morning to Friday"
    a = {"start": 5, "end": 11, "type": "DATE", "value": "a"}  # Monday
    b = {"start": 5, "end": 19, "type": "TIME", "value": "b"}  # Monday morning
    c = {"start": 12, "end": 19, "type": "TIME", "value": "c"}  # morning (nested in b)
    d = {"start": 23, "end": 29, "type": "DATE", "value": "d"}  # Friday
    bad = {"start": 20, "end": 20, "type": "DATE", "value": "empty"}
    out_of_range = {"start": 25, "end": 99, "type": "DATE", "value": "oob"}
    for order in ([a, b, c, d, bad, out_of_range], [d, c, out_of_range, b, bad, a]):
        kept = select_non_overlapping(order, len(text))
        assert [k["value"] for k in kept] == ["b", "d"]
    raw = timeml_string({"docid": "x", "dct": dt.date(2020, 1, 1), "text": text}, [c, a, b, d])
    assert '<TIMEX3 tid="t1" type="TIME" value="b">Monday morning</TIMEX3>' in raw
    assert '<TIMEX3 tid="t2" type="DATE" value="d">Friday</TIMEX3>' in raw


def test_annotate_dir(sample_path: Path, tmp_path: Path) -> None:
    seen = []

    def tag_fn(text: str, dct):
        seen.append(dct)
        i = text.index("three weeks")
        return [Timex(start=i, end=i + 11, type="DURATION", value="P3W")]

    out_dir = tmp_path / "annotated"
    written = annotate_dir(sample_path.parent, out_dir, tag_fn)
    assert written == [out_dir / sample_path.name]
    assert seen == [dt.date(2021, 3, 4)]
    doc = read_timeml(written[0])
    assert doc.text == EXPECTED_TEXT
    assert [(t.text, t.value) for t in doc.timexes] == [("three weeks", "P3W")]


DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/tempeval3 not present")
def test_real_tbaq_file_counts_and_round_trip(tmp_path: Path) -> None:
    files = sorted((DATA / "TimeBank").glob("*.tml"))[:5] + sorted((DATA / "AQUAINT").glob("*.tml"))[:5]
    assert files
    for f in files:
        raw = f.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
        regex_texts = [html.unescape(m).replace("\r\n", "\n")
                       for m in re.findall(r"<TIMEX3[^>]*>([^<]*)</TIMEX3>", body)]
        doc = read_timeml(f)
        assert len(doc.timexes) == len(regex_texts) == len(re.findall(r"<TIMEX3\b", raw)) - 1
        assert [t.text for t in doc.timexes] == regex_texts
        assert doc.dct is not None
        assert doc.text == html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\r\n", "\n")
        again = read_timeml(write_timeml(doc, doc.timexes, tmp_path / f.name))
        assert again.text == doc.text
        assert [(t.start, t.end, t.value) for t in again.timexes] == [
            (t.start, t.end, t.value) for t in doc.timexes]


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/tempeval3 not present")
@pytest.mark.parametrize(
    "rel, n_in_text",
    [("AQUAINT/APW19980807.0261.tml", 1), ("TimeBank/ABC19980108.1830.0711.tml", 10)],
)
def test_known_timex_counts(rel: str, n_in_text: int) -> None:
    f = DATA / rel
    if not f.exists():
        pytest.skip(f"{rel} not present")
    raw = f.read_text(encoding="utf-8")
    # every TIMEX3 of the file minus the DCT's
    assert len(re.findall(r"<TIMEX3\b", raw)) - 1 == n_in_text
    assert len(read_timeml(f).timexes) == n_in_text
