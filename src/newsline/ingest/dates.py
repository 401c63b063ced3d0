"""Stated publication dates: parse what a header or metadata field says, or say why not."""

from __future__ import annotations

import datetime as dt
import re
import time

from dateutil import parser as dateutil_parser

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


class DateProblem(ValueError):
    """The stated date cannot be used; the message says why."""


def parse_stated_date(raw: str | None) -> str | None:
    """Return the ISO date (YYYY-MM-DD) of `raw`, None when absent, or raise DateProblem.

    Accepts ISO dates and datetimes and the RFC 822 dates of feeds. Impossible
    calendar dates ("2023-02-30") are problems, not silently shifted or clamped.
    A date in the future parses (it is kept as given); see `future_problem`.
    """
    if raw is None:
        return None
    raw = raw.strip()
    if not raw:
        return None
    if len(raw) > 64:
        raise DateProblem(f"date {raw[:40]!r}... is too long to be a date")
    m = ISO_DATE.match(raw)
    try:
        if m:
            value = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            value = dateutil_parser.parse(raw, default=dt.datetime(1, 1, 1)).date()
            if value.year == 1:
                raise ValueError("no year")
    except (ValueError, OverflowError) as err:
        raise DateProblem(f"date {raw!r} does not parse ({err})") from None
    if value.year < 1800:
        raise DateProblem(f"date {raw!r} is before 1800")
    return value.isoformat()


def set_stated_date(article, raw: str | None) -> None:
    """Give a RawArticle its stated date as given; a date that does not parse becomes a warning."""
    article.stated_date_raw = raw
    if raw:
        try:
            article.stated_date = parse_stated_date(raw)
        except DateProblem as problem:
            article.warnings.append(str(problem))


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
