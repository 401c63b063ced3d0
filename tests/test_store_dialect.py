"""The project's SQL (SQLite's dialect) runs unchanged on PostgreSQL: the same statements give the
same rows on both stores; what cannot be translated is refused by name."""

from __future__ import annotations

import json

import pytest

from newsline.store import SQLiteStore, open_store
from newsline.store.dialect import Table, Untranslatable, translate, translate_script
from newsline.store.fts_query import QuerySyntaxError, tsquery_sql

CATALOG = {
    "entities": Table(["id", "name", "type", "aliases", "attributes"], ["id"], []),
    "claim_series": Table(["id", "key", "what"], ["id"], [["key"]]),
}


def test_placeholders_and_percent():
    sql = translate("SELECT '?', ':x', \"a?\" FROM t WHERE a = ? AND b LIKE '%x%' AND c = :name AND d % 2 = 1",
                    CATALOG.get)
    assert sql == ("SELECT '?', ':x', \"a?\" FROM t WHERE a = %s AND b ILIKE '%%x%%' AND c = %(name)s "
                   "AND d %% 2 = 1")
    with pytest.raises(Untranslatable, match="numbered placeholder"):
        translate("SELECT ?1", CATALOG.get)


def test_upserts_follow_sqlite():
    """REPLACE: the row's named columns from the statement, the others back to their defaults."""
    sql = translate("INSERT OR REPLACE INTO entities (id, name, type) VALUES (?,?,?)", CATALOG.get)
    assert sql.endswith('ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "type" = EXCLUDED."type", '
                        '"aliases" = DEFAULT, "attributes" = DEFAULT')
    assert translate("INSERT OR IGNORE INTO entities (id) VALUES (?);", CATALOG.get) == \
        "INSERT INTO entities (id) VALUES (%s) ON CONFLICT DO NOTHING;"
    by_unique = translate("INSERT OR REPLACE INTO claim_series (key, what) VALUES (?, ?)", CATALOG.get)
    assert 'ON CONFLICT ("key")' in by_unique
    with pytest.raises(Untranslatable, match="no such table"):
        translate("INSERT OR REPLACE INTO nowhere (a) VALUES (?)", CATALOG.get)
    with pytest.raises(Untranslatable, match="INSERT OR ROLLBACK"):
        translate("INSERT OR ROLLBACK INTO entities (id) VALUES (?)", CATALOG.get)


def test_order_by_keeps_sqlite_null_order():
    sql = translate("SELECT a FROM t WHERE x IN (SELECT y FROM u ORDER BY y DESC LIMIT 3) "
                    "ORDER BY COALESCE(a, '9'), b DESC, c ASC LIMIT ?", CATALOG.get)
    assert "ORDER BY y DESC NULLS LAST LIMIT 3" in sql
    assert ("ORDER BY COALESCE(a, '9') NULLS FIRST, b DESC NULLS LAST, c ASC NULLS FIRST "
            "LIMIT NULLIF(GREATEST(%s, -1), -1)") in sql  # a negative limit is none, as in SQLite


def test_functions():
    sql = translate("SELECT group_concat(name), ifnull(a, 1), max(a, b), max(c), instr(a, 'x'), char(2) FROM t "
                    "WHERE id IN (SELECT value FROM json_each(:ids)) LIMIT -1", CATALOG.get)
    assert sql == ("SELECT string_agg(CAST(name AS text),','), coalesce(a, 1), GREATEST(a, b), max(c), "
                   "strpos(a, 'x'), chr(2) FROM t WHERE id IN (SELECT value FROM json_array_elements_text("
                   "CAST(%(ids)s AS json)) AS json_each) LIMIT ALL")


def test_json_functions_and_casts():
    """json_extract by a literal path, json_object, json_each named as SQLite names it (or by its
    alias), CAST to SQLite's 64-bit INTEGER and double REAL."""
    sql = translate("SELECT json_extract(meta, '$.content_date_window[1]'), json_extract(a.meta, '$.\"a b\".c') "
                    "FROM articles a", CATALOG.get)
    assert sql == ("SELECT ((CAST(meta AS json)) #>> '{\"content_date_window\",\"1\"}'), "
                   "((CAST(a.meta AS json)) #>> '{\"a b\",\"c\"}') FROM articles a")
    assert translate("SELECT json_object('id', id, 'n', 1) FROM t", CATALOG.get) == \
        "SELECT CAST(json_build_object('id', id, 'n', 1) AS text) FROM t"
    assert translate("SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM json_each(t.x) WHERE json_each.value = ?)",
                     CATALOG.get).endswith("FROM json_array_elements_text(CAST(t.x AS json)) AS json_each "
                                           "WHERE json_each.value = %s)")
    assert translate("SELECT j.value FROM t, json_each(t.x) j", CATALOG.get).endswith("(CAST(t.x AS json)) j")
    assert translate("SELECT CAST(a AS INTEGER), cast(b as real), CAST(c AS TEXT) FROM t", CATALOG.get) == \
        "SELECT CAST(a AS BIGINT), cast(b as DOUBLE PRECISION), CAST(c AS TEXT) FROM t"
    for bad, why in [("json_extract(m, '$.a', '$.b')", "more than one path"), ("json_extract(m, ?)", "literal"),
                     ("json_extract(m, 'a')", "start with"), ("json_extract(m, '$[#-1]')", "no PostgreSQL form")]:
        with pytest.raises(Untranslatable, match=why):
            translate(f"SELECT {bad} FROM t", CATALOG.get)


