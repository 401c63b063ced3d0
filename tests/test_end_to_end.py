"""Ingest → analyse → store → link → export on real files, with the real spaCy model and SQLite."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import newsline
from newsline.export import validate

from helpers import REPORTS, write_reports


def test_seeds_export_has_three_articles_with_stated_dates_and_entities(seeds_store):
    _db, report, data = seeds_store
    validate(data)
    assert report.stored == 3 and not report.rejected
    by_name = {a["source"].rsplit("/", 1)[-1][:3]: a for a in data["articles"]}
    assert by_name["001"]["stated_date"] == "2023-11-11" and by_name["001"]["date_source"] == "stated"
    assert by_name["002"]["stated_date"] == "2023-11-07"
    assert by_name["000"]["stated_date"] is None and by_name["000"]["date_source"] != "stated"
    names = {e["name"] for e in data["entities"]}
    assert "Benjamin Netanyahu" in names
    netanyahu = next(e for e in data["entities"] if e["name"] == "Benjamin Netanyahu")
    assert len({m["article"] for m in netanyahu["mentions"]}) >= 2  # merged across articles
    for entity in data["entities"]:
        for m in entity["mentions"]:
            article = next(a for a in data["articles"] if a["id"] == m["article"])
            assert m["end"] > m["start"]
    idf = [e for e in data["entities"] if "IDF" in e["aliases"]]
    assert idf and "Israel Defense Forces" in idf[0]["aliases"]


def test_every_span_points_at_its_text(seeds_store):
    db, _report, data = seeds_store
    texts = {r[0]: r[1] for r in sqlite3.connect(db).execute("SELECT id, text FROM articles")}
    for t in data["timexes"]:
        assert texts[t["article"]][t["start"]:t["end"]] == t["text"]
        assert t["text"] in t["sentence"]
    for e in data["entities"]:
        for m in e["mentions"]:
            assert texts[m["article"]][m["start"]:m["end"]] == m["text"]


def test_reingest_is_a_noop_and_a_changed_file_is_a_new_revision(tmp_path, reports_dir):
    db = tmp_path / "r.db"
    with newsline.open(db) as record:
        first = record.ingest([reports_dir])
        assert first.stored == 3 and first.ok
        again = record.ingest([reports_dir])
        assert again.stored == 0 and again.unchanged == 3
        (reports_dir / "r2.txt").write_text(REPORTS["r2.txt"] + " Updated at noon.", "utf-8")
        third = record.ingest([reports_dir])
        assert third.stored == 1 and third.unchanged == 2
        data = record.export()
        assert len(data["articles"]) == 3  # the old revision is kept but not current
        assert [a["revision"] for a in data["articles"] if a["source"].endswith("r2.txt")] == [2]
        assert record.store.scalar("SELECT COUNT(*) FROM articles") == 4


def test_incremental_linking_only_touches_new_articles(tmp_path, reports_dir):
    db = tmp_path / "inc.db"
    with newsline.open(db) as record:
        record.ingest([reports_dir / "r1.txt", reports_dir / "r2.txt"])
        before = {r[0]: r[1] for r in record.store.query("SELECT id, entity FROM mentions")}
        report = record.ingest([reports_dir / "r3.txt"])
        assert report.stored == 1
        after = {r[0]: r[1] for r in record.store.query("SELECT id, entity FROM mentions")}
        assert all(after[k] == v for k, v in before.items())  # old links untouched
        data = record.export()
    dresner = [e for e in data["entities"] if e["name"] == "Ivan Dresner"]
    assert dresner and len({m["article"] for m in dresner[0]["mentions"]}) == 2
    titles = {t["value"] for t in dresner[0]["attributes"]["title"]}
    assert {"Col.", "Brig. Gen."} <= titles
    okonjo = [e for e in data["entities"] if e["name"] == "Mara Okonjo"]
    assert okonjo and "Okonjo" in okonjo[0]["aliases"]


def test_killed_ingest_resumes_without_duplicates(tmp_path):
    folder = tmp_path / "many"
    reports = {f"n{i:03d}.txt": f" date 2024-03-{1 + i % 27:02d} Report number {i} on the strike at Velmora. "
               f"Union leader Mara Okonjo spoke on Monday about day {i} of the strike." for i in range(200)}
    write_reports(folder, reports)
    db = tmp_path / "k.db"
    env = dict(os.environ, NEWSLINE_SAVE_EVERY="2")
    cmd = [sys.executable, "-m", "newsline.cli", "ingest", str(folder), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            stored = sqlite3.connect(db, timeout=1).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 4:
            break
    proc.kill()
    proc.wait()
    assert 0 < stored < 200, "the run should have been killed half-way"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    orphans = conn.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                           "(SELECT 1 FROM sentences s WHERE s.article = a.id)").fetchone()[0]
    assert orphans == 0  # whole articles only
    conn.close()
    done = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["stored"] == 200 - partial and report["unchanged"] == partial
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone() == (200, 200)
    assert conn.execute("SELECT COUNT(*) FROM mentions WHERE entity IS NULL").fetchone()[0] == 0


def test_bad_dates_and_huge_files_are_reported_and_the_rest_is_stored(tmp_path):
    folder = write_reports(tmp_path / "bad", {
        "future.txt": " date 2999-05-01 Crews reopened the coast road on Monday, the council said on Tuesday.",
        "feb30.txt": " date 2023-02-30 Ferries resumed on Friday, March 3, after a week of storms.",
        "ok.txt": " date 2023-03-04 The harbour reopened on Saturday.",
        "digits.txt": " date 2023-03-05 Reference " + "7" * 5000 + " was logged on Sunday, March 5.",
    })
    (folder / "huge.txt").write_bytes(b" date 2023-03-05 " + b"flood " * (50 * 1024 * 1024 // 6))
    with newsline.open(tmp_path / "b.db") as record:
        report = record.ingest([folder])
        data = record.export()
    assert [r.source.rsplit("/", 1)[-1] for r in report.rejected] == ["huge.txt"]
    assert "50.0 MB, over the 10 MB limit" in report.rejected[0].reason
    warned = {w.source.rsplit("/", 1)[-1]: w.reason for w in report.warnings}
    assert "lies in the future" in warned["future.txt"] and "does not parse" in warned["feb30.txt"]
    by = {a["source"].rsplit("/", 1)[-1]: a for a in data["articles"]}
    assert set(by) == {"future.txt", "feb30.txt", "ok.txt", "digits.txt"}
    assert by["future.txt"]["stated_date"] == "2999-05-01" and by["future.txt"]["date"] != "2999-05-01"
    assert "stated_date_in_future" in {f["kind"] for f in by["future.txt"]["flags"]}
    assert by["feb30.txt"]["stated_date"] is None
    assert "stated_date_unusable" in {f["kind"] for f in by["feb30.txt"]["flags"]}
    assert by["feb30.txt"]["date"] == "2023-03-03" or by["feb30.txt"]["date_source"] == "inferred"
    assert by["ok.txt"]["date"] == "2023-03-04" and not by["ok.txt"]["flags"]


def test_workers_give_the_same_record_as_one_process(tmp_path, reports_dir):
    exports = []
    for workers in (1, 2):
        with newsline.open(tmp_path / f"w{workers}.db") as record:
            report = record.ingest([reports_dir], workers=workers)
            assert report.stored == 3
            data = record.export()
        exports.append({key: data[key] for key in ("articles", "timexes", "entities")})
    for record in exports:
        for article in record["articles"]:
            article.pop("meta", None)
    assert exports[0] == exports[1]
