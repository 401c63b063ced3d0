"""The figures page and its JSON twin: the export's figure series (link/figures.py groups claims
about one quantity and finds where reports conflict), a page at a time, each drawn as a small SVG
chart with its conflicts marked; and forecast calibration per holder."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..export.build import POINT_COLUMNS, discrepancy_dict, series_dict
from ..views.figures import FIGURE_KINDS

LOWER_BOUNDS = {"at_least", "more_than"}
UPPER_BOUNDS = {"up_to", "less_than", "nearly"}
ROUGHLY = {"about"}
TABLE_ROWS = 40  # points listed under a chart; the JSON twin has them all


@dataclass
class SeriesSize:
    id: str
    what: str | None
    key: str
    points: int


def series_sizes(store) -> list[SeriesSize]:
    """Every series with points in current articles, in `newsline figures` order: most reported
    first, then by what is counted (cached per store generation by the caller)."""
    counts = {r[0]: r[1] for r in store.query(
        "SELECT c.series, COUNT(*) FROM claims c JOIN articles a ON a.id = c.article"
        " WHERE a.current = 1 AND c.series IS NOT NULL GROUP BY c.series")}
    sizes = [SeriesSize(r["id"], r["what"], r["key"], counts[r["id"]])
             for r in store.query("SELECT id, what, key FROM claim_series") if r["id"] in counts]
    sizes.sort(key=lambda s: (-s.points, s.what or "", s.id))
    return sizes


def figure_page(store, sizes: list[SeriesSize], *, what: str | None = None, series: str | None = None,
                limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """{total, limit, offset, series, discrepancies}: series records as exported (`series`), and the
    figure discrepancies of the series on this page (`figure`: reports that cannot both be right;
    `stale_figure`: a figure given as current after the series had moved past it)."""
    chosen = [s for s in sizes if s.id == series] if series else sizes
    if what:
        needle = what.lower()
        chosen = [s for s in sizes if needle in (s.what or "").lower() or needle in s.key.lower()]
    window = [s.id for s in chosen[offset: offset + limit]]
    records, discrepancies = [], []
    if window:
        marks = ",".join("?" * len(window))
        rows = {r["id"]: r for r in store.query(f"SELECT * FROM claim_series WHERE id IN ({marks})", window)}
        points = defaultdict(list)
        for r in store.query(f"SELECT {POINT_COLUMNS} FROM claims WHERE series IN ({marks})"
                             " AND article IN (SELECT id FROM articles WHERE current = 1)", window):
            points[r["series"]].append(r)
        records = [series_dict(rows[i], points[i]) for i in window]
        kinds = ",".join("?" * len(FIGURE_KINDS))
        discrepancies = [discrepancy_dict(r) for r in store.query(
            f"SELECT * FROM discrepancies WHERE series IN ({marks}) AND kind IN ({kinds})"
            " ORDER BY kind, series, description, id", (*window, *FIGURE_KINDS))]
    return {"total": len(chosen), "limit": limit, "offset": offset, "series": records,
            "discrepancies": discrepancies}


# -- charts -----------------------------------------------------------------------------------

@dataclass
class Point:
    record: dict[str, Any]  # the export's point
    label: str  # "at least 17", "40–60"
    mark: str | None = None  # "conflict" | "stale"
    low: float = 0.0
    high: float = 0.0
    x: float = 0.0
    y_low: float = 0.0
    y_high: float = 0.0


@dataclass
class Chart:
    """One series as the page draws it: a date axis (x) and a value axis from 0 (y), in SVG units."""

    record: dict[str, Any]
    points: list[Point]
    discrepancies: list[dict[str, Any]]
    drawn: list[Point] = field(default_factory=list)  # one per distinct (date, value, mark)
    dates: int = 0  # distinct as-of dates: a chart needs two
    width: int = 560
    height: int = 180
    pad: int = 44
    first: str | None = None
    last: str | None = None
    top_value: float = 0.0
    top_y: float = 0.0

    @property
    def label(self) -> str:
        s = self.record
        name = s["what"] or s["key"]
        name = f"{name} ({s['unit']})" if s["unit"] else name
        return f"{name}, {s['subject']}" if s["subject"] else name

    @property
    def conflicts(self) -> int:
        return sum(p.mark == "conflict" for p in self.points)

    @property
    def stale(self) -> int:
        return sum(p.mark == "stale" for p in self.points)


def charts(page: dict[str, Any]) -> list[Chart]:
    """The page's series with each point marked from the discrepancies: every claim named in a
    `figure` discrepancy is in conflict; the first claim of a `stale_figure` is the stale one."""
    marked: dict[tuple[str, int], str] = {}
    for d in page["discrepancies"]:
        items = [i for i in d["items"] if isinstance(i, dict)]
        if d["kind"] == "figure":
            marked.update({(i.get("article"), i.get("start")): "conflict" for i in items})
        elif d["kind"] == "stale_figure" and items:
            marked.setdefault((items[0].get("article"), items[0].get("start")), "stale")
    out = []
    for s in page["series"]:
        points = [Point(p, figure_label(p), marked.get((p["article"], p["start"]))) for p in s["points"]]
        chart = Chart(s, points, [d for d in page["discrepancies"] if d.get("series") == s["id"]])
        layout(chart)
        out.append(chart)
    return out


def number(value: float) -> str:
    """2300000000.0 -> '2,300,000,000', 2.5 -> '2.5': as a reader writes a figure."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