def test_schema_translation():
    script = """
    CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, raw BLOB, n INTEGER DEFAULT 0);
    CREATE TABLE b (k TEXT NOT NULL, a INTEGER NOT NULL REFERENCES a(id), PRIMARY KEY (k, a)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE a_fts USING fts5(name, content="a", content_rowid="id", tokenize="porter unicode61");
    CREATE TRIGGER a_ai AFTER INSERT ON a BEGIN
        INSERT INTO a_fts(rowid, name) VALUES (new.id, new.name);
    END;
    ALTER TABLE a ADD COLUMN note TEXT;
    INSERT OR REPLACE INTO meta(key, value) VALUES ('x', '1');
    """
    out = translate_script(script)
    assert out[0] == ('CREATE TABLE a (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT COLLATE "C" '
                      'NOT NULL, score DOUBLE PRECISION, raw BYTEA, n BIGINT DEFAULT 0)', False)
    assert out[1] == ('CREATE TABLE b (k TEXT COLLATE "C" NOT NULL, a BIGINT NOT NULL REFERENCES a(id), '
                      'PRIMARY KEY (k, a))', False)
    assert "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(\"name\", ''))) STORED" in out[2][0]
    assert out[3][0].startswith('CREATE INDEX "a_fts" ON "a" USING GIN')
    assert out[4] == ('ALTER TABLE a ADD COLUMN note TEXT COLLATE "C"', False)
    assert out[5] == ("INSERT OR REPLACE INTO meta(key, value) VALUES ('x', '1')", True)  # translated when run
    assert len(out) == 6  # the trigger feeding the FTS5 table is gone
    with pytest.raises(Untranslatable, match="trigger"):
        translate_script("CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END;")
    with pytest.raises(Untranslatable, match="column"):
        translate_script("CREATE TABLE c (x, y TEXT)")


@pytest.mark.parametrize("query, sql, params", [
    ("dam", "phraseto_tsquery(%s::regconfig, %s)", ["english", "dam"]),
    ("dam spillway", "(phraseto_tsquery(%s::regconfig, %s) && phraseto_tsquery(%s::regconfig, %s))",
     ["english", "dam", "english", "spillway"]),
    ('"dam gave" OR flood*', "(phraseto_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s))",
     ["english", "dam gave", "english", "'flood':*"]),
    ("a NOT b", "(phraseto_tsquery(%s::regconfig, %s) && !!phraseto_tsquery(%s::regconfig, %s))",
     ["english", "a", "english", "b"]),
])
def test_fts5_queries_as_tsquery(query, sql, params):
    assert tsquery_sql(query) == (sql, params)


@pytest.mark.parametrize("bad", ['"open', "a AND", "(a OR b", "director-general", "O'Brien", "title: x", "a )"])
def test_fts5_syntax_errors(bad):
    with pytest.raises(QuerySyntaxError):
        tsquery_sql(bad)


STATEMENTS = [
    ("SELECT kind, series FROM discrepancies ORDER BY series, kind", ()),
    ("SELECT kind, series FROM discrepancies ORDER BY series DESC, kind", ()),
    ("SELECT id, name, aliases FROM entities ORDER BY id", ()),
    ("SELECT id FROM entities WHERE id GLOB ? ORDER BY id", ("E1*",)),
    ("SELECT id FROM entities WHERE id GLOB 'E?' ORDER BY id", ()),
    ("SELECT name FROM entities WHERE name LIKE 'mara%'", ()),
    ("SELECT name FROM entities WHERE name LIKE ?", ("%OKON%",)),
    ("SELECT group_concat(name, '|') FROM (SELECT name FROM entities ORDER BY name)", ()),
    ("SELECT id FROM entities WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id", {"ids": '["E1", "E3"]'}),
    ("SELECT max(length(name), 9), min(length(name), 9), ifnull(NULL, 'none'), instr(name, 'a'), char(65) "
     "FROM entities ORDER BY id", ()),
    ("SELECT COUNT(*), SUM(length(name)) FROM entities", ()),
    ("SELECT id FROM entities ORDER BY id LIMIT -1", ()),
    ("SELECT key, type, entity FROM entity_keys ORDER BY key", ()),
    # what the forecasts, dating, misdated and export steps and the web app's queries use
    ("SELECT id, json_extract(attributes, '$.rank'), json_extract(attributes, '$.titles[1]'), "
     "json_extract(attributes, '$.none') FROM entities ORDER BY id", ()),
    ("SELECT id FROM entities WHERE json_extract(attributes, '$.titles') IS NOT NULL ORDER BY id", ()),
    ("SELECT kind FROM discrepancies WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY id",
     ("[2, 3]",)),
    ("SELECT e.id FROM entities e WHERE EXISTS (SELECT 1 FROM json_each(e.aliases) WHERE json_each.value = ?)",
     ("VPA",)),
    ("SELECT id, substr(name, 1, 4), substr(id, 2) FROM entities WHERE substr(id, 1, ?) = ? ORDER BY id", (2, "E1")),
    ("SELECT id FROM entities WHERE id GLOB 'E[0-9]*' AND instr(name, 'r') > 0 ORDER BY id", ()),
    ("SELECT CAST(length(name) AS REAL) / 4, CAST('12' AS INTEGER) + 1 FROM entities ORDER BY id", ()),
    ("SELECT id FROM entities ORDER BY id LIMIT ?", (-1,)),
    ("SELECT id FROM entities ORDER BY id LIMIT :n OFFSET 1", {"n": 1}),
]


