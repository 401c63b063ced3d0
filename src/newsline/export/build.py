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
    """Everything in the store, ordered by date then source, so exports are stable across runs and backends.

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
    for r in store.iter_query(f"SELECT * FROM article_sources {of} ORDER BY seen_at, source", params):
        also[r["article"]].append({"source": r["source"], "outlet": r["outlet"], "stated_date": r["stated_date"]})
    # the text makes every start/end offset resolvable from the export alone
    out["articles"] = [dict(article_dict(row), also_at=also.get(row["id"], []), text=row["text"]) for row in articles]
    out["timexes"] = [
        {"article": r["article"], "tid": r["tid"], "text": r["text"], "start": r["start"], "end": r["end"],
         "type": r["type"], "value": r["value"], "mod": r["mod"], "anchor": r["anchor"],
         "sentence": sentence(r["article"], r["sentence"])}
        for r in store.iter_query(f'SELECT * FROM timexes {of} ORDER BY article, start', params)
        if r["article"] in ids
    ]
    out["timexes"].sort(key=lambda t: (order[t["article"]], t["start"]))
    mentions = defaultdict(list)
    linked = f"{of} AND entity IS NOT NULL" if of else "WHERE entity IS NOT NULL"
    for r in store.iter_query(f"SELECT * FROM mentions {linked} ORDER BY article, start", params):
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
         "speaker": r["speaker"], "speaker_id": r["speaker_id"], "channel": r["channel"], "cue": r["cue"]}
        for r in store.iter_query(f"SELECT * FROM quotes {of} ORDER BY article, start", params) if r["article"] in ids
    ]
    out["claims"] = [
        {"article": r["article"], "sentence": sentence(r["article"], r["sentence"]), "anchor": r["anchor"],
         "value": json.loads(r["value"]), "unit": r["unit"], "qualifier": r["qualifier"], "what": r["what"],
         "source": r["source"], "as_of": r["as_of"], "start": r["start"], "end": r["end"],
         "kind": r["kind"], "direction": r["direction"], "subject": r["subject"], "series": r["series"]}
        for r in store.iter_query(f"SELECT * FROM claims {of} ORDER BY article, start", params) if r["article"] in ids
    ]
    out["claims"].sort(key=lambda c: (order[c["article"]], c["start"]))
    event_mentions = defaultdict(list)
    for r in store.iter_query('SELECT * FROM event_mentions WHERE event IS NOT NULL ORDER BY article, start, trigger_start'):
        if r["article"] in ids:
            event_mentions[r["event"]].append(
                {"article": r["article"], "sentence": sentence(r["article"], r["sentence"]), "start": r["start"],
                 "end": r["end"], "trigger": r["trigger"], "date": r["date"], "precision": r["precision"],
                 "confidence": r["confidence"], "anchor": r["anchor"]}
            )
    out["events"] = []
    for r in store.iter_query("SELECT * FROM events ORDER BY COALESCE(date, '9999'), id"):
        cites = sorted(event_mentions.get(r["id"], []), key=lambda m: (order[m["article"]], m["start"]))
        if not cites:
            continue  # every citation is in a superseded revision
        out["events"].append(
            {"id": r["id"], "date": r["date"], "date_end": r["date_end"], "summary": r["summary"],
             "mentions": cites, "entities": json.loads(r["entities"]), "precision": r["precision"],
             "confidence": r["confidence"], "importance": r["importance"], "sources": r["sources"],
             "trigger": r["trigger"], "places": json.loads(r["places"])}
        )
    out["forecasts"] = forecast_records(store, of, params, ids, sentence)
    out["forecasts"].sort(key=lambda f: (order[f["article"]], f["start"]))
    out["discrepancies"] = [
        dict({"kind": r["kind"], "description": r["description"], "items": json.loads(r["items"])},
             **({"series": r["series"]} if r["series"] else {}))
        for r in store.iter_query("SELECT * FROM discrepancies ORDER BY kind, series, description, id")
    ]
    if only is not None:
        out["discrepancies"] = [d for d in out["discrepancies"] if any(i["article"] in ids for i in d["items"])]
    out["series"] = figure_series(store, ids)
    return out


def forecast_records(store, of: str, params: dict, ids: set[str], sentence) -> list[dict[str, Any]]:
    """Forecasts with what the reduce step made of them (status, evidence, expired, restates)."""
    rows = [r for r in store.iter_query(f"SELECT * FROM forecasts {of} ORDER BY article, start", params)
            if r["article"] in ids]
    first = {r["id"]: r for r in rows}
    missing = sorted({r["restates"] for r in rows if r["restates"] and r["restates"] not in first})
    for r in store.query("SELECT * FROM forecasts WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(missing),)):
        first[r["id"]] = r
    out = []
    for r in rows:
        original = first.get(r["restates"]) if r["restates"] else None
        out.append({
            "article": r["article"], "text": r["text"], "holder": r["holder"], "cue": r["cue"],
            "probability": r["probability"], "horizon": r["horizon"], "status": r["status"],
            "evidence": json.loads(r["evidence"]), "start": r["start"], "end": r["end"],
            "sentence": sentence(r["article"], r["sentence"]), "outcome": r["outcome"], "kind": r["kind"],
            "trigger": r["trigger"], "polarity": r["polarity"], "stance": r["stance"], "reading": r["reading"],
            "horizon_text": r["horizon_text"], "horizon_value": r["horizon_value"], "stated_on": r["stated_on"],
            "expired": bool(r["expired"]), "resolved_on": r["resolved_on"], "note": r["note"],
            "outcome_happened": r["outcome_happened"], "entities": json.loads(r["entities"]),
            "restates": {"article": original["article"], "text": original["text"], "start": original["start"],
                         "end": original["end"]} if original is not None else None,
        })
    return out


def figure_series(store, ids: set[str]) -> list[dict[str, Any]]:
    """The figure series (link/figures.py): each with its points in as-of order."""
    points = defaultdict(list)
    for r in store.iter_query('SELECT series, article, anchor, value, qualifier, source, as_of, as_of_value, start'
                              ' FROM claims WHERE series IS NOT NULL'):
        if r["article"] in ids:
            points[r["series"]].append({"article": r["article"], "anchor": r["anchor"], "value": json.loads(r["value"]),
                                        "qualifier": r["qualifier"], "source": r["source"], "as_of": r["as_of"],
                                        "start": r["start"], "_when": r["as_of_value"] or ""})
    for items in points.values():  # by date, then the part of the day, then value: the same in every store
        items.sort(key=lambda p: (p["as_of"] or "", p.pop("_when"), json.dumps(p["value"]), p["article"], p["start"]))
    return [
        {"id": r["id"], "what": r["what"], "unit": r["unit"], "subject": r["subject"], "key": r["key"],
         "points": points[r["id"]]}
        for r in store.iter_query("SELECT * FROM claim_series ORDER BY id") if points.get(r["id"])
    ]


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
