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


def build_export(store, *, all_revisions: bool = False, only: list[str] | None = None) -> dict[str, Any]:
    """Everything in the store, ordered by date then source, so exports are stable across runs and backends
    (every order ends on a key: records at one offset come in the order they were stored, on SQLite
    and on PostgreSQL alike).

    `only`: just these articles (any revision) and the records that cite them: what `newsline show`
    reads, without building the whole record."""
    ids_json = json.dumps(sorted(only or []))
    where = "WHERE a.id IN (SELECT value FROM json_each(:ids))" if only is not None else (
        "" if all_revisions else "WHERE a.current = 1")
    # every per-article table is filtered the same way when `only` is given
    of = "WHERE article IN (SELECT value FROM json_each(:ids))" if only is not None else ""
    params = {"ids": ids_json}
    articles = store.query(f"SELECT * FROM articles a {where} ORDER BY COALESCE(a.date, '9999'), a.source, a.id",
                           params)
    ids = {row["id"] for row in articles}
    sentences: dict[tuple[str, int], str] = {
        (r["article"], r["idx"]): r["text"]
        for r in store.iter_query(f"SELECT article, idx, text FROM sentences {of}", params)
    }
    order = {row["id"]: n for n, row in enumerate(articles)}

    def sentence(article: str, idx: int) -> str:
        return sentences.get((article, idx), "")

    out: dict[str, Any] = {"schema": SCHEMA_ID, "generator": {"name": "newsline", "version": __version__}}
    also = defaultdict(list)
    for r in store.iter_query(f"SELECT * FROM article_sources {of} ORDER BY seen_at, source, article", params):
        also[r["article"]].append({"source": r["source"], "outlet": r["outlet"], "stated_date": r["stated_date"]})
    # the text makes every start/end offset resolvable from the export alone
    out["articles"] = [dict(article_dict(row), also_at=also.get(row["id"], []), text=row["text"]) for row in articles]
    out["timexes"] = [
        timex_dict(r, sentence(r["article"], r["sentence"]))
        for r in store.iter_query(f'SELECT * FROM timexes {of} ORDER BY article, start, id', params)
        if r["article"] in ids
    ]
    out["timexes"].sort(key=lambda t: (order[t["article"]], t["start"]))
    mentions = defaultdict(list)
    linked = f"{of} AND entity IS NOT NULL" if of else "WHERE entity IS NOT NULL"
    for r in store.iter_query(f"SELECT * FROM mentions {linked} ORDER BY article, start, id", params):
        if r["article"] in ids:
            mentions[r["entity"]].append(mention_dict(r))
    out["entities"] = []
    for r in store.iter_query("SELECT * FROM entities ORDER BY name, id"):
        if not mentions.get(r["id"]):
            continue
        ms = sorted(mentions[r["id"]], key=lambda m: (order[m["article"]], m["start"]))
        out["entities"].append(entity_dict(r, ms))
    out["entities"].sort(key=lambda e: (-len(e["mentions"]), e["name"]))
    out["quotes"] = [
        quote_dict(r, sentence(r["article"], r["sentence"]))
        for r in store.iter_query(f"SELECT * FROM quotes {of} ORDER BY article, start, id", params)
        if r["article"] in ids
    ]
    out["quotes"].sort(key=lambda q: (order[q["article"]], q["start"]))
    out["claims"] = [
        claim_dict(r, sentence(r["article"], r["sentence"]))
        for r in store.iter_query(f"SELECT * FROM claims {of} ORDER BY article, start, id", params)
        if r["article"] in ids
    ]
    out["claims"].sort(key=lambda c: (order[c["article"]], c["start"]))
    event_mentions = defaultdict(list)
    for r in store.iter_query("SELECT * FROM event_mentions WHERE event IS NOT NULL"
                              " ORDER BY article, start, trigger_start, id"):
        if r["article"] in ids:
            event_mentions[r["event"]].append(citation_dict(r, sentence(r["article"], r["sentence"])))
    out["events"] = []
    for r in store.iter_query("SELECT * FROM events ORDER BY COALESCE(date, '9999'), id"):
        cites = sorted(event_mentions.get(r["id"], []), key=lambda m: (order[m["article"]], m["start"]))
        if cites:  # else every citation is in a superseded revision
            out["events"].append(event_dict(r, cites))
    out["forecasts"] = forecast_records(store, of, params, ids, sentence)
    out["forecasts"].sort(key=lambda f: (order[f["article"]], f["start"]))
    out["discrepancies"] = [
        discrepancy_dict(r)
        for r in store.iter_query("SELECT * FROM discrepancies ORDER BY kind, series, description, id")
    ]
    if only is not None:
        out["discrepancies"] = [d for d in out["discrepancies"] if any(i["article"] in ids for i in d["items"])]
    out["series"] = figure_series(store, ids)
    return out


