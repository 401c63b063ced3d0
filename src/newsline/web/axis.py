"""The timeline page's zoomable axis: which entries become items, and where the axis opens.

Event dates are TIMEX3-style calendar values (a day, ISO week, month, season or year); the axis
needs the days each one covers. (nlp/events/dating.py reads the same values, but importing it
loads spaCy, which the web app does not need.)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..views.timeline import PART_OF_DAY

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-(SP|SU|FA|WI)|-Q([1-4]))?(?:T.*)?$")
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def period(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) of a calendar value, or None (a duration, a decade)."""
    m = PERIOD.match(value or "")
    if not m:
        return None
    year, month, day, week, season, quarter = m.groups()
    year = int(year)
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d, "day"
        if month:
            return dt.date(year, int(month), 1), month_end(year, int(month)), "month"
        if week:
            lo = dt.date.fromisocalendar(year, int(week), 1)
            return lo, lo + dt.timedelta(days=6), "week"
        if season:
            first, last = SEASON_MONTHS[season]
            return dt.date(year, first, 1), month_end(year + (last > 12), (last - 1) % 12 + 1), "season"
        if quarter:
            q = int(quarter)
            return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), "quarter"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:
        return None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def axis_item(entry_id: str, entry) -> dict[str, Any] | None:
    """A vis-timeline item for a timeline entry. A day is a dot (at its time of day when known);
    a span (an event's date to its date_end) and a week, month, season or quarter are a labelled
    range in their own row; a year alone is too coarse for the axis and stays in the list."""
    first = period(entry.date)
    if first is None:
        return None
    last = period(entry.date_end) if entry.date_end else None
    if last is not None and last[1] < first[0]:
        last = None
    if last is None and first[2] == "year":
        return None
    shown = entry.date + (f" to {entry.date_end}" if last else "")
    item = {"id": entry_id, "date": shown, "text": entry.text}
    if last is None and first[2] == "day":
        clock = PART_OF_DAY.get(entry.time or "", entry.time) or "12:00"
        return dict(item, start=f"{first[0].isoformat()}T{clock}:00")
    end = (last or first)[1] + dt.timedelta(days=1)
    return dict(item, start=first[0].isoformat(), end=end.isoformat())


def axis_window(items: list[dict[str, Any]]) -> list[str] | None:
    """The axis opens on where most entries are (10th to 90th percentile, padded): a story's
    background ('last overhauled in 2011') must not squeeze its weeks into a sliver."""
    starts = sorted(item["start"][:10] for item in items)
    if not starts:
        return None
    lo, hi = starts[len(starts) // 10], starts[(len(starts) * 9) // 10]
    first, last = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    pad = max(dt.timedelta(days=2), (last - first) / 8)
    return [(first - pad).isoformat(), (last + pad).isoformat()]
