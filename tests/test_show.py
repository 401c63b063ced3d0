"""What a user looks for: one article with its annotations (`show`), a timeline in the order a day
happened, and exports from which every cited span can be read back."""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest

from helpers import run_cli, write_reports
from newsline.export import validate


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def article_id(db, file_name: str) -> str:
    items = json.loads(ok(run_cli("articles", "--db", db, "--json")).stdout)
    return next(a["id"] for a in items if a["source"].endswith(file_name))


@pytest.fixture(scope="module")
def sample_export(sample_run):
    return json.loads(ok(run_cli("export", "--db", sample_run.db)).stdout)


def test_show_prints_the_header_and_the_text_with_its_annotations_marked(sample_run):
    full = article_id(sample_run.db, "tessary-hydro-questions.txt")
    record = json.loads(ok(run_cli("show", full[:8], "--db", sample_run.db, "--json")).stdout)
    shown = ok(run_cli("show", full[:8], "--db", sample_run.db)).stdout
    assert shown.splitlines()[0] == record["article"]["title"]
    assert f"id      {full}  (revision 1)" in shown
    # undated: the inferred date, its window and why, and the flag saying it was not stated
    assert "date    2025-03-20 (inferred, window 2025-03-20…2025-03-20, confidence 0.99); stated: none" in shown
    assert "'tomorrow' is 'Friday, March 21', which puts the article on 2025-03-20" in shown
    assert "no_stated_date: the article states no publication date" in shown
    text = record["article"]["text"]
    flat = " ".join(shown.split())  # the terminal wraps lines
    for t in record["timexes"]:
        assert text[t["start"]:t["end"]] == t["text"]
        assert f"{' '.join(t['text'].split())}⟨{t['value']}⟩" in flat
    renamed = [m for m in record["mentions"] if m["text"].casefold() != m["entity_name"].casefold()]
    assert renamed, "the sample has mentions by another name (a surname, an acronym)"
    for m in renamed:
        assert f"{m['text']}⟨{m['entity_name']}" in flat
    assert "Tessary Hydro" in shown.split("people, places and organisations")[1]


def test_show_json_is_the_article_and_every_annotation_with_its_span(sample_run, sample_export):
    full = article_id(sample_run.db, "2025-03-19-orren-resigns.txt")
    by_full = json.loads(ok(run_cli("show", full, "--db", sample_run.db, "--json")).stdout)
    by_prefix = json.loads(ok(run_cli("show", full[:10].upper(), "--db", sample_run.db, "--json")).stdout)
    assert by_full == by_prefix
    assert set(by_full) == {"article", "timexes", "mentions", "quotes", "claims", "events", "forecasts",
                            "discrepancies"}
    article = by_full["article"]
    assert article["id"] == full and article["current"] is True
    text = article["text"]
    for kind in ("timexes", "mentions", "quotes", "claims", "forecasts"):
        for item in by_full[kind]:
            assert item["article"] == full and 0 <= item["start"] < item["end"] <= len(text)
    for m in by_full["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"] and m["entity"] and m["entity_name"]
    # the same records the whole export holds for this article, nothing more, nothing less
    assert by_full["timexes"] == [t for t in sample_export["timexes"] if t["article"] == full]
    expected = sorted((m["start"], m["end"], e["id"]) for e in sample_export["entities"] for m in e["mentions"]
                      if m["article"] == full)
    assert sorted((m["start"], m["end"], m["entity"]) for m in by_full["mentions"]) == expected


def colliding_texts() -> tuple[str, str]:
    """Two short reports whose article ids share their first 8 hex digits (a birthday search, ~1 s)."""
    from newsline.nlp.pipeline import content_hash, normalise_text

    seen: dict[str, str] = {}
    for n in itertools.count():
        text = f"Ferry crossing {n} reopened on Monday after the storm."
        key = content_hash(normalise_text(text))[:8]
        if key in seen:
            return seen[key], text
        seen[key] = text
    raise AssertionError("unreachable")


def test_an_ambiguous_id_prefix_lists_the_candidates(tmp_path):
    first, second = colliding_texts()
    lines = [json.dumps({"text": t, "date": "2024-05-06"}) for t in (first, second)]
    folder = write_reports(tmp_path / "in", {"pair.jsonl": "\n".join(lines) + "\n"})
    db = tmp_path / "pair.db"
    ok(run_cli("ingest", folder, "--db", db))
    ids = sorted(a["id"] for a in json.loads(ok(run_cli("articles", "--db", db, "--json")).stdout))
    assert len(ids) == 2 and ids[0][:8] == ids[1][:8], "the two texts should share an id prefix"
    result = run_cli("show", ids[0][:8], "--db", db)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: {ids[0][:8]} is the start of 2 article ids: give more digits"
    assert [line.split()[0] for line in lines[1:]] == ids
    assert all("2024-05-06" in line and "pair.jsonl:" in line for line in lines[1:])
    # one more digit than they share tells them apart
    common = next(n for n in range(8, 17) if ids[0][:n] != ids[1][:n])
    assert json.loads(ok(run_cli("show", ids[1][:common], "--db", db, "--json")).stdout)["article"]["id"] == ids[1]


