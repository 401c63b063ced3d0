"""CSV: one file per record kind (articles.csv, timexes.csv, ...), nested fields as JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .build import ARRAYS

COLUMNS = {
    "articles": ["id", "source", "title", "outlet", "stated_date", "date", "date_source", "date_window",
                 "date_confidence", "flags", "url", "format", "word_count"],
    "timexes": ["article", "tid", "text", "start", "end", "type", "value", "mod", "anchor", "sentence"],
    "entities": ["id", "name", "type", "aliases", "attributes", "mentions"],
    "quotes": ["article", "text", "start", "end", "kind", "speaker", "speaker_id", "channel", "cue", "speaker_start",
               "speaker_end", "sentence"],
    "claims": ["article", "sentence", "anchor", "value", "unit", "qualifier", "what", "source", "as_of"],
    "events": ["id", "date", "date_end", "summary", "mentions", "entities"],
    "forecasts": ["article", "text", "holder", "cue", "probability", "horizon", "status", "evidence"],
    "discrepancies": ["kind", "description", "items"],
}


def cell(value):
    if isinstance(value, (list, dict)):
        if value and all(isinstance(v, str) for v in value) and isinstance(value, list):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def table_csv(data: dict, table: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = COLUMNS[table]
    writer.writerow(columns)
    for record in data[table]:
        row = dict(record)
        if table == "entities":
            row["mentions"] = len(record["mentions"])
        writer.writerow([cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def write_csv(data: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in ARRAYS:
        path = folder / f"{table}.csv"
        path.write_text(table_csv(data, table), encoding="utf-8")
        written.append(path)
    return written