def forecast_records(store, of: str, params: dict, ids: set[str], sentence) -> list[dict[str, Any]]:
    """Forecasts with what the reduce step made of them (status, evidence, expired, restates)."""
    rows = [r for r in store.iter_query(f"SELECT * FROM forecasts {of} ORDER BY article, start, id", params)
            if r["article"] in ids]
    first = restated(store, rows)
    return [forecast_dict(r, sentence(r["article"], r["sentence"]), first.get(r["restates"])) for r in rows]


def restated(store, rows) -> dict[int, Any]:
    """The forecasts `rows` restate, by id (those among `rows` and the others)."""
    first = {r["id"]: r for r in rows}
    missing = sorted({r["restates"] for r in rows if r["restates"] and r["restates"] not in first})
    # the ids as integers: PostgreSQL's json_each gives text, and compares no text with a number
    for r in store.query("SELECT * FROM forecasts WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
                         (json.dumps(missing),)):
        first[r["id"]] = r
    return first


def figure_series(store, ids: set[str]) -> list[dict[str, Any]]:
    """The figure series (link/figures.py): each with its points in as-of order."""
    points = defaultdict(list)
    for r in store.iter_query(f"SELECT {POINT_COLUMNS} FROM claims WHERE series IS NOT NULL"):
        if r["article"] in ids:
            points[r["series"]].append(r)
    return [series_dict(r, points[r["id"]])
            for r in store.iter_query("SELECT * FROM claim_series ORDER BY id") if points.get(r["id"])]


POINT_COLUMNS = "series, article, anchor, value, qualifier, source, as_of, as_of_value, start"


def series_dict(row, claim_rows) -> dict[str, Any]:
    """A figure series with its points (claim rows with POINT_COLUMNS): by date, then the part of
    the day, then value, so the order is the same in every store."""
    points = sorted(claim_rows, key=lambda r: (r["as_of"] or "", r["as_of_value"] or "", r["value"], r["article"],
                                               r["start"]))
    return {"id": row["id"], "what": row["what"], "unit": row["unit"], "subject": row["subject"], "key": row["key"],
            "points": [{"article": r["article"], "anchor": r["anchor"], "value": json.loads(r["value"]),
                        "qualifier": r["qualifier"], "source": r["source"], "as_of": r["as_of"], "start": r["start"]}
                       for r in points]}


def article_dict(row) -> dict[str, Any]:
    window = [row["date_from"], row["date_to"]] if row["date_from"] and row["date_to"] else None
    return {
        "id": row["id"], "source": row["source"], "title": row["title"], "stated_date": row["stated_date"],
        "date": row["date"], "date_source": row["date_source"], "date_window": window,
        "date_confidence": row["date_confidence"], "flags": json.loads(row["flags"]), "url": row["url"],
        "outlet": row["outlet"], "author": row["author"], "format": row["format"], "revision": row["revision"],
        "word_count": row["word_count"], "meta": json.loads(row["meta"]),
        "near_duplicate_of": row["near_duplicate_of"] if "near_duplicate_of" in row.keys() else None,
    }


