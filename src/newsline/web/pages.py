"""The pages: server-rendered, escaped by the templates, each with its JSON twin under /api/.

JavaScript only where it helps (the zoomable timeline axis); every page reads and works without it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any, Literal, Optional
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from . import queries
from .annotate import Mark, marks_of, runs, speaker_colours, speaker_key
from .axis import axis_item, axis_window
from .api_routes import articles_of, disputes_of, ranking_of, status_of, timeline_of
from .figures import TABLE_ROWS, bound, calibration, charts, figure_page, number, series_sizes
from .params import DateFrom, DateTo, EntityId, Offset, SeriesId, Text, blank_to_none, check_article_id

HERE = Path(__file__).parent
VENDOR = HERE / "static" / "vendor"
PAGE = 50
TIMELINE_PAGE = 100  # entries (and axis dots) a page: 150 events with their first citations cost ~1.6x as much to render
FIGURES_PAGE = 40  # series a page (most reported first)
CITATIONS_SHOWN = 5  # citations an entry lists on the timeline; its event page lists them all
RENDERED_KEPT = 10_000  # timeline entries kept rendered per store generation (~1 KB each)
SOURCES_SHOWN = 6  # reports listed for one attribute value or one side of a discrepancy; the JSON twin has all
EVENT_PAGE = 100  # citations a page on an event's page
HIGHLIGHT = re.compile(r"^(\d{1,9})-(\d{1,9})$")

router = APIRouter(include_in_schema=False)


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: never javascript:, data: or anything a browser would run."""
    if not url or any(ord(c) < 33 for c in url.strip()):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def basename(source: str | None) -> str:
    if not source:
        return ""
    return source.rstrip("/").rsplit("/", 1)[-1] or source


PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "DT": "daytime", "AF": "afternoon", "EV": "evening", "NI": "night"}


def part_of_day(time: str | None) -> str:
    return PARTS_OF_DAY.get(time or "", time or "")


def dated_by(anchor: str | None) -> str:
    """How an event mention got its date (its `anchor`, see records.EventMention), for a reader."""
    if not anchor:
        return ""
    if anchor == "article":
        return "dated by the report's own date"
    if anchor.startswith("carried:"):
        return f"dated by “{anchor[len('carried:'):]}” earlier in the paragraph"
    return f"dated by “{anchor}”"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             extensions=["jinja2.ext.do"],
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.filters["basename"] = basename
    env.filters["part_of_day"] = part_of_day
    env.filters["dated_by"] = dated_by
    env.globals["vendor_ready"] = lambda: (VENDOR / "vis-timeline-graph2d.min.js").is_file()
    return env


templates = Jinja2Templates(env=environment())


def render(request: Request, name: str, twin: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    def page_url(offset: int) -> str:
        return str(request.url.include_query_params(offset=max(offset, 0)))

    return templates.TemplateResponse(request, name, {"twin": twin, "page_url": page_url, **context},
                                      status_code=status_code)


def api_twin(request: Request, path: str) -> str:
    """The page's JSON twin: the same query (less the fields a form left blank) on the /api/ route."""
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if v])
    return path + (f"?{query}" if query else "")


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", "/api/status", status_code=status, status=status, message=message)


def web(request: Request):
    return request.app.state.web


# -- timeline ---------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def timeline_page(request: Request, date_from: DateFrom = None, date_to: DateTo = None, entity: EntityId = None,
                  q: Text = None, offset: Offset = 0):
    state = web(request)
    store = state.store()
    entity, q = blank_to_none(entity), blank_to_none(q)
    index = timeline_of(state, store)
    ranking = ranking_of(state, store)
    named = state.cached(f"named:{entity}", lambda: queries.named_sentences(store, entity)) if entity else None
    result = queries.timeline(store, index, date_from=date_from, date_to=date_to, entity=entity, q=q,
                              limit=TIMELINE_PAGE, offset=offset, named=named)
    ids = [f"entry-{offset + n}" for n in range(len(result["entries"]))]
    axis = [item for item in (axis_item(i, e) for i, e in zip(ids, result["entries"])) if item]
    entries = list(zip(ids, result["entries"], rendered_entries(store, index, result["entries"])))
    choices = [(e.id, e.name, e.mention_count) for e in ranking[:200]]
    if entity and entity not in {c[0] for c in choices}:
        name = queries.entity_names(store, {entity}).get(entity, entity)
        choices.insert(0, (entity, name, None))
    return render(request, "timeline.html", api_twin(request, "/api/timeline"), result=result, entries=entries,
                  axis={"items": axis, "window": axis_window(axis)}, choices=choices,
                  filters={"from": date_from, "to": date_to, "entity": entity, "q": q}, limit=TIMELINE_PAGE)


