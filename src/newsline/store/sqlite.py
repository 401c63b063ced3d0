"""The SQLite store: one file, WAL, FTS5 over sentences, openable in Datasette.

Each batch of analysed articles is written in one transaction, so a run killed
half-way leaves only whole articles behind; re-running skips what is stored
(by content hash).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..records import Analysis, Flag, sentence_of
from .migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    pass


class SQLiteStore:
    backend = "sqlite"

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the store ({err})") from None
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a newsline store ({err})") from None
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    # -- schema -----------------------------------------------------------
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer newsline (schema {current} > {SCHEMA_VERSION})")
        for number in range(current, SCHEMA_VERSION):
            # one script per migration, in its own transaction, so a failed migration leaves the old schema
            self.db.executescript(
                "BEGIN IMMEDIATE;"
                + MIGRATIONS[number]
                + f";INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '{number + 1}');"
                + f"PRAGMA user_version={number + 1};COMMIT;"
            )

    def transaction(self):
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing ------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE content_hash=?", (content_hash,)).fetchone() is not None

    def save(self, analyses: Iterable[Analysis]) -> list[str]:
        """Write analysed articles and all their records in one transaction."""
        saved = []
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            for analysis in analyses:
                a = analysis.article
                if self.has_content(a.content_hash):
                    continue
                seq += 1
                revision = 1
                if a.revision_key:
                    prev = self.db.execute(
                        "SELECT MAX(revision) FROM articles WHERE revision_key=?", (a.revision_key,)
                    ).fetchone()[0]
                    if prev:
                        revision = prev + 1
                        self.db.execute("UPDATE articles SET current=0 WHERE revision_key=?", (a.revision_key,))
                window = a.date_window or (None, None)
                self.db.execute(
                    """INSERT INTO articles (id, seq, source, url, path, revision_key, revision, current, title,
                    outlet, author, format, stated_date, stated_date_raw, date, date_source, date_from, date_to,
                    date_confidence, flags, meta, content_hash, word_count, ingested_at, text)
                    VALUES (?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        a.id, seq, a.source, a.url, a.meta.get("path"), a.revision_key, revision, a.title,
                        a.outlet, a.author, a.format, a.stated_date, a.meta.get("stated_date_raw"), a.date,
                        a.date_source, window[0], window[1], a.date_confidence,
                        json.dumps([flag_dict(f) for f in a.flags]),
                        json.dumps({k: v for k, v in a.meta.items() if k not in ("path", "stated_date_raw")}),
                        a.content_hash, len(a.text.split()), now, a.text,
                    ),
                )
                self.db.executemany(
                    'INSERT INTO sentences (article, idx, start, "end", text) VALUES (?,?,?,?,?)',
                    [(a.id, s.index, s.start, s.end, s.text) for s in analysis.sentences],
                )
                self.db.executemany(
                    'INSERT INTO mentions (article, sentence, start, "end", text, label, title, same_as, short_for)'
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    [(a.id, m.sentence, m.start, m.end, m.text, m.label, m.title, m.same_as, m.short_for)
                     for m in analysis.mentions],
                )
                self.db.executemany(
                    'INSERT INTO timexes (article, tid, sentence, start, "end", text, type, value, mod, anchor, note)'
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, t.tid, t.sentence, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchor, t.note)
                     for t in analysis.timexes],
                )
                self.db.executemany(
                    'INSERT INTO quotes (article, sentence, start, "end", text, kind, speaker, speaker_id, channel, cue,'
                    " speaker_start, speaker_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, q.sentence, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_id, q.channel, q.cue,
                      q.speaker_start, q.speaker_end) for q in analysis.quotes],
                )
                self.db.executemany(
                    'INSERT INTO claims (article, sentence, start, "end", anchor, value, unit, qualifier, what, source,'
                    " as_of, kind, direction, subject, key, as_of_value) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, sentence_of(analysis.sentences, c.start), c.start, c.end, c.anchor, json.dumps(c.value), c.unit,
                      c.qualifier, c.what, c.source, c.as_of, c.kind, c.direction, c.subject, c.key, c.as_of_value)
                     for c in analysis.claims],
                )
                self.db.executemany(
                    'INSERT INTO forecasts (article, sentence, start, "end", text, holder, cue, probability, horizon,'
                    " status, outcome, kind, trigger, classes, polarity, stance, reading, horizon_text, horizon_value,"
                    " stated_on, reported, participants, keywords, subject, embedding)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, sentence_of(analysis.sentences, f.start), f.start, f.end, f.text, f.holder, f.cue,
                      f.probability, f.horizon, f.status, f.outcome, f.kind, f.trigger, json.dumps(f.classes),
                      f.polarity, f.stance, f.reading, f.horizon_text, f.horizon_value, f.stated_on, int(f.reported),
                      json.dumps(f.participants, ensure_ascii=False), json.dumps(f.keywords, ensure_ascii=False),
                      json.dumps(f.subject, ensure_ascii=False), embedding_blob(f.embedding))
                     for f in analysis.forecasts],
                )
                self.db.executemany(
                    'INSERT INTO event_mentions (article, sentence, start, "end", trigger, trigger_start, trigger_end,'
                    " lemma, classes, date, precision, confidence, date_end, anchor, participants, places, embedding)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, e.sentence, e.start, e.end, e.trigger, e.trigger_start, e.trigger_end, e.lemma,
                      json.dumps(e.classes), e.date, e.precision, e.confidence, e.date_end, e.anchor,
                      json.dumps(e.participants, ensure_ascii=False), json.dumps(e.places, ensure_ascii=False),
                      embedding_blob(e.embedding)) for e in analysis.event_mentions],
                )
                if analysis.signature:
                    self.db.execute("INSERT INTO article_signatures (article, signature) VALUES (?,?)",
                                    (a.id, analysis.signature))
                if analysis.dating:
                    self.db.execute("INSERT INTO article_dating (article, vector, forms) VALUES (?,?,?)",
                                    (a.id, embedding_blob(analysis.dating.get("vector")), analysis.dating.get("forms")))
                saved.append(a.id)
        return saved

    def add_source(self, content_hash: str, source: str, outlet: str | None, stated_date: str | None) -> bool:
        """Record that already-stored text was also found at `source`; False when nothing new."""
        row = self.db.execute("SELECT id, source FROM articles WHERE content_hash=?", (content_hash,)).fetchone()
        if row is None or row["source"] == source:
            return False
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO article_sources (article, source, outlet, stated_date, seen_at) VALUES (?,?,?,?,?)",
                (row["id"], source, outlet, stated_date, now),
            )
        return cur.rowcount > 0

    def record_rejections(self, rejections: Iterable[Any], kind: str = "rejected") -> None:
        """Keep what a run refused (kind "rejected") or stored with a problem ("warning")."""
        # milliseconds: two runs in one second still list newest first (and sort after older second-only stamps)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
        rows = [(r.source, r.reason, kind, now) for r in rejections]
        if rows:
            with self.transaction():
                self.db.executemany("INSERT INTO rejections (source, reason, kind, at) VALUES (?,?,?,?)", rows)

    # -- reading ------------------------------------------------------------
    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, params).fetchall()

    def iter_query(self, sql: str, params: tuple | dict = ()) -> Iterator[sqlite3.Row]:
        yield from self.db.execute(sql, params)

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    SEARCH_FROM = """FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
        JOIN articles a ON a.id = s.article
        WHERE sentences_fts MATCH ? AND a.current = 1"""
    SEARCH_SQL = """SELECT s.article, s.idx, s.start, s."end", s.text, a.source, a.title, a.date,
        snippet(sentences_fts, 0, char(2), char(3), '…', 12) AS snippet """ + SEARCH_FROM + " ORDER BY rank LIMIT ?"

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search over sentences (FTS5 syntax; plain words are ANDed).

        Raises SearchSyntaxError when `query` is not valid FTS5: the caller decides what to do."""
        try:
            return self.query(self.SEARCH_SQL, (query, limit))
        except sqlite3.OperationalError as err:
            raise SearchSyntaxError(str(err)) from None

    def search_count(self, query: str) -> int:
        """How many current sentences match `query` (for "showing 20 of 143")."""
        try:
            return self.scalar("SELECT COUNT(*) " + self.SEARCH_FROM, (query,))
        except sqlite3.OperationalError as err:
            raise SearchSyntaxError(str(err)) from None

    def rejections(self, limit: int | None = None) -> list[sqlite3.Row]:
        """What ingest runs refused or warned about: newest run first, in the order found within a run."""
        return self.query("SELECT source, reason, kind, at FROM rejections ORDER BY at DESC, id LIMIT ?",
                          (-1 if limit is None else limit,))

    # -- several writers (PostgreSQL holds a lock here; one SQLite file has one writer at a time anyway) --
    def hold_writer(self) -> None:
        pass

    def release_writer(self) -> None:
        pass

    # -- copying ----------------------------------------------------------------------------------
    def tables(self) -> dict[str, list[str]]:
        """Every table of the record and its columns (what `newsline copy` carries); the FTS5 index is
        derived from sentences and left out."""
        rows = self.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                          " ORDER BY name")
        virtual = [r["name"] for r in rows if r["sql"].upper().startswith("CREATE VIRTUAL")]
        return {r["name"]: [c["name"] for c in self.query(f'PRAGMA table_info("{r["name"]}")')]
                for r in rows if not any(r["name"] == v or r["name"].startswith(v + "_") for v in virtual)}

    def references(self) -> dict[str, set[str]]:
        """table -> the tables its foreign keys point at."""
        return {t: {r["table"] for r in self.query(f'PRAGMA foreign_key_list("{t}")')} for t in self.tables()}

    def stream(self, sql: str, params: tuple | dict = ()) -> Iterator[sqlite3.Row]:
        """Rows one at a time, for reading a whole table."""
        yield from self.db.execute(sql, params)

    def after_copy(self, table: str) -> None:
        pass


class SearchSyntaxError(StoreError):
    """A search query that is not valid FTS5 syntax (the message is SQLite's)."""


def embedding_blob(vector) -> bytes | None:
    if vector is None:
        return None
    from ..nlp.events.embed import to_blob

    return to_blob(vector)


def flag_dict(flag: Flag | dict) -> dict:
    if isinstance(flag, dict):
        return flag
    return {"kind": flag.kind, "reason": flag.reason, "evidence": flag.evidence}


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
        return False