# One store row -> one export record. The web API pages through the same rows with these,
# so its records and field names are the export's.

def timex_dict(row, sentence: str) -> dict[str, Any]:
    return {"article": row["article"], "tid": row["tid"], "text": row["text"], "start": row["start"],
            "end": row["end"], "type": row["type"], "value": row["value"], "mod": row["mod"],
            "anchor": row["anchor"], "sentence": sentence, "note": row["note"]}


def mention_dict(row) -> dict[str, Any]:
    return {"article": row["article"], "start": row["start"], "end": row["end"], "text": row["text"],
            "label": row["label"]}


def entity_dict(row, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "type": row["type"], "aliases": json.loads(row["aliases"]),
            "attributes": json.loads(row["attributes"]), "mentions": mentions}


def quote_dict(row, sentence: str) -> dict[str, Any]:
    return {"article": row["article"], "text": row["text"], "start": row["start"], "end": row["end"],
            "kind": row["kind"], "speaker": row["speaker"], "speaker_id": row["speaker_id"],
            "channel": row["channel"], "cue": row["cue"], "speaker_start": row["speaker_start"],
            "speaker_end": row["speaker_end"], "sentence": sentence}


def claim_dict(row, sentence: str) -> dict[str, Any]:
    return {"article": row["article"], "sentence": sentence, "anchor": row["anchor"],
            "value": json.loads(row["value"]), "unit": row["unit"], "qualifier": row["qualifier"],
            "what": row["what"], "source": row["source"], "as_of": row["as_of"], "start": row["start"],
            "end": row["end"], "kind": row["kind"], "direction": row["direction"], "subject": row["subject"],
            "series": row["series"]}


def citation_dict(row, sentence: str) -> dict[str, Any]:
    """An event mention: the sentence that reports the event, its trigger and how it is dated."""
    return {"article": row["article"], "sentence": sentence, "start": row["start"], "end": row["end"],
            "trigger": row["trigger"], "date": row["date"], "precision": row["precision"],
            "confidence": row["confidence"], "anchor": row["anchor"]}


def event_dict(row, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": row["id"], "date": row["date"], "date_end": row["date_end"], "summary": row["summary"],
            "mentions": mentions, "entities": json.loads(row["entities"]), "precision": row["precision"],
            "confidence": row["confidence"], "importance": row["importance"], "sources": row["sources"],
            "trigger": row["trigger"], "places": json.loads(row["places"])}


def forecast_dict(row, sentence: str, original=None) -> dict[str, Any]:
    """A forecast as exported; `original`: the row of the earlier forecast it restates, if any."""
    return {
        "article": row["article"], "text": row["text"], "holder": row["holder"], "cue": row["cue"],
        "probability": row["probability"], "horizon": row["horizon"], "status": row["status"],
        "evidence": json.loads(row["evidence"]), "start": row["start"], "end": row["end"],
        "sentence": sentence, "outcome": row["outcome"], "kind": row["kind"],
        "trigger": row["trigger"], "polarity": row["polarity"], "stance": row["stance"], "reading": row["reading"],
        "horizon_text": row["horizon_text"], "horizon_value": row["horizon_value"], "stated_on": row["stated_on"],
        "expired": bool(row["expired"]), "resolved_on": row["resolved_on"], "note": row["note"],
        "outcome_happened": row["outcome_happened"], "entities": json.loads(row["entities"]),
        "restates": {"article": original["article"], "text": original["text"], "start": original["start"],
                     "end": original["end"]} if original is not None else None,
    }


def discrepancy_dict(row) -> dict[str, Any]:
    return dict({"kind": row["kind"], "description": row["description"], "items": json.loads(row["items"])},
                **({"series": row["series"]} if row["series"] else {}),
                **({"entity": row["entity"], "attribute": row["attribute"]} if row["entity"] else {}))
