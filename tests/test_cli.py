"""The `newsline` command as a user runs it: exit codes, --json output, exports on disk."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args, check_code=0):
    proc = subprocess.run([sys.executable, "-m", "newsline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == check_code, proc.stderr + proc.stdout
    return proc


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    from helpers import REPORTS, write_reports

    tmp = tmp_path_factory.mktemp("cli")
    folder = write_reports(tmp / "in", REPORTS)
    (folder / "broken.jsonl").write_text('{"text": "Crews reopened the port road on Friday.", "date": "2024-03-08"}\n'
                                         "{oops\n", "utf-8")
    (folder / "zero[red]1.txt").write_bytes(b"")  # a name rich would read as markup
    db = tmp / "cli.db"
    proc = run("ingest", folder, "--db", db, check_code=3)  # some inputs rejected -> 3
    return tmp, db, proc


def test_ingest_names_each_bad_input_and_keeps_the_rest(cli_store):
    _tmp, db, proc = cli_store
    assert "broken.jsonl:2: not valid JSON" in proc.stderr
    assert "zero[red]1.txt: empty file" in proc.stderr
    status = json.loads(run("status", "--db", db, "--json").stdout)
    assert status["current_articles"] == 4
    assert status["date_range"] == ["2024-03-04", "2024-03-08"]
    assert status["counts"]["rejections"] == 2


def test_search_finds_the_sentence_and_its_article(cli_store):
    _tmp, db, _ = cli_store
    hits = json.loads(run("search", "stalled", "--db", db, "--json").stdout)
    # porter stemming: "stalled" also finds the headline "Talks stall", a sentence of its own
    assert {h["text"] for h in hits} == {"Talks stall", next(h["text"] for h in hits if "stalled" in h["text"])}
    assert all(h["source"].endswith("r2.txt") for h in hits)
    assert json.loads(run("search", 'unbalanced "quote', "--db", db, "--json").stdout) == []
    table = run("search", "Okonjo", "--db", db).stdout
    assert "Okonjo" in table


def test_timeline_is_dated_and_cited(cli_store):
    _tmp, db, _ = cli_store
    entries = json.loads(run("timeline", "--db", db, "--json").stdout)
    assert entries, "dated references expected"
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    assert all(e["citations"] and e["citations"][0]["source"] for e in entries)
    assert "2024-03-04" in dates  # "on Monday" in the 2024-03-04 report
    assert "what the source says" in run("timeline", "--db", db).stdout


def test_exports_json_csv_md(cli_store):
    tmp, db, _ = cli_store
    run("export", "--db", db, "--format", "json", "-o", tmp / "x.json")
    data = json.loads((tmp / "x.json").read_text())
    assert data["schema"] == "newsline/1" and len(data["articles"]) == 4
    run("export", "--db", db, "--format", "csv", "-o", tmp / "csv")
    assert (tmp / "csv" / "timexes.csv").read_text().startswith("article,tid,text")
    assert len((tmp / "csv" / "articles.csv").read_text().strip().splitlines()) == 5
    md = run("export", "--db", db, "--format", "md").stdout
    assert md.startswith("# newsline dossier") and "## Timeline" in md and "Okonjo" in md
    run("export", "--db", db, "--format", "xml", check_code=2)


def test_not_a_store_is_a_clear_error(tmp_path):
    bogus = tmp_path / "not.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    proc = run("status", "--db", bogus, check_code=1)
    assert "not.db" in proc.stderr and "not a newsline store" in proc.stderr


def test_articles_lists_dates_and_flags(cli_store):
    _tmp, db, _ = cli_store
    items = json.loads(run("articles", "--db", db, "--json").stdout)
    assert [a["date"] for a in items] == sorted(a["date"] for a in items)
    assert all(a["date_source"] == "stated" for a in items)
    assert json.loads(run("articles", "--db", db, "--flagged", "--json").stdout) == []


def test_reading_a_store_that_does_not_exist_is_an_error_not_an_empty_record(tmp_path):
    proc = run("status", "--db", tmp_path / "typo.db", check_code=1)
    assert "typo.db: no such store" in proc.stderr
    assert not (tmp_path / "typo.db").exists()
