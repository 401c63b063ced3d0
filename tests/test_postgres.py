"""The PostgreSQL store on a real, throwaway server (tests/pgcluster.py): the same record as the SQLite
store, copies both ways that lose nothing, search, two ingests at once, a killed ingest resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from helpers import comparable_export, run_cli

import newsline
from newsline.api import sample_corpus_path
from newsline.store import SCHEMA_VERSION, SearchSyntaxError, open_store
from newsline.store.copy import compare


@pytest.fixture(scope="module")
def sqlite_record(sample_run):
    return comparable_export(sample_run.db)


@pytest.fixture(scope="module")
def pg_sample(pg_server):
    """The sample corpus ingested into PostgreSQL by the CLI, once for this module (tests only read it)."""
    name = pg_server.create_database()
    url = pg_server.url(name)
    result = run_cli("ingest", "--sample", "--db", url)
    assert result.exit_code == 0, result.output
    yield url
    pg_server.drop_database(name)


def test_same_record_as_sqlite(pg_sample, sqlite_record):
    """The whole pipeline into PostgreSQL gives the export SQLite gives, to the byte (but for when the
    undated report was dated again): events, forecasts settled every way, the undated report dated
    again by its collection, the report flagged as older than it says."""
    assert comparable_export(pg_sample) == sqlite_record
    assert sqlite_record["events"] and sqlite_record["quotes"] and sqlite_record["series"]
    assert {f["status"] for f in sqlite_record["forecasts"]} >= {"confirmed", "refuted", "open"}
    assert any(a["meta"].get("date_history") for a in sqlite_record["articles"])
    assert any(f["kind"] == "content_predates_stated_date" for a in sqlite_record["articles"] for f in a["flags"])
    with open_store(pg_sample) as store:
        assert store.backend == "postgresql" and store.version() == SCHEMA_VERSION


def test_reading_commands_on_postgres(pg_sample, sample_run):
    """status, timeline and show read a PostgreSQL store as they read SQLite (NEWSLINE_DB takes the URL)."""
    for args in (["timeline", "--from", "2025-03-19", "--to", "2025-03-19"], ["show", "1ab04be2"], ["articles"]):
        on_pg = run_cli(*args, env={"NEWSLINE_DB": pg_sample})
        on_sqlite = run_cli(*args, "--db", sample_run.db)
        assert on_pg.exit_code == 0, on_pg.output
        assert on_pg.stdout == on_sqlite.stdout
    status = json.loads(run_cli("status", "--json", "--db", pg_sample).stdout)
    assert status["counts"]["articles"] == 24 and status["schema_version"] == SCHEMA_VERSION
    missing = run_cli("status", "--db", pg_sample.replace("newsline_test", "no_such_db"))
    assert missing.exit_code == 1 and "cannot connect to PostgreSQL" in missing.stderr
    served = run_cli("serve", "--db", pg_sample)  # the web app is SQLite's only: one line, not a traceback
    assert served.exit_code == 1 and "reads a SQLite store only" in served.stderr and "newsline copy" in served.stderr


def test_search_on_postgres(pg_sample):
    """FTS5 query syntax on PostgreSQL's text search: words, phrases, prefixes, OR, NOT; a query that is
    not FTS5 syntax runs as a phrase, as on SQLite."""
    with newsline.open(pg_sample) as record:
        found = record.search("spillway collapsed")
        assert found.hits and all("spillway" in h["text"].lower() and "collaps" in h["text"].lower() for h in found)
        assert "«spillway»" in found.hits[0]["snippet"] or "«collapsed»" in found.hits[0]["snippet"]
        phrase = record.search('"full responsibility"')
        assert [h["article"][:8] for h in phrase] == ["df8b7618"]
        prefix = record.search("resign*", limit=50)
        assert any("resigned" in h["text"] for h in prefix) and any("resignation" in h["text"] for h in prefix)
        both = record.search("Orren", limit=100).total
        without = record.search("Orren NOT spillway", limit=100)
        assert 0 < without.total < both and not any("spillway" in h["text"].lower() for h in without)
        either = record.search("Barsk OR Oltenbrand", limit=100)
        assert either.total >= record.search("Barsk", limit=100).total
        fallback = record.search("director-general")
        assert fallback.fallback and fallback.hits
        assert all("director-general" in h["text"] for h in fallback)
        assert record.search("spillway", limit=3).total == record.search("spillway", limit=100).total > 3
    with open_store(pg_sample) as store:
        for bad in ('"unclosed', "(dam OR", "dam AND", "O'Brien", "nosuchcolumn: dam"):
            with pytest.raises(SearchSyntaxError):
                store.search(bad)


def test_copy_both_ways_loses_nothing(sample_run, sqlite_record, pg_url, tmp_path):
    """SQLite -> PostgreSQL -> SQLite: every table's rows and checksum the same, printed, and the
    exports of all three identical; a store with rows is refused as a destination."""
    to_pg = run_cli("copy", sample_run.db, pg_url)
    assert to_pg.exit_code == 0, to_pg.output
    assert "every count and checksum matches" in to_pg.stderr
    for table in ("articles", "sentences", "mentions", "entities", "events", "event_keys", "meta"):
        assert any(line.split("│")[1].strip() == table and line.rstrip("│ ").endswith("same")
                   for line in to_pg.stdout.splitlines() if line.startswith("│")), table
    back = tmp_path / "back.db"
    report = json.loads(run_cli("copy", pg_url, back, "--json").stdout)
    assert report and all(t["ok"] for t in report)
    assert {t["table"]: t["source_rows"] for t in report}["articles"] == 24
    assert comparable_export(pg_url) == sqlite_record
    assert comparable_export(back) == sqlite_record
    again = run_cli("copy", sample_run.db, pg_url)
    assert again.exit_code == 1 and "is not empty" in again.stderr
    nothing = run_cli("copy", tmp_path / "typo.db", tmp_path / "x.db")
    assert nothing.exit_code == 1 and "no such store" in nothing.stderr


def test_records_at_one_offset_come_out_alike(sample_run, pg_url, tmp_path):
    """Two quotes, forecasts or figures of one article starting at one offset (real news has them) are
    exported in the order they were stored on both backends, however PostgreSQL keeps its rows (an
    update moves a row to the end of its table there)."""
    import shutil

    from newsline.store.copy import copy_store

    lite_path = tmp_path / "ties.db"
    shutil.copy(sample_run.db, lite_path)
    with open_store(str(lite_path)) as lite, open_store(pg_url) as pg:
        assert all(t.ok for t in copy_store(lite, pg))
        for table in ("quotes", "forecasts", "claims"):
            first, second = lite.query(f"SELECT id, start FROM {table} WHERE article = (SELECT article FROM {table}"
                                       f" GROUP BY article HAVING COUNT(*) > 1 ORDER BY article LIMIT 1)"
                                       " ORDER BY id LIMIT 2")
            for store in (lite, pg):  # the first one now starts where the second does
                store.db.execute(f"UPDATE {table} SET start = ? WHERE id = ?", (second["start"], first["id"]))
    tied = comparable_export(lite_path)
    assert comparable_export(pg_url) == tied
    for kind in ("quotes", "forecasts", "claims"):
        starts = [(r["article"], r["start"]) for r in tied[kind]]
        assert len(set(starts)) < len(starts), kind


def test_checksum_sees_a_changed_value(sample_run, pg_url):
    """One changed float in one row of the copy makes that table, and only it, differ."""
    with open_store(str(sample_run.db)) as src, open_store(pg_url) as dst:
        from newsline.store.copy import copy_store

        assert all(t.ok for t in copy_store(src, dst))
        dst.db.execute("UPDATE articles SET date_confidence = date_confidence + 1e-9 WHERE id = "
                       "(SELECT MIN(id) FROM articles WHERE date_confidence IS NOT NULL)")
        differing = [t.table for t in compare(src, dst, src.tables()) if not t.ok]
    assert differing == ["articles"]


def test_concurrent_migration(pg_url):
    """Two processes opening a new database at once: one migrates, the other waits and finds it done."""
    errors, versions = [], []

    def open_it():
        try:
            with open_store(pg_url) as store:
                versions.append(store.version())
        except Exception as err:  # pragma: no cover - the assertion below shows it
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and versions == [SCHEMA_VERSION] * 3


def cli_process(*args, save_every: int = 3) -> subprocess.Popen:
    env = dict(os.environ, NEWSLINE_SAVE_EVERY=str(save_every), NEWSLINE_PROGRESS_SECONDS="3600")
    env.pop("NEWSLINE_DB", None)
    return subprocess.Popen([sys.executable, "-m", "newsline.cli", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def writer_lock_held_elsewhere(url: str) -> bool:
    from newsline.store.postgres import WRITER_LOCK

    with open_store(url) as store:
        return bool(store.db.raw("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                 " AND objid = %s AND pid <> pg_backend_pid()", (WRITER_LOCK,)).fetchone()[0])


def test_two_ingests_at_once(pg_url, tmp_path):
    """Two ingests of overlapping folders into one store at the same time end with the record the two
    make one after the other: no article, entity or event twice. The second starts while the first
    holds the store's writer lock (it has stored a batch), analyses meanwhile, then waits its turn."""
    files = sorted(str(p) for p in sample_corpus_path().rglob("*") if p.is_file())
    undated = next(f for f in files if f.endswith("tessary-hydro-questions.txt"))
    texts = [f for f in files if "/tavren-ledger/" in f]
    first = texts[:5] + [undated]  # the undated report in both: its date is inferred from its own run's dates
    second = texts[3:] + [undated]
    proc = cli_process("ingest", *first, "--db", pg_url, save_every=2)
    deadline = time.monotonic() + 240
    while not writer_lock_held_elsewhere(pg_url) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the first ingest ended before the second could start"
    alongside = run_cli("ingest", *second, "--db", pg_url)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and alongside.exit_code == 0, (err, alongside.output)
    with open_store(pg_url) as store:
        for table, key in (("articles", "content_hash"), ("entities", "id"), ("events", "id"),
                           ("mentions", "article, start, label")):
            assert store.scalar(f"SELECT COUNT(*) FROM {table}") == store.scalar(
                f"SELECT COUNT(*) FROM (SELECT DISTINCT {key} FROM {table}) AS k")
        seqs = {r["source"]: r["seq"] for r in store.query("SELECT source, seq FROM articles")}
    assert max(seqs[f] for f in first if f in seqs) < min(seqs[f] for f in second if f in seqs and f not in first)
    serial = tmp_path / "serial.db"
    for paths in (first, second):
        result = run_cli("ingest", *paths, "--db", serial)
        assert result.exit_code == 0, result.output
    assert comparable_export(pg_url) == comparable_export(serial)


def test_killed_ingest_resumes(pg_url, sqlite_record):
    """An ingest killed (SIGKILL) after some batches are stored leaves whole articles only; running it
    again stores the rest and links everything: the record of one uninterrupted run."""
    proc = cli_process("ingest", "--sample", "--db", pg_url, save_every=2)
    stored = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with open_store(pg_url) as store:
                    stored = store.scalar("SELECT COUNT(*) FROM articles")
            except Exception:
                stored = 0  # the database is still being set up by the ingest
            if stored >= 2:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with open_store(pg_url) as store:
        stored = store.scalar("SELECT COUNT(*) FROM articles")
        assert 2 <= stored < 24, "the ingest was not killed half-way"
        assert store.scalar("SELECT COUNT(*) FROM mentions WHERE article NOT IN (SELECT id FROM articles)") == 0
        assert store.scalar("SELECT COUNT(*) FROM entities") == 0  # it never reached the reduce step
    again = run_cli("ingest", "--sample", "--db", pg_url)
    assert again.exit_code == 0, again.output
    assert f"{24 - stored} stored" in again.stderr
    assert comparable_export(pg_url) == sqlite_record

