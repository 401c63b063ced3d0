"""The PostgreSQL store: the same interface and the same record as the SQLite store, for archives
that outgrow one file and for several ingests writing at once.

Every method that writes (`save`, `add_source`, `record_rejections`) and every reader elsewhere
goes through `store.db`, which takes the project's SQL (SQLite's dialect) and translates it
(store/dialect.py); the migrations are the same scripts, translated. Full-text search uses
PostgreSQL's own (a generated tsvector column, GIN index, `ts_rank`, `ts_headline`).

Concurrency: a migration runs under a transaction-level advisory lock; an ingest holds a
session-level advisory lock (`hold_writer`) from its first write until its reduce step is done,
so two ingests into one store analyse side by side but write and link one after the other: the
record is the one they would make run in turn, with no article, entity or event twice (the
content hash and every id are also unique keys). A killed ingest's lock goes with its connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .dialect import FTS_COLUMN, FTS_CONFIG, Table, translate, translate_script
from .fts_query import QuerySyntaxError, tsquery_sql
from .migrations import MIGRATIONS
from .sqlite import SCHEMA_VERSION, SearchSyntaxError, SQLiteStore, StoreError

MIGRATION_LOCK = 0x6E6C_6D67  # "nlmg": one migration at a time per database
WRITER_LOCK = 0x6E6C_7772  # "nlwr": one ingest writes and links at a time per database
HEADLINE = "StartSel=\x02, StopSel=\x03, MaxWords=12, MinWords=5, ShortWord=2, MaxFragments=0"


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


class Row(tuple):
    """A result row read like sqlite3.Row: by position, by column name, `keys()`, `dict(row)`."""

    __slots__ = ()
    _index: dict[str, int] = {}
    _names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                key = self._index[key]
            except KeyError:
                key = self._index[key.lower()]
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


_ROW_CLASSES: dict[tuple[str, ...], type] = {}


def row_class(names: tuple[str, ...]) -> type:
    cls = _ROW_CLASSES.get(names)
    if cls is None:
        index: dict[str, int] = {}
        for i, name in enumerate(names):
            index.setdefault(name, i)
            index.setdefault(name.lower(), i)
        cls = type("Row", (Row,), {"__slots__": (), "_index": index, "_names": names})
        _ROW_CLASSES[names] = cls
    return cls


def row_factory(cursor):
    if cursor.description is None:
        return tuple
    cls = row_class(tuple(d.name for d in cursor.description))
    return lambda values: tuple.__new__(cls, values)


class PGConnection:
    """What `store.db` is on SQLite (execute, executemany, executescript), for PostgreSQL: statements
    in SQLite's dialect are translated once and cached."""

    def __init__(self, conn):
        self.conn = conn
        self._sql: dict[str, str] = {}
        self._tables: dict[str, Table | None] = {}

    # -- the sqlite3.Connection surface the project uses ------------------------------------------
    def execute(self, sql: str, params: Any = ()):
        if sql.lstrip()[:6].upper() == "PRAGMA":
            return self.conn.execute("SELECT 1 WHERE false")  # SQLite's settings: nothing to do here
        cursor = self.conn.execute(self.translated(sql), params_of(params))
        self._after(sql)
        return cursor

    def executemany(self, sql: str, seq: Iterable):
        cursor = self.conn.cursor()
        rows = [params_of(p) for p in seq]
        if rows:
            cursor.executemany(self.translated(sql), rows)
        return cursor

    def executescript(self, script: str) -> None:
        for sql, dml in translate_script(script):
            self.conn.execute(translate(sql, self.table) if dml else sql.replace("%", "%%"), ())
            self._after(sql)

    def close(self) -> None:
        self.conn.close()

    # -- PostgreSQL as it is ------------------------------------------------------------------------
    def raw(self, sql: str, params: Any = ()):
        """A statement in PostgreSQL's own dialect (psycopg placeholders)."""
        return self.conn.execute(sql, params)

    def translated(self, sql: str) -> str:
        out = self._sql.get(sql)
        if out is None:
            out = translate(sql, self.table)
            if len(self._sql) > 2000:
                self._sql.clear()
            self._sql[sql] = out
        return out

    def _after(self, sql: str) -> None:
        if sql.lstrip()[:6].upper() in ("CREATE", "ALTER ", "DROP T", "DROP I"):
            self._sql.clear()
            self._tables.clear()

    def table(self, name: str) -> Table | None:
        """Columns (generated ones left out), primary key and unique keys of a table, for upserts."""
        if name not in self._tables:
            columns = [r[0] for r in self.raw(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position", (name,))]
            if not columns:
                self._tables[name] = None
                return None
            keys = self.raw(
                """SELECT i.indisprimary, array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
                   FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                   WHERE i.indrelid = to_regclass(%s) AND i.indisunique AND i.indpred IS NULL
                   GROUP BY i.indexrelid, i.indisprimary ORDER BY i.indisprimary DESC, i.indexrelid""",
                (quote_ident(name),)).fetchall()
            primary = next((list(k) for p, k in keys if p), [])
            self._tables[name] = Table(columns, primary, [list(k) for p, k in keys if not p])
        return self._tables[name]


def params_of(params: Any):
    if params is None:
        return ()
    if isinstance(params, (dict, tuple, list)):
        return params
    return tuple(params)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresStore(SQLiteStore):
    """One PostgreSQL database (`postgresql://user@host/db`). Writing and reading methods are the
    SQLite store's, through the translating connection; what differs is below."""

    backend = "postgresql"

    def __init__(self, url: str):
        import psycopg

        self.path = redact(url)
        self._writer = False
        try:
            conn = psycopg.connect(url, autocommit=True, row_factory=row_factory)
        except psycopg.Error as err:
            reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
            raise StoreError(f"{self.path}: cannot connect to PostgreSQL ({reason})") from None
        register_number_loader(conn)
        self.db = PGConnection(conn)
        self.migrate()

    # -- schema ---------------------------------------------------------------------------------
    def version(self) -> int:
        # a catalog query, not to_regclass: that reads a name cache which another process's new table
        # may not have reached yet (right after waiting for the migration lock)
        if not self.db.raw("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                           " AND tablename = 'meta'").fetchone()[0]:
            return 0
        value = self.db.raw("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(value[0]) if value else 0

    def migrate(self) -> None:
        import psycopg

        if self.version() == SCHEMA_VERSION:
            return
        for number in range(SCHEMA_VERSION):
            try:
                with self.db.conn.transaction():
                    self.db.raw("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    current = self.version()  # another process may have migrated while we waited
                    if current > SCHEMA_VERSION:
                        raise StoreError(f"{self.path}: made by a newer newsline (schema {current} > {SCHEMA_VERSION})")
                    if current > number:
                        continue
                    self.db.executescript(MIGRATIONS[number])
                    self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                                    (str(number + 1),))
            except psycopg.Error as err:
                raise StoreError(f"{self.path}: migration {number + 1} failed ({str(err).strip()})") from None

    def transaction(self):
        return _PGTransaction(self.db)

    def close(self) -> None:
        self.release_writer()
        self.db.close()

    # -- one writer at a time -----------------------------------------------------------------------
    def hold_writer(self) -> None:
        """Wait for, then keep, the store's writer lock (until `release_writer` or the connection ends)."""
        if not self._writer:
            self.db.raw("SELECT pg_advisory_lock(%s)", (WRITER_LOCK,))
            self._writer = True

    def release_writer(self) -> None:
        if self._writer and not self.db.conn.closed:
            self.db.raw("SELECT pg_advisory_unlock(%s)", (WRITER_LOCK,))
        self._writer = False

    # -- reading ----------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[Row]:
        """Full-text search over current sentences, best first (FTS5 query syntax, see fts_query.py)."""
        expr, params = self._tsquery(query)
        rows = self.db.raw(
            f"""WITH q AS (SELECT {expr} AS query)
            SELECT s.article, s.idx, s.start, s."end", s.text, a.source, a.title, a.date,
                   ts_headline(%s::regconfig, s.text, q.query, %s) AS snippet
            FROM q CROSS JOIN sentences s JOIN articles a ON a.id = s.article
            WHERE s.{FTS_COLUMN} @@ q.query AND a.current = 1
            ORDER BY ts_rank(s.{FTS_COLUMN}, q.query) DESC, s.id LIMIT %s""",
            (*params, FTS_CONFIG, HEADLINE, limit)).fetchall()
        return [with_ellipses(row) for row in rows]

    def search_count(self, query: str) -> int:
        expr, params = self._tsquery(query)
        return self.db.raw(
            f"""SELECT COUNT(*) FROM sentences s JOIN articles a ON a.id = s.article
            WHERE s.{FTS_COLUMN} @@ ({expr}) AND a.current = 1""", params).fetchone()[0]

    @staticmethod
    def _tsquery(query: str) -> tuple[str, list[str]]:
        try:
            return tsquery_sql(query)
        except QuerySyntaxError as err:
            raise SearchSyntaxError(str(err)) from None

    # -- copying ----------------------------------------------------------------------------------
    def tables(self) -> dict[str, list[str]]:
        """Every table of the record and its columns (what `newsline copy` carries)."""
        names = [r[0] for r in self.db.raw(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' ORDER BY table_name")]
        return {name: self.db.table(name).columns for name in names}

    def references(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for table, other in self.db.raw(
                "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
                " JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()"):
            out.setdefault(table, set()).add(other)
        return out

    def stream(self, sql: str, params: Any = ()) -> Iterator[Row]:
        """Rows fetched a few thousand at a time (a server-side cursor), for reading a whole table."""
        with self.db.conn.transaction(), self.db.conn.cursor(name="newsline_stream") as cursor:
            cursor.itersize = 2000
            cursor.execute(self.db.translated(sql), params_of(params))
            yield from cursor

    def after_copy(self, table: str) -> None:
        """Identity columns go on from the largest id copied in."""
        for (column,) in self.db.raw(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s AND is_identity = 'YES'", (table,)).fetchall():
            self.db.raw(f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({quote_ident(column)}), 0) + 1,"
                        f" false) FROM {quote_ident(table)}", (quote_ident(table), column))


def with_ellipses(row: Row) -> Row:
    """Mark a cut snippet with … where the sentence goes on (as SQLite's snippet() does)."""
    snippet, text = row["snippet"], row["text"]
    plain = snippet.replace("\x02", "").replace("\x03", "")
    if plain != text:
        snippet = ("" if text.startswith(plain) else "…") + snippet + ("" if text.endswith(plain) else "…")
    values = list(row)
    values[row.keys().index("snippet")] = snippet
    return tuple.__new__(type(row), values)


def register_number_loader(conn) -> None:
    """SUM and AVG of integers are `numeric` in PostgreSQL: read them as SQLite gives them (int or float)."""
    from psycopg.adapt import Loader

    class NumberLoader(Loader):
        def load(self, data):
            value = Decimal(bytes(data).decode())
            return int(value) if value == value.to_integral_value() else float(value)

    conn.adapters.register_loader("numeric", NumberLoader)


class _PGTransaction:
    """BEGIN ... COMMIT on the autocommit connection, rolled back on any exception."""

    def __init__(self, db: PGConnection):
        self.db = db
        self._tx = None

    def __enter__(self):
        self._tx = self.db.conn.transaction()
        self._tx.__enter__()
        return self.db

    def __exit__(self, exc_type, exc, tb):
        return self._tx.__exit__(exc_type, exc, tb)