def test_show_marks_an_old_revision(tmp_path):
    folder = write_reports(tmp_path / "in", {"port.txt": " date 2024-05-06 The port reopened on Monday."})
    db = tmp_path / "rev.db"
    ok(run_cli("ingest", folder, "--db", db))
    old = article_id(db, "port.txt")
    (folder / "port.txt").write_text(" date 2024-05-06 The port reopened on Monday at noon.", "utf-8")
    ok(run_cli("ingest", folder, "--db", db))
    assert article_id(db, "port.txt") != old
    shown = ok(run_cli("show", old[:8], "--db", db)).stdout
    assert f"{old}  (revision 1, replaced by a later revision)" in shown
    assert "The port reopened on Monday⟨2024-05-06⟩." in shown


DAY = {  # one day (Wednesday 1 May 2024) told by three reports written on three days
    "a.txt": " date 2024-05-03 Ferry towed clear\n\nDivers searched the harbour on Wednesday night. "
             "By Wednesday morning the ferry had been pulled off the sandbank.",
    "b.txt": " date 2024-05-01 Ferry aground\n\nThe Lindqvist ferry ran aground today outside Marrowhaven, "
             "the port said.",
    "c.txt": " date 2024-05-02 Refloating\n\nSalvage crews pumped water out of the ferry on Wednesday afternoon. "
             "An inquiry into the grounding opened on Wednesday. Tugs arrived at 14:30 on Wednesday.",
}


def test_timeline_orders_a_day_by_time_then_by_the_report_date(tmp_path):
    folder = write_reports(tmp_path / "in", DAY)
    db = tmp_path / "day.db"
    ok(run_cli("ingest", folder, "--db", db))
    entries = json.loads(ok(run_cli("timeline", "--db", db, "--from", "2024-05-01", "--to", "2024-05-01",
                                    "--json")).stdout)
    got = [(e["time"], e["citations"][0]["date"], e["text"].split()[0]) for e in entries]
    assert got == [
        (None, "2024-05-01", "The"),         # the whole day first, earliest report first
        (None, "2024-05-02", "An"),
        ("MO", "2024-05-03", "By"),          # then by the clock: morning,
        ("14:30", "2024-05-02", "Tugs"),     # half past two,
        ("AF", "2024-05-02", "Salvage"),     # afternoon,
        ("NI", "2024-05-03", "Divers"),      # night
    ]
    # --limit N keeps the N most important dates, one entry each: here the one day's most important event
    limited = ok(run_cli("timeline", "--db", db, "--from", "2024-05-01", "--to", "2024-05-01", "--limit", "1",
                         "--json"))
    assert len(json.loads(limited.stdout)) == 1
    assert "showing 1 of 6 entries; use --limit to see more" in limited.stderr
    table = ok(run_cli("timeline", "--db", db, "--from", "2024-05-01", "--to", "2024-05-01")).stdout
    assert table.index("ran aground") < table.index("inquiry") < table.index("pulled off") < table.index("Divers")


def test_json_export_carries_the_text_every_offset_points_into(sample_export):
    validate(sample_export)
    texts = {a["id"]: a["text"] for a in sample_export["articles"]}
    assert all(texts.values())
    for t in sample_export["timexes"]:
        assert texts[t["article"]][t["start"]:t["end"]] == t["text"]
    for e in sample_export["entities"]:
        for m in e["mentions"]:
            assert texts[m["article"]][m["start"]:m["end"]] == m["text"]
    older = json.loads(json.dumps(sample_export))
    for a in older["articles"]:
        del a["text"]
    validate(older)  # exports made before the field existed stay valid newsline/1


def test_csv_export_has_an_entity_mentions_table(sample_run, sample_export, tmp_path):
    ok(run_cli("export", "--db", sample_run.db, "-f", "csv", "-o", tmp_path / "csv"))
    files = {p.name for p in (tmp_path / "csv").iterdir()}
    assert {"articles.csv", "mentions.csv", "entities.csv", "timexes.csv"} <= files
    rows = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "mentions.csv").read_text("utf-8"))))
    assert list(rows[0]) == ["article", "start", "end", "text", "label", "entity", "entity_name"]
    assert len(rows) == sum(len(e["mentions"]) for e in sample_export["entities"])
    texts = {a["id"]: a["text"] for a in sample_export["articles"]}
    names = {e["id"]: e["name"] for e in sample_export["entities"]}
    for row in rows:
        assert texts[row["article"]][int(row["start"]):int(row["end"])] == row["text"]
        assert names[row["entity"]] == row["entity_name"]
    articles = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "articles.csv").read_text("utf-8"))))
    assert len(articles) == len(sample_export["articles"]) and "text" not in articles[0]
    one = ok(run_cli("export", "--db", sample_run.db, "-f", "csv", "--table", "mentions")).stdout
    assert one == (tmp_path / "csv" / "mentions.csv").read_text("utf-8")


def test_markdown_dossier_still_reads_well_with_text_in_the_export(sample_run, sample_export):
    md = ok(run_cli("export", "--db", sample_run.db, "-f", "md")).stdout
    assert md.startswith("# newsline dossier")
    assert f"{len(sample_export['articles'])} articles from" in md
    longest = max(sample_export["articles"], key=lambda a: len(a["text"]))
    assert longest["text"][:500] not in md  # the dossier cites; it does not reprint whole articles
    assert max(len(line) for line in md.splitlines()) < 1000
