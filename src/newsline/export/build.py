"""The store as one `newsline/1` object: the contract every export and view reads."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from typing import Any

from .. import __version__

SCHEMA_ID = "newsline/1"
ARRAYS = ("articles", "timexes", "entities", "quotes", "claims", "events", "forecasts", "discrepancies")


def load_schema() -> dict:
    return json.loads(resources.files("newsline.export").joinpath("newsline-1.schema.json").read_text("utf-8"))


def validate(data: dict) -> None:
    """Raise jsonschema.ValidationError when `data` breaks the newsline/1 contract."""
    import jsonschema

    jsonschema.validate(data, load_schema())


def build_export(store, *, all_revisions: bool = False) -> dict[str, Any]:
    """Everything in the store, ordered by date then source, so exports are stable across runs and backends."""
    current = "" if all_revisions else "WHERE a.current = 1"
    articles = store.query(f"SELECT * FROM articles a {current} ORDER BY COALESCE(a.date, '9999'), a.source, a.id")
    ids = {row["id"] for row in articles}
    sentences: dict[tuple[str, int], str] = {
        (r["article"], r["idx"]): r["text"] for r in store.iter_query("SELECT article, idx, text FROM sentences")
    }
    order = {row["id"]: n for n, row in enumerate(articles)}

    def sentence(article: str, idx: int) -> str:
        return sentences.get((article, idx), "")

    out: dict[str, Any] = {"schema": SCHEMA_ID, "generator": {"name": "newsline", "version": __version__}}
    also = defaultdict(list)
    for r in store.iter_query("SELECT * FROM article_sources ORDER BY seen_at, source"):
        also[r["article"]].append({"source": r["source"], "outlet": r["outlet"], "stated_date": r["stated_date"]})
    out["articles"] = [dict(article_dict(row), also_at=also.get(row["id"], [])) for row in articles]
    out["timexes"] = [
        {"article": r["article"], "tid": r["tid"], "text": r["text"], "start": r["start"], "end": r["end"],
         "type": r["type"], "value": r["value"], "mod": r["mod"], "anchor": r["anchor"],
         "sentence": sentence(r["article"], r["sentence"])}
        for r in store.iter_query('SELECT * FROM timexes ORDER BY article, start')
        if r["article"] in ids
    ]
    out["timexes"].sort(key=lambda t: (order[t["article"]], t["start"]))
    mentions = defaultdict(list)
    for r in store.iter_query('SELECT * FROM mentions WHERE entity IS NOT NULL ORDER BY article, start'):
        if r["article"] in ids:
            mentions[r["entity"]].append(
                {"article": r["article"], "start": r["start"], "end": r["end"], "text": r["text"], "label": r["label"]}
            )
    out["entities"] = []
    for r in store.iter_query("SELECT * FROM entities ORDER BY name, id"):
        if not mentions.get(r["id"]):
            continue
        ms = sorted(mentions[r["id"]], key=lambda m: (order[m["article"]], m["start"]))
        out["entities"].append(
            {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"]),
             "attributes": json.loads(r["attributes"]), "mentions": ms}
        )
    out["entities"].sort(key=lambda e: (-len(e["mentions"]), e["name"]))
    out["quotes"] = [
        {"article": r["article"], "text": r["text"], "start": r["start"], "end": r["end"], "kind": r["kind"],
         "speaker": r["speaker"], "speaker_id": r["speaker_id"], "channel": r["channel"], "cue": r["cue"],
         "speaker_start": r["speaker_start"], "speaker_end": r["speaker_end"],
         "sentence": sentence(r["article"], r["sentence"])}
        for r in store.iter_query("SELECT * FROM quotes ORDER BY article, start") if r["article"] in ids
    ]
    out["quotes"].sort(key=lambda q: (order[q["article"]], q["start"]))
    out["claims"] = [
        {"article": r["article"], "sentence": sentence(r["article"], r["sentence"]), "anchor": r["anchor"],
         "value": json.loads(r["value"]), "unit": r["unit"], "qualifier": r["qualifier"], "what": r["what"],
         "source": r["source"], "as_of": r["as_of"], "start": r["start"], "end": r["end"]}
        for r in store.iter_query("SELECT * FROM claims ORDER BY article, start") if r["article"] in ids
    ]
    event_mentions = defaultdict(list)
    for r in store.iter_query('SELECT * FROM event_mentions ORDER BY article, start'):
        event_mentions[r["event"]].append(
            {"article": r["article"], "sentence": sentence(r["article"], r["sentence"]), "start": r["start"],
             "end": r["end"]}
        )
    out["events"] = [
        {"id": r["id"], "date": r["date"], "date_end": r["date_end"], "summary": r["summary"],
         "mentions": event_mentions.get(r["id"], []), "entities": json.loads(r["entities"])}
        for r in store.iter_query("SELECT * FROM events ORDER BY COALESCE(date, '9999'), id")
    ]
    out["forecasts"] = [
        {"article": r["article"], "text": r["text"], "holder": r["holder"], "cue": r["cue"],
         "probability": r["probability"], "horizon": r["horizon"], "status": r["status"],
         "evidence": json.loads(r["evidence"]), "start": r["start"], "end": r["end"]}
        for r in store.iter_query("SELECT * FROM forecasts ORDER BY article, start") if r["article"] in ids
    ]
    out["discrepancies"] = [
        {"kind": r["kind"], "description": r["description"], "items": json.loads(r["items"])}
        for r in store.iter_query("SELECT * FROM discrepancies ORDER BY kind, id")
    ]
    return out


def article_dict(row) -> dict[str, Any]:
    window = [row["date_from"], row["date_to"]] if row["date_from"] and row["date_to"] else None
    return {
        "id": row["id"], "source": row["source"], "title": row["title"], "stated_date": row["stated_date"],
        "date": row["date"], "date_source": row["date_source"], "date_window": window,
        "date_confidence": row["date_confidence"], "flags": json.loads(row["flags"]), "url": row["url"],
        "outlet": row["outlet"], "author": row["author"], "format": row["format"], "revision": row["revision"],
        "word_count": row["word_count"], "meta": json.loads(row["meta"]),
    }