def figure_label(point: dict[str, Any]) -> str:
    """'at least 17', '40–60', 'about 8,000'."""
    value = point["value"]
    shown = f"{number(value[0])}–{number(value[1])}" if isinstance(value, list) else number(value)
    qualifier = (point.get("qualifier") or "").replace("_", " ")
    return f"{qualifier} {shown}" if qualifier else shown


def interval(value: float | list[float], qualifier: str | None) -> tuple[float, float]:
    """What the chart draws: a range as a bar, 'about' as a ±10 % bar, a bound as its value
    (drawn as a triangle pointing the open way), anything else as a dot."""
    if isinstance(value, list):
        return float(value[0]), float(value[1])
    v = float(value)
    if qualifier in ROUGHLY:
        return v * 0.9, v * 1.1
    return v, v


def layout(chart: Chart) -> None:
    dated = sorted({p.record["as_of"] for p in chart.points if p.record["as_of"]})
    chart.first, chart.last = (dated[0], dated[-1]) if dated else (None, None)
    chart.dates = len(dated)
    seen, drawn = set(), []
    for p in chart.points:
        p.low, p.high = interval(p.record["value"], p.record["qualifier"])
        key = (p.record["as_of"], p.low, p.high, p.record["qualifier"] in LOWER_BOUNDS,
               p.record["qualifier"] in UPPER_BOUNDS, p.mark)
        if p.record["as_of"] and key not in seen:
            seen.add(key)
            drawn.append(p)
    chart.drawn = sorted(drawn, key=lambda p: p.mark or "")  # marked points drawn last, on top
    days = {d: day_number(d) for d in dated}
    lo_day = min(days.values(), default=0)
    span = max(max(days.values(), default=0) - lo_day, 1)
    finite = [v for p in drawn for v in (p.low, p.high) if math.isfinite(v)]
    chart.top_value = max(finite, default=0.0)
    y_max = chart.top_value * 1.15 or 1.0
    pad, inner_w, inner_h = chart.pad, chart.width - 2 * chart.pad, chart.height - 2 * chart.pad

    def y(value: float) -> float:
        return round(chart.height - pad - inner_h * min(max(value, 0.0), y_max) / y_max, 1)

    chart.top_y = y(chart.top_value)
    for p in drawn:
        p.x = round(pad + inner_w * (days[p.record["as_of"]] - lo_day) / span, 1) if len(dated) > 1 \
            else chart.width / 2
        p.y_low, p.y_high = y(p.low), y(p.high)


def day_number(date: str) -> int:
    """A date as a day count; a month or year counts from its first day."""
    try:
        return dt.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date[:10]).toordinal()
    except ValueError:
        return 0


def bound(point: Point) -> str | None:
    qualifier = point.record["qualifier"]
    return "lower" if qualifier in LOWER_BOUNDS else "upper" if qualifier in UPPER_BOUNDS else None


# -- forecasts ------------------------------------------------------------------------------

def calibration(forecasts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per holder: how many forecasts by status, and for resolved ones with a probability,
    the mean stated probability, the share that came true and the Brier score."""
    by_holder: dict[str, list[dict]] = defaultdict(list)
    for f in forecasts:
        by_holder[f["holder"] or "(no holder named)"].append(f)
    rows = []
    for holder, items in by_holder.items():
        counts = {s: sum(f["status"] == s for f in items) for s in ("open", "confirmed", "refuted", "mixed")}
        scored = [(f["probability"], 1.0 if f["status"] == "confirmed" else 0.0) for f in items
                  if f["status"] in ("confirmed", "refuted") and f["probability"] is not None]
        row = {"holder": holder, "forecasts": len(items), **counts, "scored": len(scored),
               "mean_probability": None, "hit_rate": None, "brier": None}
        if scored:
            row["mean_probability"] = round(sum(p for p, _ in scored) / len(scored), 3)
            row["hit_rate"] = round(sum(o for _, o in scored) / len(scored), 3)
            row["brier"] = round(sum((p - o) ** 2 for p, o in scored) / len(scored), 3)
        rows.append(row)
    rows.sort(key=lambda r: (-r["forecasts"], r["holder"]))
    return rows
