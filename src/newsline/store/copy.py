"""`newsline copy SRC DST`: every row of every table from one store into an empty one (SQLite or
PostgreSQL, either way), ids included, then counts and a checksum per table compared on both sides.

The checksum is order-free (the sum of each row's SHA-256, its values in column-name order), so
the two backends agree on it however they return rows; a float, a blob or a NULL that changed on
the way changes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .sqlite import StoreError

CHUNK = 2000


@dataclass
class TableCopy:
    table: str
    source_rows: int
    copied_rows: int
    source_checksum: str
    copied_checksum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.copied_rows and self.source_checksum == self.copied_checksum


def copy_store(src, dst, *, on_table=None) -> list[TableCopy]:
    """Copy `src` into `dst` (both open stores at the same schema version; `dst` empty) in one
    transaction on `dst`; returns the per-table comparison (every `ok` when nothing was lost)."""
    if src.version() != dst.version():
        raise StoreError(f"schema versions differ ({src.path}: {src.version()}, {dst.path}: {dst.version()})")
    tables, theirs = src.tables(), dst.tables()
    if set(tables) != set(theirs) or any(sorted(tables[t]) != sorted(theirs[t]) for t in tables):
        raise StoreError(f"{src.path} and {dst.path} do not have the same tables and columns")
    filled = [t for t in tables if t != "meta" and dst.scalar(f'SELECT COUNT(*) FROM "{t}"')]
    if filled:
        raise StoreError(f"{dst.path} is not empty ({', '.join(sorted(filled))} have rows): copy into a new store")
    order = dependency_order(tables, dst.references())
    with dst.transaction():
        dst.db.execute("DELETE FROM meta")  # the source's settings (schema version, pending relink), not the new store's
        for table in order:
            columns = tables[table]
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            rows = []
            for row in src.stream(f'SELECT {names} FROM "{table}"'):
                rows.append(tuple(row))
                if len(rows) >= CHUNK:
                    dst.db.executemany(insert, rows)
                    rows = []
            if rows:
                dst.db.executemany(insert, rows)
            dst.after_copy(table)
            if on_table:
                on_table(table)
    return compare(src, dst, tables)


def compare(src, dst, tables: dict[str, list[str]]) -> list[TableCopy]:
    out = []
    for table in sorted(tables):
        a_rows, a_sum = table_checksum(src, table, tables[table])
        b_rows, b_sum = table_checksum(dst, table, tables[table])
        out.append(TableCopy(table, a_rows, b_rows, a_sum, b_sum))
    return out


def table_checksum(store, table: str, columns: list[str]) -> tuple[int, str]:
    names = sorted(columns)
    total, count = 0, 0
    for row in store.stream(f'SELECT {", ".join(chr(34) + c + chr(34) for c in names)} FROM "{table}"'):
        digest = hashlib.sha256(json.dumps([plain(v) for v in row], ensure_ascii=False).encode()).digest()
        total = (total + int.from_bytes(digest, "big")) % (1 << 256)
        count += 1
    return count, f"{total:064x}"[:16]


def plain(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, float):
        return {"float": repr(value)}
    return value


def dependency_order(tables: dict[str, list[str]], references: dict[str, set[str]]) -> list[str]:
    """Tables with the ones they refer to (foreign keys) first."""
    order: list[str] = []

    def visit(table: str, path: tuple[str, ...] = ()) -> None:
        if table in order or table in path:
            return
        for other in sorted(references.get(table, ())):
            if other in tables and other != table:
                visit(other, path + (table,))
        order.append(table)

    for table in sorted(tables):
        visit(table)
    return order
