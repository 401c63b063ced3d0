"""What the figures and forecasts pages compute from the records: figure series with their
conflicts and a small SVG chart each, and forecast calibration per holder."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

LOWER_BOUNDS = {"at_least", "more_than", "over"}
UPPER_BOUNDS = {"up_to", "nearly", "fewer_than", "less_than", "under", "at_most"}


@dataclass
class Point:
    claim: dict[str, Any]
    date: str | None
    low: float
    high: float
    conflict: bool = False
    # chart geometry, filled by `layout`
    x: float = 0.0
    y_low: float = 0.0
    y_high: float = 0.0


@dataclass
class Series:
    what: str | None
    unit: str | None
    points: list[Point] = field(default_factory=list)
    width: int = 560
    height: int = 180
    pad: int = 44
    y_max: float = 0.0
    first: str | None = None
    last: str | None = None
    top_value: float = 0.0  # the largest figure, labelled on the value axis at its height
    top_y: float = 0.0

    @property
    def label(self) -> str:
        name = self.what or "figures with no subject"
        return f"{name} ({self.unit})" if self.unit else name

    @property
    def conflicts(self) -> int:
        return sum(p.conflict for p in self.points)


def store_series(store) -> list[Series]:
    """Every figure series of the store, with the claims named in figure discrepancies marked."""
    from . import queries

    disputed = set()
    for d in queries.discrepancies(store, kind="figure", limit=10_000)["discrepancies"]:
        disputed |= {(i.get("article"), i.get("text")) for i in d["items"] if isinstance(i, dict)}
    return series_of(queries.claims_with_dates(store), disputed)


def interval(value: float | list[float], qualifier: str | None) -> tuple[float, float]:
    """The values a figure allows: 'at least 220' is [220, inf), 'about 200' is ±10 %."""
    if isinstance(value, list):
        return float(value[0]), float(value[1])
    v = float(value)
    if qualifier in LOWER_BOUNDS:
        return v, math.inf
    if qualifier in UPPER_BOUNDS:
        return -math.inf, v
    if qualifier in ("about", "around", "approximately", "roughly"):
        return v * 0.9, v * 1.1
    return v, v


def series_of(claims: list[tuple[dict, str | None]], disputed: set[tuple[str, str]] | None = None) -> list[Series]:
    """Group claims by (what, unit); two figures for the same day that cannot both be true conflict."""
    groups: dict[tuple, Series] = {}
    for claim, article_date in claims:
        key = (claim["what"], claim["unit"])
        series = groups.setdefault(key, Series(claim["what"], claim["unit"]))
        low, high = interval(claim["value"], claim["qualifier"])
        series.points.append(Point(claim, claim["as_of"] or article_date, low, high))
    for series in groups.values():
        by_date = defaultdict(list)
        for p in series.points:
            by_date[p.date].append(p)
        for same_day in by_date.values():
            for a in same_day:
                for b in same_day:
                    if a is not b and (a.high < b.low or b.high < a.low):
                        a.conflict = True
        for p in series.points:
            if disputed and (p.claim["article"], p.claim["anchor"]) in disputed:
                p.conflict = True
        layout(series)
    return sorted(groups.values(), key=lambda s: (-len(s.points), s.label))


def layout(series: Series) -> None:
    """Points on a date axis (x) and a value axis from 0 (y), in SVG units."""
    dated = sorted({p.date for p in series.points if p.date})
    pad = series.pad
    series.first, series.last = (dated[0], dated[-1]) if dated else (None, None)
    days = {d: day_number(d) for d in dated}
    lo_day = min(days.values(), default=0)
    span = max(max(days.values(), default=0) - lo_day, 1)
    finite = [v for p in series.points for v in (p.low, p.high) if math.isfinite(v)]
    series.y_max = max(finite, default=1.0) * 1.15 or 1.0
    inner_w, inner_h = series.width - 2 * pad, series.height - 2 * pad

    def y(value: float) -> float:
        value = min(max(value, 0.0), series.y_max)
        return round(series.height - pad - inner_h * value / series.y_max, 1)

    series.top_value = max(finite, default=0.0)
    series.top_y = y(series.top_value)
    for p in series.points:
        if p.date and len(dated) > 1:
            p.x = round(pad + inner_w * (days[p.date] - lo_day) / span, 1)
        else:
            p.x = series.width / 2
        p.y_low = y(p.low if math.isfinite(p.low) else p.high)
        p.y_high = y(p.high if math.isfinite(p.high) else p.low)


def day_number(date: str) -> int:
    try:
        return dt.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date[:10]).toordinal()
    except ValueError:
        return 0


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
