"""The read-only JSON API under /api/: the export's records, paged and filtered.

Every list answers {"total", "limit", "offset", <kind>: [...]} where <kind> is the name of the
export array and each record has the export's field names (newsline-1.schema.json). Two lists keep
their records' long parts short, saying how long they are: /api/entities leaves out `mentions`
(`mention_count`), /api/events gives the first `mentions` citations (`mention_count`); the single
record's route (/api/entities/{id}, /api/events/{id}) has them all.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from . import queries
from .figures import calibration, figure_page, series_sizes
from .params import DateFrom, DateTo, EntityId, Limit, Offset, SeriesId, Text, blank_to_none, check_article_id

router = APIRouter(prefix="/api")
MENTIONS_SHOWN = 10  # citations an event in a list of events, unless `mentions` asks for more


class JSON(Response):
    """Plain json.dumps: the records are already JSON types, FastAPI's encoder would only add time."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str).encode("utf-8")


def web(request: Request):
    return request.app.state.web


# The summaries that need a pass over the store, built once per store generation (WebState.cached).

def ranking_of(state, store) -> list[queries.RankedEntity]:
    return state.cached("entity_ranking", lambda: queries.entity_ranking(store))


def timeline_of(state, store) -> queries.TimelineIndex:
    ranking = ranking_of(state, store)  # not inside the build: the cache lock is not re-entrant
    order = articles_of(state, store).ids

    def build() -> queries.TimelineIndex:
        return queries.timeline_index(store, {e.id: e.name for e in ranking}, {a: n for n, a in enumerate(order)})

    return state.cached("timeline", build)


def disputes_of(state, store) -> dict[str, list[dict]]:
    return state.cached("disputes", lambda: queries.disputes_by_article(store))


def articles_of(state, store) -> queries.ArticleIndex:
    return state.cached("articles", lambda: queries.article_index(store))


@router.get("/status", response_class=JSON, summary="Counts and date range of the record")
def status(request: Request):
    return JSON(status_of(web(request).store()))


def status_of(store) -> dict[str, Any]:
    counts = {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in
              ("entities", "quotes", "claims", "events", "forecasts", "discrepancies")}
    counts["articles"] = store.scalar("SELECT COUNT(*) FROM articles WHERE current = 1")
    lo, hi = store.query("SELECT MIN(date), MAX(date) FROM articles WHERE current = 1")[0]
    return {"counts": counts, "date_range": [lo, hi]}


@router.get("/articles", response_class=JSON, summary="Current articles by date, with dates, windows and flags")
def articles(request: Request, date_from: DateFrom = None, date_to: DateTo = None, q: Text = None,
             entity: EntityId = None, flagged: bool = False, limit: Limit = 50, offset: Offset = 0):
    state = web(request)
    store = state.store()
    index = articles_of(state, store)
    return JSON(queries.articles(store, index, date_from=date_from, date_to=date_to, q=blank_to_none(q),
                                 entity=blank_to_none(entity), flagged=flagged, limit=limit, offset=offset))


@router.get("/articles/{article_id}", response_class=JSON,
            summary="One article: text, dates, flags, and every annotation with its span")
def article(request: Request, article_id: str):
    state = web(request)
    store = state.store()
    found = queries.article(store, check_article_id(article_id), disputes_of(state, store))
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return JSON(found)


@router.get("/timeline", response_class=JSON,
            summary="The timeline: events, or dated references until the store has events")
def timeline(request: Request, date_from: DateFrom = None, date_to: DateTo = None, entity: EntityId = None,
             q: Text = None, limit: Limit = 200, offset: Offset = 0):
    state = web(request)
    store = state.store()
    index = timeline_of(state, store)
    entity = blank_to_none(entity)
    named = state.cached(f"named:{entity}", lambda: queries.named_sentences(store, entity)) if entity else None
    result = queries.timeline(store, index, date_from=date_from, date_to=date_to, entity=entity,
                              q=blank_to_none(q), limit=limit, offset=offset, named=named)
    result["entries"] = [entry_dict(e) for e in result["entries"]]
    return JSON(result)


def entry_dict(entry) -> dict[str, Any]:
    """dataclasses.asdict without its deep copy: the citations are plain JSON records already."""
    return {f.name: getattr(entry, f.name) for f in fields(entry)}


@router.get("/events", response_class=JSON,
            summary="Events by date, each with the sentences that report it (`mentions` of them, and how many)")
def events(request: Request, date_from: DateFrom = None, date_to: DateTo = None, entity: EntityId = None,
           q: Text = None, limit: Limit = 50, offset: Offset = 0,
           mentions: Annotated[int, Query(ge=0, le=100_000, description=(
               "Citations an event at most (the first reports; /api/events/{id} has them all); each event then "
               "has `mention_count`, how many there are."))] = MENTIONS_SHOWN):
    state = web(request)
    store = state.store()
    return JSON(queries.events(store, date_from=date_from, date_to=date_to, entity=blank_to_none(entity),
                               q=blank_to_none(q), limit=limit, offset=offset,
                               replaced=articles_of(state, store).replaced,
                               citations=timeline_of(state, store).citations, mentions=mentions))


