"""CSV files: a header row with a `text` column (and optionally date, title, url, source, author,
locale, fiction), one article per row.

A bad row (more cells than the header, no text, broken quoting) is rejected alone as `file:ROW`,
counting rows as a spreadsheet does (the header is row 1). The separator is the one the header row
uses: comma, semicolon or tab.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..records import RawArticle
from .errors import InputError, Rejection
from .fields import article_from_fields

SEPARATORS = ",;\t"
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # an article is one cell: allow long ones


def header_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def csv_columns(text: str) -> list[str] | None:
    """The header row's column names (lowercased), or None when it is not a CSV header with `text`."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    try:
        row = next(csv.reader([first], delimiter=header_separator(first)))
    except (csv.Error, StopIteration):
        return None
    columns = [c.strip().lower() for c in row]
    return columns if len(columns) >= 1 and "text" in columns else None


def read_csv(text: str, *, source: str, path: str) -> Iterator[RawArticle | Rejection]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0].strip("\r")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header_separator(first), strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as err:
        raise InputError(f"CSV header row does not read ({err})") from None
    columns = [c.strip().lower() for c in header]
    if "text" not in columns:
        shown = ", ".join(c for c in columns[:8] if c) or "none"
        raise InputError(f'CSV without a "text" column (columns: {shown})')
    row_number = 1
    rows = 0
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            rows += 1
            reason = f"CSV row does not read ({err})"
            if "unexpected end of data" in str(err):
                reason += ": a quote opened in this row is never closed, so the rows after it are lost in it"
            yield Rejection(f"{source}:{row_number}", reason)
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        rows += 1
        if len(row) > len(columns):
            yield Rejection(f"{source}:{row_number}",
                            f"{len(row)} cells, the header has {len(columns)} (a comma in an unquoted text?)")
            continue
        item = {name: cell for name, cell in zip(columns, row) if name}
        yield article_from_fields(item, where=f"{source}:{row_number}", path=path, fmt="csv")
    if not rows:
        raise InputError("CSV with a header row and no rows")
