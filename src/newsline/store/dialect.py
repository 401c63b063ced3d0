"""The project's SQL (SQLite's dialect) translated for PostgreSQL, so every reader and writer keeps
one set of statements and one set of migrations.

Statements (`translate`): `?` and `:name` placeholders; `INSERT OR REPLACE` becomes an upsert on
the table's primary key that also resets the columns it does not name (what SQLite's delete-and-
insert does); `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`; `ORDER BY` keeps SQLite's
null ordering (nulls first ascending); `GLOB`, `LIKE` (case-insensitive in SQLite),
`json_each` (over an array; its `value` is text, so cast it where it meets a number),
`json_extract` (a literal path; the value comes back as text, an array or object as its JSON
text), `json_object`, `group_concat`, `ifnull`, `instr`, `char`, `CAST(x AS INTEGER | REAL)`
(64-bit and double, as in SQLite) and the two-argument `max`/`min` become their PostgreSQL forms;
`LIMIT -1` (or a negative value for `LIMIT ?`) is no limit, as in SQLite.

Schema scripts (`translate_script`): column types (INTEGER PRIMARY KEY -> identity, REAL ->
double precision, BLOB -> bytea, TEXT -> text in byte order, as SQLite compares it); an FTS5
table over a content table becomes a generated tsvector column with a GIN index (and the
triggers that fed the FTS5 table go, the column keeps itself current); `WITHOUT ROWID` goes.
Whatever cannot be translated raises `Untranslatable` naming the statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

FTS_COLUMN = "fts"  # the tsvector column an FTS5 table becomes
FTS_CONFIG = "english"  # PostgreSQL's text search configuration (stemming like FTS5's porter)


class Untranslatable(Exception):
    """A statement in the SQLite dialect with no PostgreSQL form here."""


TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>--[^\n]*|/\*.*?\*/)
    |(?P<string>'(?:[^']|'')*')
    |(?P<ident>"(?:[^"]|"")*"|`[^`]*`)
    |(?P<param>\?\d*|:[A-Za-z_]\w*)
    |(?P<word>[A-Za-z_][\w$]*)
    |(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
    |(?P<op>\|\||<=|>=|<>|!=|==|<<|>>|[-+*/%<>=~(),.;&|^!@\[\]{}:$])""",
    re.S | re.X,
)


