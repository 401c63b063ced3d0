"""Dates written in numbers: "2024-03-05", "2024-03-05T14:30", "03/05/2024", "5.3.2024", "5/3/24".

Year-month-day (ISO) has one reading. Day and month written before the year have two when both parts
are 12 or less: 03/05/2024 is 5 March in London and 3 May in New York. The order is taken, in turn,
from the article (`date_order`: a `date_order` or `locale` field of its metadata, else the country of
its URL; see `date_order_of`), from the text itself (another numeric date in it whose day is over 12
shows the order), and else from the separator (`numeric_dates: by_separator` in the rule file: a slash
or a hyphen month first, as in US copy and TimeBank; a dot day first, as in German or Nordic copy).
When neither the article nor the text settles it, the value carries a note naming the other reading.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from .context import Ctx, Result, on_day
from .points import fmt, from_date

DAY_FIRST, MONTH_FIRST = "DMY", "MDY"


class NumericDateWords:
    """The `numeric_dates:` section of `rules/<lang>.yaml`."""

    def __init__(self, data: dict[str, Any]):
        self.by_separator: dict[str, str] = {str(k): str(v).upper() for k, v in (data.get("by_separator") or {}).items()}


def date_order_of(*, url: str | None = None, outlet: str | None = None,
                  meta: dict[str, Any] | None = None) -> str | None:
    """"DMY", "MDY" or None (not known) for an article: its metadata's `date_order` ("DMY"/"MDY"), else
    what its `locale` (or `language`) or the country domain of its URL (or of an outlet written as a
    domain) says, by the same rules ingest reads stated dates with (ingest/locales.py): bbc.co.uk,
    irishtimes.ie, abc.net.au day first, a .us domain month first; .com and the like say nothing."""
    from ...ingest.locales import DAY_FIRST as LOCALE_DAY_FIRST
    from ...ingest.locales import date_order

    meta = meta or {}
    order = str(meta.get("date_order") or "").upper()
    if order in (DAY_FIRST, MONTH_FIRST):
        return order
    locale = meta.get("locale") or meta.get("language")
    for where in (url, f"http://{_host(outlet)}" if _host(outlet) else None):
        found = date_order(str(locale) if locale else None, where)
        if found:
            return DAY_FIRST if found[0] == LOCALE_DAY_FIRST else MONTH_FIRST
    return None


def _host(where: str | None) -> str:
    if not where:
        return ""
    where = where.strip().lower()
    if "://" in where:
        return (urlsplit(where).hostname or "").rstrip(".")
    return where if re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", where) else ""


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parts(slots: dict[str, Any]) -> tuple[int, int] | None:
    try:
        return int(slots["a"]), int(slots["b"])
    except (KeyError, TypeError, ValueError):
        return None


def text_order(found: list[Any]) -> str | None:
    """The order the text's own unambiguous numeric dates show (25/03/2024: day first), when they agree."""
    seen = set()
    for f in found:
        parts = _parts(f.slots) if f.op == "numeric_date" else None
        if parts is None:
            continue
        a, b = parts
        if a > 12 >= b:
            seen.add(DAY_FIRST)
        elif b > 12 >= a:
            seen.add(MONTH_FIRST)
    return seen.pop() if len(seen) == 1 else None


def settle_order(found: list[Any], article_order: str | None, words: NumericDateWords) -> None:
    """Write into each numeric date's slots the order to read it in and whether it is known."""
    numeric = [f for f in found if f.op == "numeric_date"]
    if not numeric:
        return
    known = article_order or text_order(numeric)
    for f in numeric:
        sep = (f.slots.get("_raw") or {}).get("sep") or f.slots.get("sep") or "/"
        f.slots["_order"] = known or words.by_separator.get(sep, MONTH_FIRST)
        f.slots["_order_known"] = known is not None


def _year(raw: str, dct: date | None) -> int:
    """A written year; two digits are the century's year nearest the DCT (19yy/20yy without one)."""
    yy = int(raw)
    if len(raw) == 4:
        return yy
    if dct is None:
        return 1900 + yy if yy >= 30 else 2000 + yy
    return min((c + yy for c in (1900, 2000, 2100)), key=lambda y: (abs(y - dct.year), y))


def op_numeric_date(f: Any, ctx: Ctx) -> Result:
    """"03/05/2024": one reading when only one is a date; else the settled order, with a note naming the
    other reading when the order is a guess."""
    s = f.slots
    parts = _parts(s)
    raw_year = str(s.get("y") or "")
    if parts is None or not raw_year.isdigit():
        return Result("DATE", "XXXX-XX-XX")
    a, b = parts
    y = _year(raw_year, ctx.dct)
    day_first, month_first = _valid(y, b, a), _valid(y, a, b)
    order = s.get("_order") or MONTH_FIRST
    chosen, other = (day_first, month_first) if order == DAY_FIRST else (month_first, day_first)
    if chosen is None:
        chosen, other = other, None
    if chosen is None:
        return Result("DATE", f"{y:04d}-XX-XX")
    note = None
    if other is not None and other != chosen and not s.get("_order_known"):
        note = (f"ambiguous day/month: read {'day' if chosen == day_first else 'month'} first; "
                f"also {other.isoformat()}")
    p = from_date(chosen)
    return Result("DATE", fmt(p), None, None, p, note=note)


def op_iso(f: Any, ctx: Ctx) -> Result:
    """"2024-03-05" (a DATE), "2024-03-05T14:30" (a TIME)."""
    s = f.slots
    try:
        d = date(int(s["y"]), int(s["m"]), int(s["d"]))
    except (ValueError, KeyError, TypeError):
        return Result("DATE", f"{s.get('y') or 'XXXX'}-XX-XX")
    if s.get("hh") is not None and s.get("mi") is not None:
        r = on_day(d, f"{int(s['hh']):02d}:{int(s['mi']):02d}", None, None)
        return r
    p = from_date(d)
    return Result("DATE", fmt(p), None, None, p)


NUMERIC_DATE_OPS = {"numeric_date": op_numeric_date, "iso": op_iso}