def fill(store) -> list:
    db = store.db
    db.execute("PRAGMA foreign_keys=ON")  # a no-op on PostgreSQL
    with store.transaction():
        db.executemany("INSERT INTO discrepancies (kind, description, items, series) VALUES (?,?,?,?)",
                       [("figure", "b", "[]", None), ("attribute", "a", "[]", "S1"), ("figure", "c", "[]", "S0")])
        db.executemany("INSERT INTO entities (id, name, type, aliases, attributes) VALUES (?,?,?,?,?)",
                       [("E1", "Mara Okonjo", "PERSON", '["Okonjo"]', "{}"),
                        ("E12", "Velmora Port Authority", "ORG", '["VPA"]',
                         '{"rank": "agency", "titles": ["port authority", "the VPA"]}'),
                        ("E3", "Ivan Dresner", "PERSON", "[]", "{}")])
        replaced = db.execute("INSERT OR REPLACE INTO entities (id, name, type) VALUES (?,?,?)",
                              ("E1", "Mara K. Okonjo", "PERSON")).rowcount
        kept = db.execute("INSERT OR IGNORE INTO entity_keys (key, type, entity) VALUES (?,?,?)",
                          ("okonjo", "surname", "E1")).rowcount
        ignored = db.execute("INSERT OR IGNORE INTO entity_keys (key, type, entity) VALUES (?,?,?)",
                             ("okonjo", "surname", "E3")).rowcount
    rows = [[tuple(r) for r in store.query(sql, params)] for sql, params in STATEMENTS]
    row = store.query("SELECT id, name FROM entities WHERE id = ?", ("E3",))[0]
    # JSON text built or cut out by the database: the same values (SQLite writes it without spaces)
    built = [json.loads(r[0]) for r in store.query("SELECT json_object('id', id, 'n', length(name), 'aliases', "
                                                   "aliases) FROM entities ORDER BY id")]
    titles = json.loads(store.scalar("SELECT json_extract(attributes, '$.titles') FROM entities WHERE id = 'E12'"))
    return [replaced, kept, ignored, rows, row[0], row["name"], row["NAME"], list(row.keys()), dict(row), built,
            titles]


def test_same_statements_same_rows(tmp_path, pg_url):
    with SQLiteStore(tmp_path / "a.db") as lite, open_store(pg_url) as pg:
        on_sqlite, on_pg = fill(lite), fill(pg)
    assert on_pg == on_sqlite
    rows = on_sqlite[3]
    assert rows[0][0] == ("figure", None)  # nulls first ascending, as SQLite orders them
    assert rows[2][0] == ("E1", "Mara K. Okonjo", "[]")  # REPLACE reset the column it did not name
    assert rows[3] == [("E1",), ("E12",)] and rows[4] == [("E1",), ("E3",)]
    assert rows[5] == [("Mara K. Okonjo",)] and rows[6] == [("Mara K. Okonjo",)]
    assert on_sqlite[:3] == [1, 1, 0]
    assert rows[13] == [("E1", None, None, None), ("E12", "agency", "the VPA", None), ("E3", None, None, None)]
    assert rows[15] == [("attribute",), ("figure",)] and rows[16] == [("E12",)]
    assert rows[17] == [("E1", "Mara", "1"), ("E12", "Velm", "12")]
    assert on_sqlite[9][1] == {"id": "E12", "n": 22, "aliases": '["VPA"]'}
    assert on_sqlite[10] == ["port authority", "the VPA"]
    assert len(rows[20]) == 3 and rows[21] == [("E12",)]  # a negative limit is none


def test_subqueries_in_from_get_a_name():
    sql = translate("SELECT n FROM (SELECT name AS n FROM entities) WHERE n > ? ORDER BY n", CATALOG.get)
    assert sql.startswith("SELECT n FROM (SELECT name AS n FROM entities) AS subquery_1 WHERE n > %s")
    named = translate("SELECT COUNT(*) FROM (SELECT DISTINCT id FROM entities) AS k", CATALOG.get)
    assert "subquery" not in named
    assert "subquery" not in translate("SELECT a FROM t WHERE a IN (SELECT b FROM u)", CATALOG.get)
