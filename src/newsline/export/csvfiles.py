"""CSV: one file per record kind (articles.csv, timexes.csv, ...), nested fields as JSON.

articles.csv leaves out the article text: one cell of a long report breaks spreadsheets (a cell
holds 32,767 characters) and line-based tools; the JSON export carries it, and mentions.csv
gives each entity mention as one row with its span and its entity. events.csv has one row per
event (participants by name beside their ids, the number of its mentions) and event_mentions.csv one row per
sentence that reports one, with the event's id.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

COLUMNS = {
    "articles": ["id", "source", "title", "outlet", "stated_date", "date", "date_source", "date_window",
                 "date_confidence", "flags", "url", "format", "word_count"],
    "timexes": ["article", "tid", "text", "start", "end", "type", "value", "mod", "anchor", "sentence", "note"],
    "entities": ["id", "name", "type", "aliases", "attributes", "mentions"],
    "mentions": ["article", "start", "end", "text", "label", "entity", "entity_name"],
    "quotes": ["article", "text", "start", "end", "kind", "speaker", "speaker_id", "channel", "cue", "speaker_start",
               "speaker_end", "sentence"],
    "claims": ["series", "article", "sentence", "anchor", "value", "unit", "qualifier", "what", "source", "as_of",
               "kind", "direction", "subject"],
    "events": ["id", "date", "date_end", "precision", "confidence", "importance", "sources", "trigger", "summary",
               "summary_article", "participants", "entities", "places", "mentions"],
    "event_mentions": ["event", "article", "start", "end", "trigger", "date", "precision", "confidence", "anchor",
                       "sentence"],
    "forecasts": ["article", "text", "holder", "cue", "probability", "horizon", "status", "evidence", "outcome", "kind",
                  "stance", "polarity", "stated_on", "expired", "resolved_on", "note"],
    "discrepancies": ["kind", "description", "items"],
}


def cell(value):
    if isinstance(value, (list, dict)):
        if value and all(isinstance(v, str) for v in value) and isinstance(value, list):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


TABLES = tuple(COLUMNS)  # the export's arrays, plus mentions and event_mentions (one row per mention)


def entity_mentions(data: dict) -> list[dict]:
    """Every linked mention with its entity, in article order then by offset."""
    order = {a["id"]: n for n, a in enumerate(data["articles"])}
    rows = [dict(m, entity=e["id"], entity_name=e["name"]) for e in data["entities"] for m in e["mentions"]]
    rows.sort(key=lambda m: (order.get(m["article"], len(order)), m["start"], m["end"]))
    return rows


def event_mentions(data: dict) -> list[dict]:
    """Every sentence that reports an event, one row each, with the event's id (events.csv order)."""
    return [dict(m, event=e["id"]) for e in data["events"] for m in e["mentions"]]


def summary_article(event: dict) -> str | None:
    """The article whose sentence is the event's summary."""
    return next((m["article"] for m in event["mentions"] if m["sentence"] == event["summary"]), None)


def table_csv(data: dict, table: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = COLUMNS[table]
    writer.writerow(columns)
    records = entity_mentions(data) if table == "mentions" else event_mentions(data) if table == "event_mentions" \
        else data[table]
    names = {e["id"]: e["name"] for e in data.get("entities", [])}
    for record in records:
        row = dict(record)
        if table in ("entities", "events"):
            row["mentions"] = len(record["mentions"])
        if table == "events":  # one row per event: participants by name, its sentences in event_mentions.csv
            row["participants"] = [names.get(e, e) for e in record["entities"]]
            row["summary_article"] = summary_article(record)
        writer.writerow([cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def write_csv(data: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table}.csv"
        path.write_text(table_csv(data, table), encoding="utf-8")
        written.append(path)
    return written
