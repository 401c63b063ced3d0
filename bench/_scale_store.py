"""Large stores for bench/scale, built by copying an analysed and linked base store with new ids.

Analysing 100,000 articles takes hours here, so a store of N articles is N / B copies ("blocks")
of a base of B articles that were really ingested (analysed and linked). Block k is the base story
told k years later: every article, sentence, mention, time expression, claim and event mention is
copied with a new id, its dates moved k years on (event keys' day numbers too), its events, figure
series and near-duplicate bands its own; the people and organisations are the base's entities
(a recurring cast: their mentions accumulate across blocks). New articles ingested afterwards are
fresh texts about the base story, so they meet block 0 as a new report meets its story's coverage
and meet the other blocks only through the shared entities.

Forecasts are copied unsettled: the reduce step run after the copy (bench/scale's catch-up) files
and settles them, as their ingest would have. What this does not reproduce: entity rows (aliases, titles) do not grow with the copies, and every
block has the same shape, where a real archive's stories differ in size.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?=-|\b)")
DAY_KEY = re.compile(r"^([dfr])(\d+)\|")  # an event or report key by day number
BLOCK_TABLES = ["articles", "article_sources", "sentences", "mentions", "timexes", "quotes", "claims",
                "claim_series", "forecasts", "events", "event_mentions", "event_keys", "article_signatures",
                "article_bands", "discrepancies"]
SHARED_TABLES = ["meta", "entities", "entity_keys", "rejections"]


def shift_years(value, k: int):
    if not k or not isinstance(value, str):
        return value
    return YEAR.sub(lambda m: str(int(m.group(1)) + k), value)


def shift_ordinal(ordinal: int, k: int) -> int:
    day = dt.date.fromordinal(ordinal)
    try:
        return day.replace(year=day.year + k).toordinal()
    except ValueError:  # 29 February
        return day.replace(year=day.year + k, day=28).toordinal()


def new_id(old: str, k: int, length: int = 16) -> str:
    return hashlib.sha256(f"{old}:{k}".encode()).hexdigest()[:length]


class Blocks:
    """Rows of the base store, turned into block k's rows table by table."""

    def __init__(self, base):
        self.columns = base.tables()
        self.rows = {t: [dict(zip(self.columns[t], r)) for r in
                         base.query(f'SELECT {", ".join(chr(34) + c + chr(34) for c in self.columns[t])} FROM "{t}"')]
                     for t in BLOCK_TABLES + SHARED_TABLES}
        self.size = len(self.rows["articles"])
        self.max_id = {t: max((r["id"] for r in self.rows[t]), default=0) + 1
                       for t in BLOCK_TABLES if "id" in self.columns[t] and t not in ("articles", "events", "claim_series")}
        self.max_seq = max(r["seq"] for r in self.rows["articles"])

    def table_rows(self, table: str, k: int):
        cols = self.columns[table]
        for row in self.rows[table]:
            out = dict(row) if k else row
            if k:
                self.transform(table, out, k)
            yield tuple(out[c] for c in cols)

    def transform(self, table: str, r: dict, k: int) -> None:
        art = lambda a: new_id(a, k) if a else a  # noqa: E731
        if "id" in r and table in self.max_id:
            r["id"] += k * self.max_id[table]
        if "article" in r and table != "articles":
            r["article"] = art(r["article"])
        if table == "articles":
            r["id"], r["content_hash"] = art(r["id"]), new_id(r["content_hash"], k, 64)
            r["seq"] += k * self.max_seq
            r["near_duplicate_of"] = art(r["near_duplicate_of"])
            r["revision_key"] = f"{r['revision_key']}#{k}" if r["revision_key"] else None
            r["source"] = f"{r['source']}#{k}"
            for f in ("date", "stated_date", "stated_date_raw", "date_from", "date_to"):
                r[f] = shift_years(r[f], k)
            meta = json.loads(r["meta"] or "{}")
            if meta.get("content_date_window"):  # when a misdated article's forecasts were made
                meta["content_date_window"] = [shift_years(d, k) for d in meta["content_date_window"]]
                r["meta"] = json.dumps(meta, ensure_ascii=False)
        elif table == "forecasts":
            for f in ("stated_on", "horizon", "horizon_value", "resolved_on"):
                r[f] = shift_years(r[f], k)
            if r["restates"]:
                r["restates"] += k * self.max_id["forecasts"]
            r["checked"] = 0  # the catch-up files and settles them, as the ingest that stored them would have
        elif table == "timexes":
            r["value"] = shift_years(r["value"], k)
        elif table == "claims":
            r["series"] = f"{r['series']}~{k}" if r["series"] else None
            r["as_of"], r["as_of_value"] = shift_years(r["as_of"], k), shift_years(r["as_of_value"], k)
        elif table == "claim_series":
            r["id"], r["key"] = f"{r['id']}~{k}", f"{r['key']}~{k}"
            r["first_as_of"], r["last_as_of"] = shift_years(r["first_as_of"], k), shift_years(r["last_as_of"], k)
        elif table == "events":
            r["id"] = f"{r['id']}~{k}"
            r["date"], r["date_end"] = shift_years(r["date"], k), shift_years(r["date_end"], k)
            r["summary_article"] = art(r["summary_article"])
        elif table == "event_mentions":
            r["event"] = f"{r['event']}~{k}" if r["event"] else None
            r["date"], r["date_end"] = shift_years(r["date"], k), shift_years(r["date_end"], k)
            r["text_key"] = new_id(r["text_key"], k, 40) if r["text_key"] else None
        elif table == "event_keys":
            r["mention"] += k * self.max_id["event_mentions"]
            m = DAY_KEY.match(r["key"])
            if m:
                r["key"] = f"{m.group(1)}{shift_ordinal(int(m.group(2)), k)}|" + r["key"][m.end():]
            else:
                r["key"] = shift_years(r["key"], k)
        elif table == "article_bands":
            r["band"] = f"{r['band']}~{k}"
        elif table == "discrepancies":
            r["series"] = f"{r['series']}~{k}" if r["series"] else None
            items = json.loads(r["items"])
            for item in items:
                if item.get("article"):
                    item["article"] = art(item["article"])
            r["items"] = json.dumps(items, ensure_ascii=False)


def build(base, target, blocks: int) -> int:
    """Fill the empty store `target` with `blocks` copies of `base`; returns the articles written."""
    source = Blocks(base)
    order = [t for t in dependency_order(base) if t in BLOCK_TABLES + SHARED_TABLES]
    bulk = bulk_writer(target)
    with target.transaction():
        target.db.execute("DELETE FROM meta")
        for table in order:
            ks = [0] if table in SHARED_TABLES else range(blocks)
            for k in ks:
                bulk(table, source.columns[table], source.table_rows(table, k))
    for table in order:
        target.after_copy(table)
    if target.backend == "postgresql":
        target.db.raw("ANALYZE")
    return source.size * blocks


def dependency_order(store) -> list[str]:
    from newsline.store.copy import dependency_order as order

    return order(store.tables(), store.references())


def bulk_writer(store):
    if store.backend == "postgresql":
        def write(table, columns, rows):
            names = ", ".join(f'"{c}"' for c in columns)
            with store.db.conn.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        return write

    def write(table, columns, rows):
        names = ", ".join(f'"{c}"' for c in columns)
        store.db.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    return write