def rendered_entries(store, index: queries.TimelineIndex, entries: list) -> list[Markup]:
    """Each entry's <details> (summary, participants, first citations), rendered once per store generation
    and kept on the cached index: any page of the timeline (any filter, any offset) then joins strings
    instead of rendering 100 entries and their 500 citations again (most of a page's cost)."""
    out: dict[int, Markup] = {}
    for e in entries:
        kept = index.rendered.get(id(e))
        if kept is not None and kept[0] is e:  # (the entry is kept with it: its id cannot be reused)
            out[id(e)] = kept[1]
    missing = [e for e in entries if id(e) not in out]
    if missing:
        labels = article_labels(store, {c["article"] for e in missing for c in e.citations[:CITATIONS_SHOWN]})
        details = templates.env.get_template("timeline_entry.html").module.details
        for e in missing:
            people = list(zip(index.participants.get(e.id, ()), e.entities)) if e.id else []
            out[id(e)] = details(e, people, labels, CITATIONS_SHOWN)
            if len(index.rendered) < RENDERED_KEPT:
                index.rendered[id(e)] = (e, out[id(e)])
    return [out[id(e)] for e in entries]


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, offset: Offset = 0):
    store = web(request).store()
    found = queries.event(store, event_id) if len(event_id) <= 100 else None
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    shown = found["mentions"][offset: offset + EVENT_PAGE]
    labels = article_labels(store, {c["article"] for c in shown})
    people = [(i, found["entity_names"].get(i, i)) for i in found["entities"]]
    result = {"total": len(found["mentions"]), "offset": offset}
    return render(request, "event.html", f"/api/events/{event_id}", ev=found, shown=shown, labels=labels,
                  people=people, result=result, limit=EVENT_PAGE)


# -- articles ---------------------------------------------------------------------------------

@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, date_from: DateFrom = None, date_to: DateTo = None, q: Text = None,
                  entity: EntityId = None, flagged: bool = False, offset: Offset = 0):
    state = web(request)
    store = state.store()
    index = articles_of(state, store)
    result = queries.articles(store, index, date_from=date_from, date_to=date_to, q=blank_to_none(q),
                              entity=blank_to_none(entity), flagged=flagged, limit=PAGE, offset=offset)
    leads = first_sentences(store, [a["id"] for a in result["articles"] if not a["title"]])
    return render(request, "articles.html", api_twin(request, "/api/articles"), result=result, limit=PAGE, leads=leads,
                  filters={"from": date_from, "to": date_to, "q": q, "flagged": flagged})


def first_sentences(store, ids: list[str], width: int = 110) -> dict[str, str]:
    """An untitled report is known by its first sentence (shortened), not by its file name."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(f"SELECT article, text FROM sentences WHERE idx = 0 AND article IN ({marks})", ids)
    return {r["article"]: shorten(r["text"], width) for r in rows}


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, hl: Annotated[Optional[str], Query(max_length=30)] = None):
    state = web(request)
    store = state.store()
    article = queries.article(store, check_article_id(article_id), disputes_of(state, store))
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    colours = speaker_colours(article["quotes"])
    marks = marks_of(article, colours)
    cited = HIGHLIGHT.match(hl or "")
    if cited and int(cited.group(1)) < int(cited.group(2)) <= len(article["text"]):
        marks.append(cited_mark(article["sentences"], int(cited.group(1)), int(cited.group(2))))
    text_runs = runs(article["text"], marks)
    first_cited = next((i for i, r in enumerate(text_runs) if any(m.kind == "cited" for m in r.marks)), None)
    speakers = {}
    for quote in article["quotes"]:
        speakers.setdefault(speaker_key(quote), (quote["speaker"] or "unattributed", colours[speaker_key(quote)]))
    names = queries.entity_names(store, {m["entity"] for m in article["mentions"] if m["entity"]})
    entities: dict[str, list] = defaultdict(list)
    for m in article["mentions"]:
        if m["entity"]:
            entities[m["entity"]].append(m["text"])
    people = sorted(((eid, names.get(eid, eid), len(texts)) for eid, texts in entities.items()),
                    key=lambda e: (-e[2], e[1]))
    heading = article["title"] or (shorten(article["sentences"][0]["text"], 110) if article["sentences"] else None)
    return render(request, "article.html", f"/api/articles/{article_id}", a=article, runs=text_runs, heading=heading,
                  first_cited=first_cited, speakers=list(speakers.values()), people=people)


def cited_mark(sentences: list[dict], start: int, end: int) -> Mark:
    """A citation's span (a date, a quote) widened to its whole sentence(s): the reader followed a sentence."""
    around = [s for s in sentences if s["start"] < end and s["end"] > start]
    if around:
        start, end = min(start, around[0]["start"]), max(end, around[-1]["end"])
    return Mark(start, end, "cited", "the sentence you followed here")


