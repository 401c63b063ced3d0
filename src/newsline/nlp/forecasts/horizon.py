"""The deadline a forecast sets itself, from the article's resolved time expressions.

The expression must sit in the forecast's clause. Its preposition says which end of the period
counts: "by Friday", "on Monday", "this week", "in the autumn", "until mid-May": the period's end
(a middle when the text says "the middle of"); "before April": the day before the period starts;
"from next Monday": its first day; "within ten days": the statement's date plus the duration.
A forecast with no such expression is open-ended (None).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..events.dating import calendar, preposition_before

WEEKEND = re.compile(r"^(\d{4})-W(\d{2})-WE$")
DURATION = re.compile(r"^P(\d+)(D|W|M|Y)$")
DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365}
WITHIN = {"within", "in", "inside", "next", "coming"}


@dataclass(frozen=True)
class Horizon:
    deadline: str  # YYYY-MM-DD
    value: str  # the TIMEX3 value it came from
    text: str  # the expression with its preposition, as written


def period(value: str, mod: str | None) -> tuple[dt.date, dt.date] | None:
    m = WEEKEND.match(value or "")
    if m:
        sunday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
        return sunday - dt.timedelta(days=1), sunday
    when = calendar(value or "")
    if when is None:
        return None
    lo, hi = when.lo, when.hi
    if mod == "MID" and when.precision in ("month", "year", "season", "quarter"):
        middle = lo + (hi - lo) / 2
        return middle, middle
    if mod == "END" and when.precision != "day":
        return hi, hi
    if mod == "START" and when.precision != "day":
        return lo, lo
    return lo, hi


NOT_DEADLINES = {"since", "after", "ago", "following", "last", "earlier", "previously"}


def horizon_of(timexes, inside, text: str, stated_on: dt.date | None) -> Horizon | None:
    """The deadline of a forecast: from the time expressions `inside(start, end)` says belong to its
    own clause (not a relative clause's "who joined in 2006", not "since 1987"); the latest wins
    when there are several (the deadline, not an earlier date the clause mentions)."""
    best = None
    for t in timexes:
        if not inside(t.start, t.end):
            continue
        before = preposition_before(text, t.start)
        if before in NOT_DEADLINES or t.text.lower().startswith(("last ", "earlier")):
            continue
        if text[t.end:t.end + 2] in ("'s", "’s"):
            continue  # "Wednesday's raid": names an event by its day, sets no deadline
        two = " ".join(re.findall(r"\w+", text[max(0, t.start - 24):t.start].lower())[-3:])
        if t.type == "DURATION":
            m = DURATION.match(t.value)
            if not m or stated_on is None or before not in WITHIN:
                continue
            deadline = stated_on + dt.timedelta(days=int(m.group(1)) * DAYS[m.group(2)])
        elif t.type in ("DATE", "TIME"):
            span = period(t.value[:10] if t.type == "TIME" else t.value, t.mod)
            if span is None:
                continue
            if before in ("before", "ahead"):
                deadline = span[0] - dt.timedelta(days=1)
            elif before in ("from", "starting", "beginning") or two.endswith("as of"):
                deadline = span[0]
            else:
                deadline = span[1]
        else:
            continue
        lead = text[max(0, t.start - 24):t.start]
        m = re.search(r"((?:as soon as|no later than|by|before|until|till|within|in|on|from|at|after|"
                      r"over|during)\s+(?:at\s+least\s+)?)$", lead, re.I)
        written = (m.group(1) if m else "") + text[t.start:t.end]
        candidate = Horizon(deadline.isoformat(), t.value, written)
        if best is None or candidate.deadline > best.deadline:
            best = candidate
    return best