@dataclass
class Tok:
    kind: str
    text: str

    @property
    def up(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def name(self) -> str:
        """An identifier without its quotes."""
        if self.kind == "ident":
            return self.text[1:-1].replace('""', '"')
        return self.text.lower() if self.kind == "word" else self.text


def tokenize(sql: str) -> list[Tok]:
    out, pos = [], 0
    while pos < len(sql):
        m = TOKEN.match(sql, pos)
        if not m:
            raise Untranslatable(f"cannot read SQL at {sql[pos:pos + 30]!r}")
        out.append(Tok(m.lastgroup, m.group()))
        pos = m.end()
    return out


def render(tokens: list[Tok]) -> str:
    return "".join(t.text for t in tokens)


def significant(tokens: list[Tok]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.kind not in ("ws", "comment")]


def closing(tokens: list[Tok], open_at: int) -> int:
    """The index of the parenthesis closing the one at `open_at`."""
    depth = 0
    for i in range(open_at, len(tokens)):
        if tokens[i].text == "(":
            depth += 1
        elif tokens[i].text == ")":
            depth -= 1
            if depth == 0:
                return i
    raise Untranslatable("unbalanced parentheses")


def split_args(tokens: list[Tok], open_at: int, close_at: int) -> list[tuple[int, int]]:
    """(start, end) token ranges of the comma-separated arguments between two parentheses."""
    ranges, depth, start = [], 0, open_at + 1
    for i in range(open_at + 1, close_at):
        if tokens[i].text == "(":
            depth += 1
        elif tokens[i].text == ")":
            depth -= 1
        elif tokens[i].text == "," and depth == 0:
            ranges.append((start, i))
            start = i + 1
    ranges.append((start, close_at))
    return ranges


# -- statements --------------------------------------------------------------------------------

@dataclass
class Table:
    """What an upsert needs of a table: its columns (generated ones left out) and its key."""

    columns: list[str]
    key: list[str]
    uniques: list[list[str]]


Catalog = Callable[[str], "Table | None"]


def translate(sql: str, catalog: Catalog) -> str:
    """One statement (or several, without placeholders) in SQLite's dialect -> PostgreSQL, with
    psycopg's `%s` / `%(name)s` placeholders (and `%` doubled)."""
    tokens = tokenize(sql)
    tokens = rewrite_functions(tokens)
    tokens = rewrite_operators(tokens)
    tokens = rewrite_order_by(tokens)
    tokens = rewrite_insert(tokens, catalog)
    tokens = name_subqueries(tokens)
    out = []
    for t in tokens:
        if t.kind == "param":
            if t.text == "?":
                out.append("%s")
            elif t.text.startswith(":"):
                out.append(f"%({t.text[1:]})s")
            else:
                raise Untranslatable(f"numbered placeholder {t.text} (use ? or :name)")
        else:
            out.append(t.text.replace("%", "%%"))
    return "".join(out)


FUNCTIONS = {"IFNULL": "coalesce", "INSTR": "strpos", "CHAR": "chr"}


def rewrite_functions(tokens: list[Tok]) -> list[Tok]:
    out = list(tokens)
    i = 0
    while i < len(out):
        t = out[i]
        nxt = next_significant(out, i)
        if t.kind == "word" and nxt is not None and out[nxt].text == "(" and not is_qualified(out, i):
            name = t.up
            close = closing(out, nxt)
            args = split_args(out, nxt, close)
            if name in FUNCTIONS:
                out[i] = Tok("word", FUNCTIONS[name])
            elif name in ("MAX", "MIN") and len(args) > 1:
                out[i] = Tok("word", "GREATEST" if name == "MAX" else "LEAST")
            elif name == "GROUP_CONCAT":
                first = out[args[0][0]:args[0][1]]
                sep = out[args[1][0]:args[1][1]] if len(args) > 1 else [Tok("string", "','")]
                out[i:close + 1] = ([Tok("word", "string_agg"), Tok("op", "("), Tok("word", "CAST"), Tok("op", "(")]
                                    + first + [Tok("ws", " "), Tok("word", "AS"), Tok("ws", " "), Tok("word", "text"),
                                               Tok("op", ")"), Tok("op", ",")] + sep + [Tok("op", ")")])
            elif name == "JSON_EACH":
                inner = out[nxt + 1:close]
                after = next_significant(out, close)
                # unnamed, it is still `json_each` (json_each.value), as in SQLite
                alias = [] if after is not None and (out[after].up == "AS" or out[after].kind == "ident" or (
                    out[after].kind == "word" and out[after].up not in AFTER_FROM_ITEM)) else [
                    Tok("ws", " "), Tok("word", "AS"), Tok("ws", " "), Tok("word", "json_each")]
                out[i:close + 1] = ([Tok("word", "json_array_elements_text"), Tok("op", "(")] + as_json(inner)
                                    + [Tok("op", ")")] + alias)
            elif name == "JSON_EXTRACT":
                if len(args) != 2:
                    raise Untranslatable("json_extract with more than one path (SQLite's array of values)")
                path = out[args[1][0]:args[1][1]]
                literal = [t for t in path if t.kind not in ("ws", "comment")]
                if len(literal) != 1 or literal[0].kind != "string":
                    raise Untranslatable("json_extract with a path that is not a string literal")
                keys = json_path(literal[0].text[1:-1].replace("''", "'"))
                out[i:close + 1] = ([Tok("op", "("), Tok("op", "(")] + as_json(out[args[0][0]:args[0][1]])
                                    + [Tok("op", ")"), Tok("ws", " "), Tok("op", "#>>"), Tok("ws", " "),
                                       Tok("string", "'" + keys.replace("'", "''") + "'"), Tok("op", ")")])
            elif name == "JSON_OBJECT":
                out[i:close + 1] = ([Tok("word", "CAST"), Tok("op", "("), Tok("word", "json_build_object")]
                                    + out[nxt:close + 1] + [Tok("ws", " "), Tok("word", "AS"), Tok("ws", " "),
                                                            Tok("word", "text"), Tok("op", ")")])
            elif name == "CAST":
                as_at = next((k for k in range(close - 1, nxt, -1) if out[k].up == "AS"), None)
                target = [k for k in range(as_at + 1, close) if out[k].kind not in ("ws", "comment")] if as_at else []
                if len(target) == 1 and out[target[0]].up in CASTS:
                    out[target[0]] = Tok("word", CASTS[out[target[0]].up])
        i += 1
    return out


CASTS = {"INTEGER": "BIGINT", "INT": "BIGINT", "REAL": "DOUBLE PRECISION", "FLOAT": "DOUBLE PRECISION"}
JSON_STEP = re.compile(r'\.(?:"((?:[^"\\]|\\.)*)"|([^.\[]+))|\[(\d+)\]')


def as_json(expr: list[Tok]) -> list[Tok]:
    return ([Tok("word", "CAST"), Tok("op", "(")] + expr
            + [Tok("ws", " "), Tok("word", "AS"), Tok("ws", " "), Tok("word", "json"), Tok("op", ")")])


def json_path(path: str) -> str:
    """SQLite's JSON path ('$.a.b[1]', '$."a b"') as a PostgreSQL text array ('{a,b,1}')."""
    if not path.startswith("$"):
        raise Untranslatable(f"JSON path {path!r}: it must start with $")
    keys, pos = [], 1
    while pos < len(path):
        m = JSON_STEP.match(path, pos)
        if not m:
            raise Untranslatable(f"JSON path {path!r}: no PostgreSQL form here for {path[pos:]!r}")
        keys.append(m.group(1) if m.group(1) is not None else m.group(2) or m.group(3))
        pos = m.end()
    return "{" + ",".join('"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys) + "}"


def next_significant(tokens: list[Tok], i: int) -> int | None:
    for j in range(i + 1, len(tokens)):
        if tokens[j].kind not in ("ws", "comment"):
            return j
    return None


def prev_significant(tokens: list[Tok], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if tokens[j].kind not in ("ws", "comment"):
            return j
    return None


def is_qualified(tokens: list[Tok], i: int) -> bool:
    before = prev_significant(tokens, i)
    return before is not None and tokens[before].text == "."


def operand_end(tokens: list[Tok], start: int) -> int:
    """The last token of the operand starting at `start`: a value, a (qualified) name, a call or a
    parenthesised expression."""
    j = start
    if tokens[j].text == "(":
        return closing(tokens, j)
    while True:
        nxt = next_significant(tokens, j)
        if nxt is not None and tokens[nxt].text == "(" and tokens[j].kind in ("word", "ident"):
            return closing(tokens, nxt)
        if nxt is not None and tokens[nxt].text == "." and tokens[j].kind in ("word", "ident"):
            j = next_significant(tokens, nxt)
            continue
        return j


def rewrite_operators(tokens: list[Tok]) -> list[Tok]:
    out = list(tokens)
    i = 0
    while i < len(out):
        t = out[i]
        if t.up == "LIKE":
            out[i] = Tok("word", "ILIKE")
        elif t.up == "GLOB":
            start = next_significant(out, i)
            end = operand_end(out, start)
            pattern = out[start:end + 1]
            # a glob pattern as a regular expression: escape what regexes read, then * and ? (classes stay)
            expr = ([Tok("op", "~"), Tok("ws", " "), Tok("op", "("), Tok("string", "'^'"), Tok("op", "||"),
                     Tok("word", "replace"), Tok("op", "("), Tok("word", "replace"), Tok("op", "("),
                     Tok("word", "regexp_replace"), Tok("op", "(")] + pattern
                    + [Tok("op", ","), Tok("string", r"'([.+(){}^$|\\])'"), Tok("op", ","),
                       Tok("string", r"'\\\1'"), Tok("op", ","), Tok("string", "'g'"), Tok("op", ")"),
                       Tok("op", ","), Tok("string", "'*'"), Tok("op", ","), Tok("string", "'.*'"), Tok("op", ")"),
                       Tok("op", ","), Tok("string", "'?'"), Tok("op", ","), Tok("string", "'.'"), Tok("op", ")"),
                       Tok("op", "||"), Tok("string", "'$'"), Tok("op", ")")])
            out[i:end + 1] = expr
            i += len(expr)
            continue
        elif t.up == "LIMIT":
            nxt = next_significant(out, i)
            after = next_significant(out, nxt) if nxt is not None else None
            if nxt is not None and out[nxt].text == "-" and after is not None and out[after].kind == "number":
                out[nxt:after + 1] = [Tok("word", "ALL")]  # LIMIT -1: no limit
            elif nxt is not None and out[nxt].kind == "param":  # a negative limit given as a value: no limit too
                out[nxt:nxt + 1] = [Tok("word", "NULLIF"), Tok("op", "("), Tok("word", "GREATEST"), Tok("op", "("),
                                    out[nxt], Tok("op", ","), Tok("ws", " "), Tok("number", "-1"), Tok("op", ")"),
                                    Tok("op", ","), Tok("ws", " "), Tok("number", "-1"), Tok("op", ")")]
        i += 1
    return out


AFTER_FROM_ITEM = {"WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "JOIN", "LEFT", "INNER",
                   "CROSS", "NATURAL", "ON", "HAVING", "WINDOW"}


def name_subqueries(tokens: list[Tok]) -> list[Tok]:
    """A subquery in FROM needs a name in PostgreSQL (before 16); SQLite lets it go unnamed."""
    out = list(tokens)
    count = 0
    for i in range(len(out) - 1, -1, -1):
        if out[i].text != "(":
            continue
        before = prev_significant(out, i)
        after = next_significant(out, i)
        if before is None or out[before].up not in ("FROM", "JOIN") and out[before].text != ",":
            continue
        if after is None or out[after].up not in ("SELECT", "WITH", "VALUES"):
            continue
        if out[before].text == "," and not in_from_list(out, before):
            continue
        close = closing(out, i)
        nxt = next_significant(out, close)
        if nxt is None or out[nxt].text in (")", ";", ",") or out[nxt].up in AFTER_FROM_ITEM:
            count += 1
            out.insert(close + 1, Tok("word", f" AS subquery_{count}"))
    return out


def in_from_list(tokens: list[Tok], comma: int) -> bool:
    """Whether this comma separates FROM items (the nearest keyword before it at its depth is FROM)."""
    depth = 0
    for j in range(comma - 1, -1, -1):
        if tokens[j].text == ")":
            depth += 1
        elif tokens[j].text == "(":
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and tokens[j].up in ("FROM", "SELECT", "WHERE", "BY", "VALUES", "SET"):
            return tokens[j].up == "FROM"
    return False


ORDER_STOP = {"LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "ON", "RETURNING"}


def rewrite_order_by(tokens: list[Tok]) -> list[Tok]:
    """Nulls first in ascending order, last in descending (SQLite's order; PostgreSQL's is the reverse)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i].up == "ORDER":
            by = next_significant(out, i)
            if by is None or out[by].up != "BY":
                i += 1
                continue
            depth, j, term_start, terms = 0, by + 1, by + 1, []
            while j < len(out):
                t = out[j]
                if t.text == "(":
                    depth += 1
                elif t.text == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and (t.text in (",", ";") or t.up in ORDER_STOP):
                    terms.append((term_start, j))
                    if t.text != ",":
                        break
                    term_start = j + 1
                j += 1
            else:
                terms.append((term_start, j))
            if not terms or terms[-1][1] < j:
                terms.append((term_start, j))
            for start, end in reversed(terms):
                words = [out[k].up for k in range(start, end) if out[k].kind == "word"]
                if "NULLS" in words:
                    continue
                last = prev_significant(out, end)
                if last is None or last < start:
                    continue
                nulls = " NULLS LAST" if out[last].up == "DESC" else " NULLS FIRST"
                out.insert(last + 1, Tok("word", nulls))
            i = by + 1
            continue
        i += 1
    return out


def rewrite_insert(tokens: list[Tok], catalog: Catalog) -> list[Tok]:
    sig = significant(tokens)
    if len(sig) < 4:
        return tokens
    first = [tokens[k].up for k in sig[:4]]
    if first[0] == "REPLACE" and first[1] == "INTO":
        action, verb_end, table_at = "REPLACE", sig[0], sig[2]
    elif first[0] == "INSERT" and first[1] == "OR" and first[3] == "INTO":
        action, verb_end, table_at = first[2], sig[2], sig[4]
    else:
        return tokens
    if action not in ("REPLACE", "IGNORE"):
        raise Untranslatable(f"INSERT OR {action}")
    table = tokens[table_at].name
    after_table = next_significant(tokens, table_at)
    columns: list[str] = []
    if after_table is not None and tokens[after_table].text == "(":
        close = closing(tokens, after_table)
        columns = [tokens[k].name for k in range(after_table + 1, close) if tokens[k].kind in ("word", "ident")]
    head = [Tok("word", "INSERT")]
    out = head + tokens[verb_end + 1:]
    end = len(out)
    while end and (out[end - 1].kind in ("ws", "comment") or out[end - 1].text == ";"):
        end -= 1
    tail = out[end:]
    body = out[:end]
    if action == "IGNORE":
        return body + [Tok("word", " ON CONFLICT DO NOTHING")] + tail
    info = catalog(table)
    if info is None:
        raise Untranslatable(f"INSERT OR REPLACE into {table}: no such table")
    columns = columns or info.columns
    target = conflict_target(info, columns)
    if target is None:
        raise Untranslatable(f"INSERT OR REPLACE into {table}: the statement names none of its keys")
    sets = [f"{quote(c)} = EXCLUDED.{quote(c)}" if c in columns else f"{quote(c)} = DEFAULT"
            for c in info.columns if c not in target]
    clause = f" ON CONFLICT ({', '.join(quote(c) for c in target)}) DO " + (
        f"UPDATE SET {', '.join(sets)}" if sets else "NOTHING")
    return body + [Tok("word", clause)] + tail


def conflict_target(info: Table, columns: list[str]) -> list[str] | None:
    for key in [info.key, *info.uniques]:
        if key and all(c in columns for c in key):
            return key
    return None


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- schema scripts ------------------------------------------------------------------------------

def split_statements(script: str) -> list[list[Tok]]:
    """A script's statements, each as tokens; a trigger's BEGIN ... END body stays whole."""
    statements, current, in_trigger = [], [], False
    for tok in tokenize(script):
        current.append(tok)
        words = [t.up for t in current if t.kind == "word"]
        if words[:2] == ["CREATE", "TRIGGER"] or words[:3] in (["CREATE", "TEMP", "TRIGGER"],
                                                              ["CREATE", "TEMPORARY", "TRIGGER"]):
            in_trigger = True
        if tok.text == ";":
            if in_trigger and (len(words) < 1 or words[-1] != "END"):
                continue
            body = current[:-1]
            if significant(body):
                statements.append(body)
            current, in_trigger = [], False
    if significant(current):
        statements.append(current)
    return statements


TYPES = {"INTEGER": "BIGINT", "INT": "BIGINT", "BIGINT": "BIGINT", "REAL": "DOUBLE PRECISION",
         "FLOAT": "DOUBLE PRECISION", "DOUBLE": "DOUBLE PRECISION", "BLOB": "BYTEA", "TEXT": 'TEXT COLLATE "C"',
         "NUMERIC": "NUMERIC", "BOOLEAN": "BOOLEAN"}
CONSTRAINT_WORDS = {"PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"}


def translate_script(script: str) -> list[tuple[str, bool]]:
    """A migration script -> PostgreSQL statements in order, each with whether it is still to go through
    `translate` (statements other than schema changes: run it when the tables before it exist)."""
    out: list[tuple[str, bool]] = []
    fts_tables: dict[str, str] = {}
    for tokens in split_statements(script):
        words = [t.up for t in tokens if t.kind == "word"]
        text = render(tokens).strip()
        if words[:3] == ["CREATE", "VIRTUAL", "TABLE"]:
            out += [(sql, False) for sql in fts_table(tokens, fts_tables)]
        elif "TRIGGER" in words[:3] and words[0] == "CREATE":
            if not any(name in render(tokens) for name in fts_tables):
                raise Untranslatable(f"trigger with no PostgreSQL form here: {text[:80]}")
            # it fed an FTS5 table: the generated column does that now
        elif words[:2] == ["CREATE", "TABLE"]:
            out.append((render(create_table(tokens)).strip(), False))
        elif words[:2] == ["ALTER", "TABLE"] and "ADD" in words:
            out.append((render(add_column(tokens)).strip(), False))
        elif words and words[0] == "PRAGMA":
            continue
        else:
            out.append((text, words[0] in ("INSERT", "REPLACE", "UPDATE", "DELETE", "SELECT", "WITH")))
    return out


def fts_table(tokens: list[Tok], fts_tables: dict[str, str]) -> list[str]:
    sig = significant(tokens)
    name = tokens[sig[3]].name
    using = [t.up for t in tokens if t.kind == "word"]
    if "FTS5" not in using:
        raise Untranslatable(f"virtual table {name}: only FTS5 tables have a PostgreSQL form here")
    open_at = next(i for i, t in enumerate(tokens) if t.text == "(")
    args = split_args(tokens, open_at, closing(tokens, open_at))
    columns, options = [], {}
    for start, end in args:
        part = [t for t in tokens[start:end] if t.kind not in ("ws", "comment")]
        if len(part) >= 3 and part[1].text == "=":
            options[part[0].name] = part[2].name.strip("'\"")
        elif part:
            columns.append(part[0].name)
    content = options.get("content")
    if not content:
        raise Untranslatable(f"FTS5 table {name} without a content table")
    fts_tables[name] = content
    vector = " || ' ' || ".join(f"coalesce({quote(c)}, '')" for c in columns)
    return [
        f"ALTER TABLE {quote(content)} ADD COLUMN {FTS_COLUMN} tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{FTS_CONFIG}'::regconfig, {vector})) STORED",
        f"CREATE INDEX {quote(name)} ON {quote(content)} USING GIN ({FTS_COLUMN})",
    ]


def create_table(tokens: list[Tok]) -> list[Tok]:
    out = list(tokens)
    open_at = next(i for i, t in enumerate(out) if t.text == "(")
    close = closing(out, open_at)
    rest = [t.up for t in out[close + 1:] if t.kind == "word"]
    rowid = rest != ["WITHOUT", "ROWID"]
    if not rowid:  # drop WITHOUT ROWID (every PostgreSQL table is keyed the same way)
        out = out[:close + 1]
    for start, end in reversed(split_args(out, open_at, close)):
        out[start:end] = column_def(out[start:end], rowid)
    return out


def add_column(tokens: list[Tok]) -> list[Tok]:
    sig = significant(tokens)
    at = next(k for k in sig if tokens[k].up == "ADD")
    after = next_significant(tokens, at)
    if tokens[after].up == "COLUMN":
        at = after
    return tokens[:at + 1] + column_def(tokens[at + 1:], rowid=False)


def column_def(part: list[Tok], rowid: bool) -> list[Tok]:
    sig = significant(part)
    if not sig or part[sig[0]].up in CONSTRAINT_WORDS:
        return part
    if len(sig) < 2 or part[sig[1]].up not in TYPES:
        raise Untranslatable(f"column {render(part).strip()!r}: give it one of the types {', '.join(TYPES)}")
    type_at = sig[1]
    words = [part[k].up for k in sig]
    new_type = TYPES[part[type_at].up]
    if rowid and part[type_at].up == "INTEGER" and words[2:4] == ["PRIMARY", "KEY"]:
        new_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY"  # SQLite's rowid alias
    out = part[:type_at] + [Tok("word", new_type)] + part[type_at + 1:]
    return [t for t in out if t.up != "AUTOINCREMENT"]
