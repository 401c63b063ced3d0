"""Stated publication dates: read what a header or metadata field says, or say why not.

What a field can say, and what newsline keeps (the raw string is always kept as given):
- a day ("2024-03-05", "5 March 2024", an RFC 822 date, "2024-03-05T10:00Z"): that day;
- a Unix time (1263332000, or 1263332000000 in milliseconds): its UTC day, when it falls between
  1990 and tomorrow;
- a numeric day and month that can be read both ways ("12/01/2010"): the outlet's order when its
  locale or country domain says it (see `locales`), else both readings, and the article's text
  chooses (`nlp.stated_dates`);
- only a year or a month ("2010", "March 2010", "2010-03"): a window, not a day; the day is inferred
  from the text inside it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

from .locales import DAY_FIRST, MONTH_FIRST_ORDER, date_order

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
YEAR_ONLY = re.compile(r"^(\d{4})$")
YEAR_FIRST = re.compile(r"^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?!\d)")
# day and month in either order: 12/01/2010, 12.01.2010, 12-01-2010, 12/01/10 (both separators the
# same; a two-digit year only after slashes, so a clock time "10.02.33" is not a date)
NUMERIC = re.compile(r"(?<![\d./:-])(\d{1,2})(?:([.-])(\d{1,2})\2(\d{4})|(/)(\d{1,2})/(\d{4}|\d{2}))(?![\d/:-])")
MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")  # a year (4 digits) or YYYYMMDD (8) is a date; any other number a Unix time
EARLIEST_EPOCH_YEAR = 1990


class DateProblem(ValueError):
    """The stated date cannot be used; the message says why."""


@dataclass
class StatedDate:
    """What a stated date says: exactly one of `day`, `readings`, `window`."""

    day: str | None = None  # ISO day
    readings: tuple[str, str] | None = None  # ambiguous: (day-first, month-first) ISO days
    window: tuple[str, str] | None = None  # only a year or a month: its first and last day
    how: str | None = None  # how a form that is not plain was read (Unix time, the outlet's order)
    order_shown: str | None = None  # a numeric date that can only be read one way shows its writer's order


def read_stated_date(raw: str | None, *, locale: str | None = None, url: str | None = None,
                     today: dt.date | None = None) -> StatedDate | None:
    """Read `raw` (None when absent), or raise DateProblem saying why it cannot be used.

    Impossible calendar dates ("2023-02-30") are problems, not silently shifted or clamped. A day
    in the future is read (it is kept as given; see `future_problem`).
    """
    if raw is None:
        return None
    raw = raw.strip()
    if not raw:
        return None
    today = today or dt.date.today()
    if len(raw) > 64:
        raise DateProblem(f"date {raw[:40]!r}... is too long to be a date")
    try:
        if NUMBER.match(raw) and len(raw) not in (4, 8):
            return _epoch(raw, today)
        m = ISO_DATE.match(raw) or YEAR_FIRST.match(raw)
        if m:
            groups = (m.group(1), m.group(2), m.group(3)) if m.re is ISO_DATE else (m.group(1), m.group(3), m.group(4))
            return StatedDate(day=_checked(dt.date(*map(int, groups)), raw).isoformat())
        m = YEAR_ONLY.match(raw)
        if m:
            return _window(raw, int(m.group(1)), None, today)
        m = ISO_MONTH.match(raw)
        if m:
            return _window(raw, int(m.group(1)), int(m.group(2)), today)
        m = None if MONTH_NAME.search(raw) else NUMERIC.search(raw)
        if m:
            return _numeric(raw, m, locale, url, today)
        return _written(raw, today)
    except (ValueError, OverflowError) as err:
        if isinstance(err, DateProblem):
            raise
        raise DateProblem(f"date {raw!r} does not parse ({err})") from None


def _checked(value: dt.date, raw: str) -> dt.date:
    if value.year < 1800:
        raise DateProblem(f"date {raw!r} is before 1800")
    return value


def _epoch(raw: str, today: dt.date) -> StatedDate:
    number = float(raw)
    latest = today + dt.timedelta(days=1)
    for unit, divisor in (("seconds", 1), ("milliseconds", 1000)):
        try:
            moment = dt.datetime.fromtimestamp(number / divisor, tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            continue
        if dt.date(EARLIEST_EPOCH_YEAR, 1, 1) <= moment <= latest:
            return StatedDate(day=moment.isoformat(), how=f"'{raw}' read as a Unix time in {unit} (UTC)")
    raise DateProblem(f"date {raw!r} is a number but not a Unix time (seconds or milliseconds) between "
                      f"{EARLIEST_EPOCH_YEAR} and {latest.isoformat()}")


def _window(raw: str, year: int, month: int | None, today: dt.date) -> StatedDate:
    if month is None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    _checked(first, raw)
    if first > today + dt.timedelta(days=1):
        raise DateProblem(f"date {raw!r} lies in the future (today is {today.isoformat()})")
    return StatedDate(window=(first.isoformat(), last.isoformat()))


def _numeric(raw: str, m: re.Match, locale: str | None, url: str | None, today: dt.date) -> StatedDate:
    a = int(m.group(1))
    b, year_text = (m.group(3), m.group(4)) if m.group(2) else (m.group(6), m.group(7))
    b, year = int(b), int(year_text)
    if len(year_text) == 2:  # a two-digit year is this century's unless that lies ahead
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    if a > 12 and b > 12:
        raise DateProblem(f"date {raw!r} does not parse (neither {a} nor {b} is a month)")
    day_first = dt.date(year, b, a) if b <= 12 else None
    month_first = dt.date(year, a, b) if a <= 12 else None
    if day_first is None or month_first is None or day_first == month_first:
        shown = None if day_first == month_first else DAY_FIRST if day_first else MONTH_FIRST_ORDER
        return StatedDate(day=_checked(day_first or month_first, raw).isoformat(), order_shown=shown)
    _checked(day_first, raw)
    order = date_order(locale, url)
    if order:
        chosen = day_first if order[0] == DAY_FIRST else month_first
        return StatedDate(day=chosen.isoformat(), how=f"'{raw}' read {order[0]} ({chosen.isoformat()}): {order[1]}")
    latest = today + dt.timedelta(days=1)
    future = [d for d in (day_first, month_first) if d > latest]
    if len(future) == 2:
        raise DateProblem(f"date {raw!r} lies in the future, read either way (today is {today.isoformat()})")
    if len(future) == 1:
        chosen = month_first if future[0] == day_first else day_first
        return StatedDate(day=chosen.isoformat(),
                          how=f"'{raw}' read as {chosen.isoformat()}: the other reading, {future[0].isoformat()}, "
                              f"lies in the future")
    return StatedDate(readings=(day_first.isoformat(), month_first.isoformat()))


def _written(raw: str, today: dt.date) -> StatedDate:
    """Dates written in words ("5 March 2024", RFC 822); a month and year alone is a window."""
    first = dateutil_parser.parse(raw, default=dt.datetime(1, 1, 1))
    if first.year == 1:
        raise ValueError("no year")
    other = dateutil_parser.parse(raw, default=dt.datetime(4, 12, 28))
    if other.day != first.day:  # the day was not written: only the month (or the year) is known
        return _window(raw, first.year, first.month if other.month == first.month else None, today)
    return StatedDate(day=_checked(first.date(), raw).isoformat())


def parse_stated_date(raw: str | None) -> str | None:
    """The ISO day `raw` states, None when absent; DateProblem when it is not one exact day."""
    stated = read_stated_date(raw)
    if stated is None:
        return None
    if stated.day is None:
        what = "can be read two ways" if stated.readings else "names no day"
        raise DateProblem(f"date {raw!r} {what}")
    return stated.day


def set_stated_date(article, raw: str | None, *, locale: str | None = None, written: str | None = None) -> None:
    """Give a RawArticle its stated date as given (`raw`, read from `written` when the date is part
    of it); a date that cannot be used becomes a warning, an ambiguous one keeps both readings
    (meta `_candidate_dates`) and a year or month keeps its window (meta `stated_date_window`)."""
    article.stated_date_raw = raw
    if not raw:
        return
    try:
        stated = read_stated_date(written or raw, locale=locale or article.meta.get("locale"), url=article.url)
    except DateProblem as problem:
        article.warnings.append(str(problem))
        return
    if stated is None:
        return
    article.stated_date = stated.day
    if stated.readings:
        article.meta["_candidate_dates"] = list(stated.readings)
    if stated.window:
        article.meta["stated_date_window"] = list(stated.window)
    if stated.how:
        article.meta.setdefault("date_reasons", []).append(stated.how)
    if stated.order_shown:
        article.meta["_date_order_shown"] = (stated.order_shown, raw)


def settle_by_file_order(articles: list) -> None:
    """Numeric dates in one file are written one way: when the file's unambiguous dates ("25/06/2009")
    all show the same order, its ambiguous ones ("12/01/2010") are read that way."""
    shown = {a.meta.pop("_date_order_shown") for a in articles if "_date_order_shown" in a.meta}
    orders = {order for order, _raw in shown}
    if len(orders) != 1:
        return
    order, example = sorted(shown)[0]
    for article in articles:
        readings = article.meta.pop("_candidate_dates", None)
        if not readings:
            continue
        article.stated_date = readings[0] if order == DAY_FIRST else readings[1]
        article.meta.setdefault("date_reasons", []).append(
            f"'{article.stated_date_raw}' read {order} ({article.stated_date}): the same file writes '{example}', "
            f"which can only be read {order}")


def ambiguous_reason(raw: str, readings: list[str]) -> str:
    return (f"date {raw!r} can be read day first ({readings[0]}) or month first ({readings[1]}), and the outlet's "
            f"order is not known (give a locale)")


def window_reason(raw: str, window: list[str]) -> str:
    what = "the year" if window[0][5:] == "01-01" and window[1][5:] == "12-31" else "the month"
    return f"date {raw!r} names only {what} ({window[0]}…{window[1]})"


def struct_time_to_iso(value: time.struct_time | None) -> str | None:
    if not value:
        return None
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"


def future_problem(iso: str | None, *, today: dt.date | None = None) -> str | None:
    """A reason when `iso` lies after today (plus a day for time zones), else None."""
    if not iso:
        return None
    today = today or dt.date.today()
    if dt.date.fromisoformat(iso) > today + dt.timedelta(days=1):
        return f"stated date {iso} lies in the future (today is {today.isoformat()})"
    return None
