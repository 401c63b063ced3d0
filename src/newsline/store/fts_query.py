"""A search query in SQLite FTS5's syntax as a PostgreSQL tsquery expression, so `newsline search`
takes the same queries on both backends (and refuses the same ones: the API then searches for the
text as a phrase, as it does on SQLite).

Read: words and "quoted phrases" (ANDed when side by side), `word*` and `"a phrase"*` prefixes,
`+` joining phrases, AND, OR, NOT (binary, as in FTS5: `a NOT b`), parentheses, `NEAR(a b, N)`
(read as AND: PostgreSQL has no "within N words"), a `text:` column filter and `^`. Words go
through PostgreSQL's english configuration (stemming like FTS5's porter tokenizer; stop words,
which FTS5 keeps, are dropped).
"""

from __future__ import annotations

import re

CONFIG = "english"
BAREWORD = re.compile(r"[\w\x1a\u0080-\U0010ffff]+")
COLUMNS = {"text"}


class QuerySyntaxError(ValueError):
    pass


def tsquery_sql(query: str) -> tuple[str, list[str]]:
    """(an SQL expression of type tsquery with %s placeholders, its parameters)."""
    parser = _Parser(tokens(query))
    if parser.at_end():
        return "to_tsquery(%s::regconfig, '')", [CONFIG]
    sql, params = parser.expression()
    if not parser.at_end():
        raise QuerySyntaxError(f"fts5: syntax error near \"{parser.peek()[1]}\"")
    return sql, params


def tokens(query: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(query):
        ch = query[pos]
        if ch.isspace():
            pos += 1
        elif ch == '"':
            end, text = pos + 1, []
            while True:
                if end >= len(query):
                    raise QuerySyntaxError("fts5: unterminated string")
                if query[end] == '"':
                    if query[end + 1:end + 2] == '"':
                        text.append('"')
                        end += 2
                        continue
                    break
                text.append(query[end])
                end += 1
            out.append(("string", "".join(text)))
            pos = end + 1
        elif ch in "()*+:^,{}-":
            out.append(("op", ch))
            pos += 1
        else:
            m = BAREWORD.match(query, pos)
            if not m:
                raise QuerySyntaxError(f"fts5: syntax error near \"{ch}\"")
            word = m.group()
            out.append(("op", word) if word in ("AND", "OR", "NOT") else ("word", word))
            pos = m.end()
    return out


class _Parser:
    def __init__(self, toks: list[tuple[str, str]]):
        self.toks = toks
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.toks)

    def peek(self) -> tuple[str, str]:
        return self.toks[self.pos] if not self.at_end() else ("end", "")

    def take(self, text: str) -> bool:
        if self.peek() == ("op", text):
            self.pos += 1
            return True
        return False

    def expression(self) -> tuple[str, list[str]]:  # OR binds loosest
        sql, params = self.conjunction()
        while self.take("OR"):
            right, more = self.conjunction()
            sql, params = f"({sql} || {right})", params + more
        return sql, params

    def conjunction(self) -> tuple[str, list[str]]:  # AND, or phrases side by side
        sql, params = self.negation()
        while True:
            if self.take("AND"):
                pass
            elif self.at_end() or self.peek() in (("op", "OR"), ("op", ")")):
                return sql, params
            right, more = self.negation()
            sql, params = f"({sql} && {right})", params + more

    def negation(self) -> tuple[str, list[str]]:  # NOT binds tightest: a NOT b
        sql, params = self.primary()
        while self.take("NOT"):
            right, more = self.primary()
            sql, params = f"({sql} && !!{right})", params + more
        return sql, params

    def primary(self) -> tuple[str, list[str]]:
        if self.take("("):
            sql, params = self.expression()
            if not self.take(")"):
                raise QuerySyntaxError("fts5: syntax error: unbalanced parentheses")
            return sql, params
        kind, text = self.peek()
        if kind == "word" and text == "NEAR" and self.toks[self.pos + 1:self.pos + 2] == [("op", "(")]:
            return self.near()
        if kind == "word" and self.toks[self.pos + 1:self.pos + 2] == [("op", ":")]:
            if text not in COLUMNS:
                raise QuerySyntaxError(f"fts5: no such column: {text}")
            self.pos += 2
            return self.primary()
        self.take("^")
        return self.phrase()

    def near(self) -> tuple[str, list[str]]:
        self.pos += 2
        parts: list[tuple[str, list[str]]] = []
        while not self.take(")"):
            if self.take(","):
                if self.peek()[0] != "word" or not self.peek()[1].isdigit():
                    raise QuerySyntaxError("fts5: expected a number after ',' in NEAR")
                self.pos += 1
                continue
            if self.at_end():
                raise QuerySyntaxError("fts5: syntax error: unbalanced parentheses")
            parts.append(self.phrase())
        if not parts:
            raise QuerySyntaxError("fts5: empty NEAR group")
        sql = " && ".join(p[0] for p in parts)
        return f"({sql})", [x for p in parts for x in p[1]]

    def phrase(self) -> tuple[str, list[str]]:
        words: list[str] = []
        while True:
            kind, text = self.peek()
            if kind not in ("word", "string"):
                raise QuerySyntaxError(f"fts5: syntax error near \"{text}\"" if text else "fts5: syntax error")
            self.pos += 1
            words.append(text)
            if not self.take("+"):
                break
        joined = " ".join(words)
        if self.take("*"):
            pieces = joined.split()
            if not pieces:
                raise QuerySyntaxError("fts5: syntax error near \"*\"")
            lexemes = " <-> ".join(quote_lexeme(w) for w in pieces) + ":*"
            return "to_tsquery(%s::regconfig, %s)", [CONFIG, lexemes]
        return "phraseto_tsquery(%s::regconfig, %s)", [CONFIG, joined]


def quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
