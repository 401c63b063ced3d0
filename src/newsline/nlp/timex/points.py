"""Calendar points at a granularity (century to time of day), their TIMEX3 values, calendar
arithmetic and duration values: what the resolving operations compute with.

A point may be partly unknown (fields None), which formats with X's ("XXXX-08-07"), so that a
text without a document creation time still gets symbolic values and can be resolved again
once a date is known.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from .words import default_words, ResolverWords


# granularities from coarse to fine
GRAN_ORDER = {"C": 0, "E": 1, "Y": 2, "H": 3, "Q": 4, "S": 4, "M": 5, "W": 6, "D": 7, "T": 8}
UNIT_GRAN = {"CE": "C", "DE": "E", "Y": "Y", "H": "H", "Q": "Q", "M": "M", "W": "W", "WE": "W", "D": "D",
             "FN": "W"}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}  # a month inside the season
SEASONS = ["WI", "SP", "SU", "FA"]
REF_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


@dataclass(frozen=True)
class Pt:
    """A calendar point; unknown fields are None."""

    gran: str
    y: int | None = None
    m: int | None = None
    d: int | None = None
    q: int | None = None
    h: int | None = None
    s: str | None = None  # season code
    w: int | None = None  # ISO week
    wy: int | None = None  # ISO week-year
    wd: int | None = None  # ISO weekday, when only the weekday is known
    we: bool = False  # weekend of the week
    tod: str | None = None  # time of day: "MO", "NI", "14:30", "24:00"

    def date(self) -> date | None:
        if self.y is None or self.m is None or self.d is None:
            return None
        try:
            return date(self.y, self.m, self.d)
        except ValueError:
            return None

    @property
    def concrete(self) -> bool:
        return self.y is not None


def from_date(d: date, gran: str = "D") -> Pt:
    iso = d.isocalendar()
    return Pt(gran, d.year, d.month, d.day, (d.month - 1) // 3 + 1, 1 if d.month <= 6 else 2,
              season_of(d.month), iso[1], iso[0])


def season_of(month: int) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(month, "FA")


def at_gran(p: Pt, gran: str) -> Pt:
    return replace(p, gran=gran, we=False, tod=None) if gran != "T" else p


def fmt(p: Pt) -> str:
    g = p.gran
    y = f"{p.y:04d}" if p.y is not None else "XXXX"
    if g == "C":
        return f"{p.y // 100:02d}" if p.y is not None else "XX"
    if g == "E":
        return f"{p.y // 10:03d}" if p.y is not None else "XXX"
    if g == "Y":
        return y
    if g == "H":
        return f"{y}-H{p.h if p.h else 'X'}"
    if g == "Q":
        return f"{y}-Q{p.q if p.q else 'X'}"
    if g == "S":
        return f"{y}-{p.s or 'XX'}"
    if g == "M":
        return f"{y}-{p.m:02d}" if p.m else f"{y}-XX"
    if g == "W":
        if p.wy is None and p.y is not None and p.m and p.d:
            dd = p.date()
            if dd:
                iso = dd.isocalendar()
                p = replace(p, wy=iso[0], w=iso[1])
        base = f"{p.wy:04d}-W{p.w:02d}" if p.wy is not None and p.w else f"{y}-WXX"
        return base + ("-WE" if p.we else "")
    # day and time
    if p.m is None and p.d is None and p.wd is not None:
        day = f"{y}-WXX-{p.wd}"
    else:
        day = f"{y}-{p.m:02d}" if p.m else f"{y}-XX"
        day += f"-{p.d:02d}" if p.d else "-XX"
    if g == "T":
        return f"{day}T{p.tod or 'XX:XX'}"
    return day


def unknown(gran: str, **kw: Any) -> Pt:
    return Pt(gran, **kw)


# ---------------------------------------------------------------- arithmetic
def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + n
    return t // 12, t % 12 + 1


def _clamp_day(y: int, m: int, d: int) -> int:
    return min(d, calendar.monthrange(y, m)[1])


def shift(p: Pt, unit: str, n: int) -> Pt:
    """Move a point by n units, keeping its granularity."""
    if p.y is None or n == 0:
        return p
    g = p.gran
    if unit in ("CE", "DE", "Y"):
        k = {"CE": 100, "DE": 10, "Y": 1}[unit] * n
        if g in ("D", "T") and p.m and p.d:
            y = p.y + k
            return _redate(p, date(y, p.m, _clamp_day(y, p.m, p.d)))
        if g == "W" and p.w:
            y = (p.wy or p.y) + k
            w = min(p.w, date(y, 12, 28).isocalendar()[1])
            return replace(p, y=y, wy=y, w=w)
        return replace(p, y=p.y + k)
    if unit in ("M", "Q", "H"):
        months = {"M": 1, "Q": 3, "H": 6}[unit] * n
        if g == "Q" and p.q:
            t = p.y * 4 + (p.q - 1) + months // 3
            return replace(p, y=t // 4, q=t % 4 + 1)
        if g == "H" and p.h:
            t = p.y * 2 + (p.h - 1) + months // 6
            return replace(p, y=t // 2, h=t % 2 + 1)
        if g in ("Y", "E", "C"):
            return replace(p, y=_add_months(p.y, 1, months)[0]) if abs(months) >= 12 else p
        if p.m:
            y, m = _add_months(p.y, p.m, months)
            if p.d and g in ("D", "T", "W"):
                return _redate(p, date(y, m, _clamp_day(y, m, p.d)))
            return replace(p, y=y, m=m, q=(m - 1) // 3 + 1, h=1 if m <= 6 else 2, s=season_of(m))
        if p.q:
            t = p.y * 4 + (p.q - 1) + months // 3
            return replace(p, y=t // 4, q=t % 4 + 1)
        return p
    if unit in ("W", "WE", "D", "FN"):
        days = {"W": 7, "WE": 7, "FN": 14, "D": 1}[unit] * n
        d0 = p.date()
        if d0 is None and g == "W" and p.w and p.wy:
            d0 = date.fromisocalendar(p.wy, p.w, 1)
        if d0 is None:
            return p
        return _redate(p, d0 + timedelta(days=days))
    if unit == "S" and p.s:
        i = SEASONS.index(p.s) + n
        return replace(p, y=p.y + i // 4, s=SEASONS[i % 4])
    return p


def _redate(p: Pt, d: date) -> Pt:
    iso = d.isocalendar()
    return replace(p, y=d.year, m=d.month, d=d.day, q=(d.month - 1) // 3 + 1, h=1 if d.month <= 6 else 2,
                   s=season_of(d.month), w=iso[1], wy=iso[0], wd=None)


def weekday_near(dct: date, wd: int, direction: str) -> date:
    """The weekday `wd` (ISO 1-7) relative to dct.

    direction: "past" (on or before dct), "before" (strictly before), "future" (strictly after),
    "onafter" (on or after), "week" (inside dct's ISO week).
    """
    cur = dct.isoweekday()
    if direction == "past":
        return dct - timedelta(days=(cur - wd) % 7)
    if direction == "before":
        return dct - timedelta(days=((cur - wd) % 7) or 7)
    if direction == "future":
        return dct + timedelta(days=((wd - cur) % 7) or 7)
    if direction == "onafter":
        return dct + timedelta(days=(wd - cur) % 7)
    return dct + timedelta(days=wd - cur)


def nth_weekday(y: int, m: int, wd: int, n: int) -> date | None:
    if n > 0:
        first = date(y, m, 1)
        d = first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
        return d if d.month == m else None
    last = date(y, m, calendar.monthrange(y, m)[1])
    return last - timedelta(days=(last.isoweekday() - wd) % 7)


# ---------------------------------------------------------------- durations
# how a fraction of a unit is written in the next smaller unit
_FRACTION_DOWN = {"Y": ("M", 12, ""), "M": ("D", 30, ""), "W": ("D", 7, ""), "D": ("H", 24, "T"),
                  "H": ("M", 60, "T"), "Q": ("M", 3, "")}
_FRACTION_DOWN_T = {"H": ("M", 60, ""), "M": ("S", 60, "")}


def unit_key(word: str, words: ResolverWords | None = None) -> str | None:
    # the plural endings "-s" and "-ies" are English morphology, kept with the logic
    units = (words or default_words()).duration_units
    w = word.lower().rstrip(".")
    w = w[:-1] if w.endswith("s") and w[:-1] in units else w
    if w in units:
        return w
    if w.endswith("ies") and (w[:-3] + "y") in units:
        return w[:-3] + "y"
    return None


def duration_value(n: Any, word: str, words: ResolverWords | None = None) -> str | None:
    """P-value for `n` units of `word` ("2 1/2", "years" -> "P2Y6M"); n == "X" -> "PXY"."""
    words = words or default_words()
    key = unit_key(word, words)
    if key is None:
        return None
    t, u = words.duration_units[key]
    mult = 1
    if u.startswith("Y") and len(u) > 1:
        mult, u = int(u[1:]), "Y"
    elif u == "W2":
        mult, u = 2, "W"
    if u == "WE":
        return "PXWE" if n == "X" else f"P{_num_str(Fraction(n) * 2)}D"
    if n == "X" or n is None:
        if key in words.vague_unit_values:
            return words.vague_unit_values[key]
        return f"P{t}X{u}"
    n = Fraction(n) * mult
    if n.denominator == 1:
        return f"P{t}{n.numerator}{u}"
    whole = int(n)
    frac = n - whole
    table = _FRACTION_DOWN_T if t else _FRACTION_DOWN
    if u in table:
        small, k, tflag = table[u]
        sub = frac * k
        if sub.denominator == 1:
            if t:  # hours -> minutes
                return f"PT{whole}{u}{sub.numerator}{small}" if whole else f"PT{sub.numerator}{small}"
            if tflag:  # days -> hours
                return (f"P{whole}DT{sub.numerator}H" if whole else f"PT{sub.numerator}H")
            return f"P{whole}{u}{sub.numerator}{small}" if whole else f"P{sub.numerator}{small}"
    return f"P{t}{_num_str(n)}{u}"


def _num_str(n: Fraction) -> str:
    if n.denominator == 1:
        return str(n.numerator)
    return f"{float(n):.1f}".rstrip("0").rstrip(".")