@router.get("/events/{event_id}", response_class=JSON,
            summary="One event: every sentence that reports it, how each is dated, its participants")
def event(request: Request, event_id: str):
    found = queries.event(web(request).store(), event_id) if len(event_id) <= 100 else None
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return JSON(found)


@router.get("/entities", response_class=JSON,
            summary="Entities, most mentioned first; `mentions` only with mentions=true")
def entities(request: Request, q: Text = None, type: Annotated[Optional[str], Query(max_length=40)] = None,
             mentions: bool = False, limit: Limit = 50, offset: Offset = 0):
    state = web(request)
    store = state.store()
    ranking = ranking_of(state, store)
    return JSON(queries.entities(store, ranking, q=blank_to_none(q), type=blank_to_none(type),
                                 with_mentions=mentions, limit=limit, offset=offset))


@router.get("/entities/{entity_id}", response_class=JSON,
            summary="One entity: aliases, attributes with sources, mentions, quotes, events, articles")
def entity(request: Request, entity_id: str):
    state = web(request)
    store = state.store()
    found = queries.entity(store, entity_id, timeline_of(state, store).citations,
                           event_mentions_shown=MENTIONS_SHOWN) if len(entity_id) <= 200 else None
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return JSON(found)


@router.get("/quotes", response_class=JSON, summary="Quotations with speaker, channel and cue")
def quotes(request: Request, entity: EntityId = None, q: Text = None,
           kind: Optional[Literal["direct", "indirect", "mixed"]] = None,
           date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 50, offset: Offset = 0):
    return JSON(queries.quotes(web(request).store(), entity=blank_to_none(entity), q=blank_to_none(q), kind=kind,
                               date_from=date_from, date_to=date_to, limit=limit, offset=offset))


@router.get("/claims", response_class=JSON, summary="Numeric claims (figures) with qualifier, source and date")
def claims(request: Request, q: Text = None, date_from: DateFrom = None, date_to: DateTo = None,
           limit: Limit = 50, offset: Offset = 0):
    return JSON(queries.claims(web(request).store(), q=blank_to_none(q), date_from=date_from, date_to=date_to,
                               limit=limit, offset=offset))


@router.get("/figures", response_class=JSON,
            summary="Figure series (the export's `series`), most reported first, with their discrepancies")
def figures(request: Request, what: Text = None, series: SeriesId = None, limit: Limit = 50, offset: Offset = 0):
    state = web(request)
    store = state.store()
    sizes = state.cached("series_sizes", lambda: series_sizes(store))
    return JSON(figure_page(store, sizes, what=blank_to_none(what), series=blank_to_none(series), limit=limit,
                            offset=offset))


@router.get("/forecasts", response_class=JSON, summary="Forecasts with their status and evidence")
def forecasts(request: Request, status: Optional[Literal["open", "confirmed", "refuted", "mixed"]] = None,
              q: Text = None, holder: Annotated[Optional[str], Query(max_length=300)] = None,
              date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 50, offset: Offset = 0):
    return JSON(queries.forecasts(web(request).store(), status=status, q=blank_to_none(q),
                                  holder=blank_to_none(holder), date_from=date_from, date_to=date_to,
                                  limit=limit, offset=offset))


@router.get("/forecasts/calibration", response_class=JSON, summary="Per holder: outcomes and calibration")
def forecast_calibration(request: Request):
    items = queries.forecasts(web(request).store(), limit=1_000_000)["forecasts"]
    return JSON({"holders": calibration(items)})


@router.get("/discrepancies", response_class=JSON, summary="Where reports disagree: attribute (a title or rank), figure, stale_figure")
def discrepancies(request: Request, kind: Annotated[Optional[str], Query(max_length=40)] = None,
                  entity: EntityId = None, series: SeriesId = None,
                  limit: Limit = 50, offset: Offset = 0):
    return JSON(queries.discrepancies(web(request).store(), kind=blank_to_none(kind), entity=blank_to_none(entity),
                                      series=blank_to_none(series), limit=limit, offset=offset))


@router.get("/search", response_class=JSON, summary="Full-text search over sentences (SQLite FTS5 syntax)",
            description=f"Best first (bm25). `total` counts every matching sentence; `ranked` says how many were "
                        f"ranked: all of them up to {queries.SEARCH_RANKED:,}, beyond that the {queries.SEARCH_RANKED:,} "
                        f"stored most recently, and the pages end there.")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)], limit: Limit = 20,
           offset: Offset = 0):
    state = web(request)
    store = state.store()
    index = articles_of(state, store)
    result = queries.search(store, q, stale=index.stale_sentences, limit=limit, offset=offset)
    for hit in result["hits"]:
        del hit["marked"]
    return JSON(result)


@router.post("/ingest", response_class=JSON,
             summary="Ingest uploaded reports (only with --allow-ingest): same formats, errors and limits as the CLI")
async def ingest(request: Request, files: Annotated[list[UploadFile], File(description="Report files")]):
    from .upload import ingest_uploads

    state = web(request)
    if not state.allow_ingest:  # also refused before the body is read (see app.IngestGate)
        raise HTTPException(403, "ingest over HTTP is off: start the server with --allow-ingest")
    report = await run_in_threadpool(ingest_uploads, state, files)
    return JSON(report)