# -- entities ---------------------------------------------------------------------------------

@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: Text = None, type: Annotated[Optional[str], Query(max_length=40)] = None,
                  offset: Offset = 0):
    state = web(request)
    store = state.store()
    ranking = ranking_of(state, store)
    result = queries.entities(store, ranking, q=blank_to_none(q), type=blank_to_none(type), limit=PAGE, offset=offset)
    types = sorted({e.type for e in ranking})
    return render(request, "entities.html", api_twin(request, "/api/entities"), result=result, limit=PAGE,
                  types=types, filters={"q": q, "type": type})


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str):
    state = web(request)
    store = state.store()
    found = queries.entity(store, entity_id, timeline_of(state, store).citations,
                           event_mentions_shown=0) if len(entity_id) <= 200 else None
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    attributes = attribute_values(found["attributes"])
    disputes = queries.discrepancies(store, entity=entity_id, limit=100)["discrepancies"]
    named, named_total = sentences_naming(store, entity_id)
    labels = article_labels(store, {v["article"] for _, values, _ in attributes for _, sources in values
                                    for v in sources[:SOURCES_SHOWN] if v.get("article")})
    return render(request, "entity.html", f"/api/entities/{entity_id}", e=found, attributes=attributes,
                  disputes={d.get("attribute"): d for d in disputes}, labels=labels, named=named,
                  named_total=named_total, shown=SOURCES_SHOWN)


def attribute_values(attributes: dict[str, list[dict]]) -> list[tuple[str, list[tuple[str, list[dict]]], bool]]:
    """(attribute, [(value, the mentions that give it)], whether sources differ), most given value first."""
    out = []
    for name, given in sorted(attributes.items()):
        by_value: dict[str, list[dict]] = defaultdict(list)
        for v in given:
            by_value[str(v["value"])].append(v)
        values = sorted(by_value.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        out.append((name, values, len(by_value) > 1))
    return out


def sentences_naming(store, entity_id: str, limit: int = 40) -> tuple[list[dict], int]:
    """The sentences that name the entity, by date: what the reports say about them."""
    base = ("FROM mentions m JOIN articles a ON a.id = m.article AND a.current = 1"
            " JOIN sentences s ON s.article = m.article AND s.idx = m.sentence WHERE m.entity = ?")
    total = store.scalar(f"SELECT COUNT(DISTINCT s.id) {base}", (entity_id,))
    rows = store.query(f"SELECT DISTINCT s.article, s.start, s.\"end\", s.text, a.date, a.title, a.source, a.outlet"
                       f" {base} ORDER BY COALESCE(a.date, '9999'), a.source, s.start LIMIT ?", (entity_id, limit))
    return [dict(r, label=r["outlet"] or r["title"] or basename(r["source"])) for r in rows], total


# -- quotes, figures, forecasts, discrepancies, search -----------------------------------------

def article_labels(store, ids: set[str]) -> dict[str, dict]:
    """Title, source and date of the cited articles, to label citations."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r["id"]: dict(r) for r in store.query(
        f"SELECT id, title, source, date, outlet FROM articles WHERE id IN ({marks})", list(ids))}


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, entity: EntityId = None, q: Text = None,
                kind: Optional[Literal["direct", "indirect", "mixed"]] = None, date_from: DateFrom = None,
                date_to: DateTo = None, offset: Offset = 0):
    store = web(request).store()
    result = queries.quotes(store, entity=blank_to_none(entity), q=blank_to_none(q), kind=kind, date_from=date_from,
                            date_to=date_to, limit=PAGE, offset=offset)
    labels = article_labels(store, {x["article"] for x in result["quotes"]})
    return render(request, "quotes.html", api_twin(request, "/api/quotes"), result=result, labels=labels, limit=PAGE,
                  filters={"q": q, "entity": entity, "kind": kind, "from": date_from, "to": date_to})


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request, what: Text = None, series: SeriesId = None, offset: Offset = 0):
    state = web(request)
    store = state.store()
    sizes = state.cached("series_sizes", lambda: series_sizes(store))
    result = figure_page(store, sizes, what=blank_to_none(what), series=blank_to_none(series), limit=FIGURES_PAGE,
                         offset=offset)
    drawn = charts(result)
    labels = article_labels(store, {p.record["article"] for c in drawn for p in c.points[:TABLE_ROWS]}
                            | {i.get("article") for d in result["discrepancies"] for i in d["items"]
                               if isinstance(i, dict)})
    return render(request, "figures.html", api_twin(request, "/api/figures"), result=result, limit=FIGURES_PAGE,
                  charts=[c for c in drawn if len(c.points) > 1], singles=[c for c in drawn if len(c.points) == 1],
                  labels=labels, bound=bound, number=number, rows=TABLE_ROWS, what=what or "", series=series)


@router.get("/forecasts", response_class=HTMLResponse)
def forecasts_page(request: Request, status: Optional[Literal["open", "confirmed", "refuted", "mixed"]] = None):
    store = web(request).store()
    items = queries.forecasts(store, limit=1_000_000)["forecasts"]
    shown = [f for f in items if status is None or f["status"] == status]
    groups = {s: [f for f in shown if f["status"] == s] for s in ("open", "confirmed", "refuted", "mixed")}
    labels = article_labels(store, {f["article"] for f in shown} | {c["article"] for f in shown for c in f["evidence"]
                                                                    if isinstance(c, dict) and c.get("article")})
    return render(request, "forecasts.html", api_twin(request, "/api/forecasts"), groups=groups, total=len(items),
                  calibration=calibration(items), labels=labels, status=status)


DISCREPANCY_KINDS = {  # what each kind means to a reader, in the order the page shows them
    "attribute": "Names given different titles or ranks",
    "figure": "Figures for the same day that cannot all be right",
    "stale_figure": "Figures given as current after the count had moved on",
}


@router.get("/discrepancies", response_class=HTMLResponse)
def discrepancies_page(request: Request, kind: Annotated[Optional[str], Query(max_length=40)] = None,
                       offset: Offset = 0):
    store = web(request).store()
    result = queries.discrepancies(store, kind=blank_to_none(kind), limit=PAGE, offset=offset)
    labels = article_labels(store, {i.get("article") for d in result["discrepancies"] for i in shown_items(d)
                                    if i.get("article")})
    groups: dict[str, list] = defaultdict(list)
    for d in result["discrepancies"]:
        groups[d["kind"]].append(d)
    order = [k for k in DISCREPANCY_KINDS if k in groups] + sorted(k for k in groups if k not in DISCREPANCY_KINDS)
    names = queries.entity_names(store, {d["entity"] for d in result["discrepancies"] if d.get("entity")})
    kinds = [r[0] for r in store.query("SELECT DISTINCT kind FROM discrepancies ORDER BY kind")]
    return render(request, "discrepancies.html", api_twin(request, "/api/discrepancies"), result=result,
                  groups=[(k, DISCREPANCY_KINDS.get(k, k.replace("_", " ")), groups[k]) for k in order],
                  labels=labels, names=names, kinds=kinds, kind=kind, limit=PAGE, shown_items=shown_items)


def shown_items(discrepancy: dict) -> list[dict]:
    """The items a page lists: all of a figure discrepancy's (each side once); for an attribute, the
    first SOURCES_SHOWN reports of each value (a rank given in 2,000 reports is one line, not 2,000)."""
    items = [i for i in discrepancy["items"] if isinstance(i, dict) and i.get("article")]
    if discrepancy["kind"] != "attribute":
        return items
    by_value: dict[str, list] = defaultdict(list)
    for i in items:
        by_value[str(i.get("value"))].append(i)
    return [i for same in by_value.values() for i in same[:SOURCES_SHOWN]]


def snippet_parts(marked: str) -> list[tuple[str, bool]]:
    """FTS5 marks matches with \\x02...\\x03: (text, matched) pieces for the template to escape."""
    parts = []
    for n, piece in enumerate(re.split(r"[\x02\x03]", marked)):
        if piece:
            parts.append((piece, n % 2 == 1))
    return parts


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Text = None, offset: Offset = 0):
    result = None
    if q and q.strip():
        state = web(request)
        store = state.store()
        index = articles_of(state, store)
        result = queries.search(store, q, stale=index.stale_sentences, limit=PAGE, offset=offset)
        for hit in result["hits"]:
            hit["parts"] = snippet_parts(hit.pop("marked"))
    return render(request, "search.html", api_twin(request, "/api/search") if q else "/api/status",
                  result=result, q=q or "", limit=PAGE)


@router.get("/favicon.ico")
def favicon():
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request):
    return render(request, "about.html", "/api/status", status=status_of(web(request).store()))
