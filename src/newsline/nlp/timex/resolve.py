"""Normalise matched time expressions to TIMEX3 values.

Each rule in the rule file names an operation (`op`); this module holds the
operations. They work on calendar *points* (`Pt`): a time at some granularity
(century, decade, year, half, quarter, season, month, week, day, time of day).
A point may be partly unknown (fields None), which formats with X's
("XXXX-08-07"), so that a text without a document creation time (DCT) still
gets symbolic values and can be resolved again once a date is known.

References:
* deictic expressions ("yesterday", "last week", "two weeks ago") use the DCT;
* anaphoric ones ("the next day", "that year", "a year earlier", "August of
  that year") use the time under discussion: the latest date mentioned before
  them that is fine enough for the shift;
* a bare weekday or a month without a year is placed before or after the DCT
  by the tense of the verb that governs it (see `tense.py`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

# granularities from coarse to fine
GRAN_ORDER = {"C": 0, "E": 1, "Y": 2, "H": 3, "Q": 4, "S": 4, "M": 5, "W": 6, "D": 7, "T": 8}
UNIT_GRAN = {"CE": "C", "DE": "E", "Y": "Y", "H": "H", "Q": "Q", "M": "M", "W": "W", "WE": "W", "D": "D",
             "FN": "W"}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}  # a month inside the season
SEASONS = ["WI", "SP", "SU", "FA"]
REF_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


class ResolverWords:
    """A language's words for the operations (the `resolver:` section of `rules/<lang>.yaml`).

    Maps are keyed by lower-case words; lists keep their order (prefix and substring tests)."""

    def __init__(self, data: dict[str, Any]):
        def strs(v: Any) -> tuple[str, ...]:
            return tuple(str(x) for x in v or ())

        self.deictic_days: dict[str, int] = {str(k): int(v) for k, v in (data.get("deictic_days") or {}).items()}
        self.deictic_pod: dict[str, str] = dict(data.get("deictic_pod") or {})
        self.named_times: dict[str, str] = {str(k): str(v) for k, v in (data.get("named_times") or {}).items()}
        self.pod_codes: dict[str, str] = dict(data.get("pod_codes") or {})
        self.weekdays: dict[str, int] = {str(k): int(v) for k, v in (data.get("weekdays") or {}).items()}
        self.pm_pods = strs(data.get("pm_pods"))
        self.anaphoric_pod = strs(data.get("anaphoric_pod"))
        self.pod_day_shift: dict[str, int] = {str(k): int(v) for k, v in (data.get("pod_day_shift") or {}).items()}
        self.edge_words: dict[str, str] = dict(data.get("edge_words") or {})
        self.edge_prefixes: dict[str, str] = dict(data.get("edge_prefixes") or {})
        self.open_range: dict[str, str] = dict(data.get("open_range") or {})
        self.approx_prefixes = strs(data.get("approx_prefixes"))
        self.holiday_rel_tense: dict[str, str] = dict(data.get("holiday_rel_tense") or {})
        self.anaphoric_words = strs(data.get("anaphoric_words"))
        self.weekday_rel_ana: dict[str, str] = dict(data.get("weekday_rel_anaphoric") or {})
        self.weekday_rel_dct: dict[str, str] = dict(data.get("weekday_rel_dct") or {})
        self.rel_units: dict[str, str] = dict(data.get("rel_units") or {})
        self.ana_dir: dict[str, int] = {str(k): int(v) for k, v in (data.get("ana_dir") or {}).items()}
        q = data.get("quarter") or {}
        self.q_year_back = strs(q.get("year_back"))
        self.q_year_forward = strs(q.get("year_forward"))
        self.q_plural = strs(q.get("plural"))
        self.q_this_year = strs(q.get("this_year"))
        self.q_ordinals: dict[str, int] = {str(k): int(v) for k, v in (q.get("ordinals") or {}).items()}
        self.q_latest = strs(q.get("latest"))
        self.q_latest_prefixes = strs(q.get("latest_prefixes"))
        self.q_current = strs(q.get("current"))
        self.q_this = strs(q.get("this"))
        self.q_previous = strs(q.get("previous"))
        self.q_back_prefixes = strs(q.get("back_prefixes"))
        self.ago_units: dict[str, str] = dict(data.get("ago_units") or {})
        self.ago_default_unit = str(data.get("ago_default_unit") or "")
        self.ago_past = strs(data.get("ago_past"))
        self.ago_anaphoric = strs(data.get("ago_anaphoric"))
        self.ago_approx = strs(data.get("ago_approx"))
        self.duration_units: dict[str, tuple[str, str]] = {
            str(k): (str(v[0]), str(v[1])) for k, v in (data.get("duration_units") or {}).items()}
        self.vague_unit_values: dict[str, str] = dict(data.get("vague_unit_values") or {})
        self.dur_half = strs(data.get("dur_half"))
        self.dur_mods: tuple[tuple[str, str], ...] = tuple((str(a), str(b)) for a, b in data.get("dur_mods") or ())
        self.dur_at_least = strs(data.get("dur_at_least"))
        self.vague_past_ref: dict[str, str] = dict(data.get("vague_past_ref") or {})
        self.every_n: dict[str, int] = {str(k): int(v) for k, v in (data.get("every_n") or {}).items()}
        self.set_default_unit = str(data.get("set_default_unit") or "")


_DEFAULT_WORDS: ResolverWords | None = None


def default_words() -> ResolverWords:
    """The English words, for callers that do not pass a language's `ResolverWords`."""
    global _DEFAULT_WORDS
    if _DEFAULT_WORDS is None:
        from .matcher import read_lang_file

        _DEFAULT_WORDS = ResolverWords(read_lang_file("en").get("resolver") or {})
    return _DEFAULT_WORDS


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
              _season_of(d.month), iso[1], iso[0])


def _season_of(month: int) -> str:
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
            return replace(p, y=y, m=m, q=(m - 1) // 3 + 1, h=1 if m <= 6 else 2, s=_season_of(m))
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
                   s=_season_of(d.month), w=iso[1], wy=iso[0], wd=None)


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


# ---------------------------------------------------------------- operations
class Ctx:
    """What an operation may consult: the DCT and the timexes resolved before it."""

    def __init__(self, dct: date | None, words: ResolverWords | None = None):
        self.dct = dct
        self.words = words or default_words()  # the language's words (rules/<lang>.yaml `resolver:`)
        self.history: list[tuple[int, Pt, Any]] = []  # (index, point, found) of resolved DATE/TIME

    def dct_pt(self, gran: str = "D") -> Pt | None:
        return from_date(self.dct, gran) if self.dct else None

    def found_at(self, idx: int) -> Any:
        """The resolved timex at history index `idx` (None if it is not in the history)."""
        return next((g for i, _p, g in self.history if i == idx), None)

    def tud(self, need: str | None = None, before: int | None = None, max_back: int = 6) -> tuple[int, Pt] | None:
        """The time under discussion: the latest concrete point, fine enough for unit `need`."""
        for idx, p, _f in reversed(self.history[-max_back:]):
            if not p.concrete:
                continue
            if need is None or GRAN_ORDER.get(p.gran, 0) >= GRAN_ORDER.get(UNIT_GRAN.get(need, need), 0):
                return idx, p
        return None


def default_tid(index: int) -> str:
    """The tid of the index-th timex of an article (t1, t2, ...), as anchors name them."""
    return f"t{index + 1}"


def _on_day(d: date, tod: str | None, mod: str | None, anchor: Any) -> Result:
    """The day `d` as a DATE, or with `tod` (a part of the day or HH:MM) a TIME on that day."""
    p = from_date(d)
    if tod:
        p = replace(p, gran="T", tod=tod)
        return Result("TIME", fmt(p), mod, anchor, p)
    return Result("DATE", fmt(p), mod, anchor, p)


def _sentences_apart(ctx: Ctx, idx: int, f: Any) -> int:
    """0 when the timex at history index `idx` is in the sentence of `f`, 1 when it is in the
    sentence just before (no other sentence start in between is known), 2 otherwise."""
    prior = ctx.found_at(idx)
    if prior is None:
        return 2
    if prior.sent_start == f.sent_start:
        return 0
    starts = {g.sent_start for _i, _p, g in ctx.history if prior.sent_start < g.sent_start < f.sent_start}
    return 1 if not starts and f.start - prior.end <= 400 else 2


class Result:
    """What an operation returns. `tud`: whether the point becomes the time under discussion
    (a comparison such as "a year earlier" or "the year-ago quarter" does not); `note`: what a reader
    should know about the value."""

    __slots__ = ("type", "value", "mod", "anchor", "pt", "tud", "note")

    def __init__(self, type: str, value: str, mod: str | None = None, anchor: Any = None, pt: Pt | None = None,
                 tud: bool = True, note: str | None = None):
        self.type, self.value, self.mod, self.anchor, self.pt, self.tud = type, value, mod, anchor, pt, tud
        self.note = note  # what a reader should know about the value ("ambiguous day/month: also ...")


def _raw(slots: dict[str, Any], name: str) -> str:
    return (slots.get("_raw") or {}).get(name) or ""


def _year_for(month: int, day: int | None, ctx: Ctx, tense: str | None, ref: Pt | None = None,
              firm: bool = False) -> int | None:
    """The year of a month (and day) given without one: the occurrence nearest the DCT, with a
    pull towards the past for past tense and towards the future for future tense. A month alone
    with a `firm` tense (read off the verb it hangs on) is never on the other side of the DCT: "she
    refused in April", written in November, is this year's April, not next year's."""
    if ref is not None and ref.y is not None:
        return ref.y
    if ctx.dct is None:
        return None
    best: tuple[float, int] | None = None
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        if day:
            try:
                d = date(y, month, min(day, calendar.monthrange(y, month)[1]))
            except ValueError:
                continue
            diff = (d - ctx.dct).days
        else:
            diff = ((y - ctx.dct.year) * 12 + month - ctx.dct.month) * 30.4
        if firm and not day and tense == "PAST" and diff > 0:
            continue  # a month told in the past is not one still to come ("scheduled for July" may be past)
        cost = abs(diff)
        bias = 200 if day else 250
        if tense == "PAST" and diff > 0:
            cost += bias
        elif tense == "FUTURE" and diff < 0:
            cost += bias
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1] if best else ctx.dct.year


def _edge_mod(slots: dict[str, Any], words: ResolverWords) -> str | None:
    e = slots.get("edge")
    if e:
        return e
    raw = _raw(slots, "edgeword").lower() or _raw(slots, "later").lower()
    return words.edge_words.get(raw)


def _prefix_mod(txt: str, prefixes: dict[str, str]) -> str | None:
    """The mod of the first prefix in `prefixes` that `txt` starts with."""
    return next((mod for word, mod in prefixes.items() if txt.startswith(word)), None)


def op_date(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    mod = _edge_mod(s, ctx.words)
    raw_all = f.text.lower()
    mod = next((m for k, m in ctx.words.open_range.items() if k in raw_all), mod)
    if s.get("century") is not None:
        c = int(s["century"])
        return Result("DATE", f"{c - 1:02d}", mod, pt=Pt("C", (c - 1) * 100))
    if s.get("decade") is not None:
        dec = int(s["decade"])
        if dec < 100:  # '90s
            dec = 190 + dec if dec >= 3 else 200 + dec
        return Result("DATE", f"{dec:03d}", mod, pt=Pt("E", dec * 10))
    if s.get("decade_word") is not None:
        dec = 190 + int(s["decade_word"])
        return Result("DATE", f"{dec:03d}", mod, pt=Pt("E", dec * 10))
    year = s.get("year")
    if year is None and s.get("yy") is not None:
        yy = int(s["yy"])
        year = (1900 + yy) if yy >= 30 or (ctx.dct and ctx.dct.year < 2000) else 2000 + yy
    month = s.get("month")
    day = s.get("day")
    anchor = None
    if year is None:
        if f.params.get("year_from") == "tud":
            t = ctx.tud("Y")
            if t:
                year, anchor = t[1].y, t[0]
            elif ctx.dct:
                year, anchor = ctx.dct.year, "dct"
        elif f.params.get("year_from") == "rel":
            rel = s.get("rel")
            if ctx.dct:
                year, anchor = ctx.dct.year + int(rel or 0), "dct"
        elif month is not None or s.get("season") is not None:
            if s.get("season") is not None:
                month_for = SEASON_MONTH[s["season"]]
            else:
                month_for = int(month)
            year = _year_for(month_for, day, ctx, f.tense, firm=getattr(f, "tense_firm", False))
            anchor = "dct" if year is not None else "dct"
    y = int(year) if year is not None else None
    if s.get("season") is not None:
        p = Pt("S", y, s=s["season"])
        return Result("DATE", fmt(p), mod, anchor, p if y else None)
    if s.get("quarter") is not None:
        p = Pt("Q", y, q=int(s["quarter"]))
        return Result("DATE", fmt(p), mod, anchor, p if y else None)
    if s.get("half") is not None:
        p = Pt("H", y, h=int(s["half"]))
        return Result("DATE", fmt(p), mod, anchor, p if y else None)
    if month is not None:
        m = int(month)
        if day is not None:
            d = int(day)
            ok = 1 <= d <= (calendar.monthrange(y, m)[1] if y else (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31))
            if not ok:
                return Result("DATE", f"{y:04d}-{m:02d}-XX" if y else f"XXXX-{m:02d}-XX", mod, anchor)
            p = Pt("D", y, m, d)
            if y:
                p = from_date(date(y, m, d))
            pod = s.get("pod_after")
            if pod:
                code = ctx.words.pod_codes[pod.lower()]
                pt = replace(p, gran="T", tod=code)
                return Result("TIME", fmt(pt), mod, anchor, pt if y else None)
            return Result("DATE", fmt(p), mod, anchor, p if y else None)
        p = Pt("M", y, m)
        return Result("DATE", fmt(p), mod, anchor, p if y else None)
    if y is not None:
        p = Pt("Y", y)
        return Result("DATE", fmt(p), mod, anchor, p)
    return Result("DATE", "XXXX", mod)


def op_holiday(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    spec = s.get("holiday") or s.get("holiday_nth")
    if not spec:
        return Result("DATE", "XXXX-XX-XX")
    parts = str(spec).split("-")
    month = int(parts[0])
    year = s.get("year")
    rel = f.text.lower().split()[0]
    anchor = None
    if year is None:
        tense = ctx.words.holiday_rel_tense.get(rel, f.tense)
        year = _year_for(month, 15, ctx, tense)
        anchor = "dct"
    if year is None:
        return Result("DATE", f"XXXX-{month:02d}-XX" if s.get("holiday_nth") else f"XXXX-{spec}", None, anchor)
    y = int(year)
    if s.get("holiday"):
        d = date(y, month, int(parts[1]))
    else:
        wd = int(parts[1])
        n = -1 if len(parts) == 4 and parts[3] == "1" and parts[2] == "" else int(parts[2].rstrip("e") or 1)
        if parts[-1].endswith("e"):  # election day: the Tuesday after the first Monday
            d = nth_weekday(y, month, 1, 1) + timedelta(days=1)
        else:
            d = nth_weekday(y, month, wd, n) or date(y, month, 1)
    p = from_date(d)
    return Result("DATE", fmt(p), None, anchor, p)


def op_named_rel(f: Any, ctx: Ctx) -> Result:
    """"last April", "this summer", "the summer", "that summer"."""
    s = f.slots
    rel = s.get("rel")
    mod = _edge_mod(s, ctx.words)
    txt = f.text.lower()
    dct = ctx.dct
    if s.get("month") is not None:
        m = int(s["month"])
        if dct is None:
            return Result("DATE", f"XXXX-{m:02d}", mod, "dct")
        y = dct.year
        if rel == -1:
            y = y if m < dct.month else y - 1
        elif rel == 1:
            y = y if m > dct.month else y + 1
        p = Pt("M", y, m)
        return Result("DATE", fmt(p), mod, "dct", p)
    season = s.get("season")
    if season is None:
        return Result("DATE", "XXXX")
    t = ctx.tud("Y")
    if t and any(f"{w} " in txt for w in ctx.words.anaphoric_words):
        p = Pt("S", t[1].y, s=season)
        return Result("DATE", fmt(p), mod, t[0], p)
    if t and rel is None and txt.startswith("the ") and _sentences_apart(ctx, t[0], f) == 0:
        # "repaired in 2011, ... finished in the autumn": the season of the year being told about
        p = Pt("S", t[1].y, s=season)
        return Result("DATE", fmt(p), mod, t[0], p)
    if dct is None:
        return Result("DATE", f"XXXX-{season}", mod, "dct")
    order = ["SP", "SU", "FA", "WI"]  # a season-year: spring to winter (winter named by its first year)
    cur_year = dct.year - 1 if dct.month <= 2 else dct.year
    cur_l = cur_year * 4 + order.index(_season_of(dct.month))
    idx = order.index(season)
    if rel == -1:
        y = cur_year if cur_year * 4 + idx < cur_l else cur_year - 1
    elif rel == 1:
        y = cur_year if cur_year * 4 + idx > cur_l else cur_year + 1
    else:
        y = cur_year if season == "WI" else dct.year
        if rel is None and f.tense == "PAST" and y * 4 + idx > cur_l:
            y -= 1
        elif rel is None and f.tense == "FUTURE" and y * 4 + idx < cur_l:
            y += 1
    p = Pt("S", y, s=season)
    return Result("DATE", fmt(p), mod, "dct", p)


def op_quarter(f: Any, ctx: Ctx) -> Result:
    """Quarters and halves: "the third quarter", "third-quarter", "the latest quarter", "the first half"."""
    s = f.slots
    unit = f.params.get("unit", "Q")
    txt = f.text.lower()
    gran = "H" if unit == "H" else "Q"
    num = s.get("quarter") if gran == "Q" else s.get("half")
    adj = (_raw(s, "qadj") or "").lower()
    w = ctx.words
    back = any(k in txt for k in w.q_year_back)
    fwd = any(k in txt for k in w.q_year_forward)
    typ = "DATE"
    if any(k in txt for k in w.q_plural) and num is not None:
        return Result("SET", f"XXXX-Q{int(num)}")
    anchor: Any = None
    base_y = None
    if num is not None:
        if any(k in txt for k in w.q_this_year):
            base_y, anchor = (ctx.dct.year if ctx.dct else None), "dct"
        elif ctx.dct:
            base_y, anchor = ctx.dct.year, "dct"
            curq = (ctx.dct.month - 1) // 3 + 1 if gran == "Q" else (1 if ctx.dct.month <= 6 else 2)
            if int(num) > curq and f.tense == "PAST":
                base_y -= 1
        if base_y is None:
            return Result(typ, f"XXXX-{gran}{int(num)}", None, "dct")
        p = Pt(gran, base_y, q=int(num) if gran == "Q" else None, h=int(num) if gran == "H" else None)
        if back:
            p = shift(p, "Y", -1)
        elif fwd:
            p = shift(p, "Y", 1)
        return Result(typ, fmt(p), None, anchor, p, tud=not (back or fwd))
    # no number: "the quarter", "the latest period", "the year-ago quarter", "the 1988 period"
    prevq = None
    comparing = back or adj.startswith(w.q_back_prefixes)
    completed = shift(from_date(ctx.dct, "Q"), "Q", -1) if ctx.dct else None
    for idx, tp, _ in reversed(ctx.history[-6:]):
        if tp.concrete and tp.gran in ("Q", "H"):
            if comparing and completed is not None and tp.y is not None \
                    and (tp.y, tp.q or 2 * (tp.h or 1)) > (completed.y, completed.q):
                continue  # "the year-ago period" compares reported results, not a forecast
            prevq = (idx, tp)
            break
    if s.get("year") is not None:
        q = w.q_ordinals.get(adj)
        if q is None and prevq is not None and prevq[1].gran == "Q":
            q = prevq[1].q
        if q is None and ctx.dct is not None:
            q = shift(from_date(ctx.dct, "Q"), "Q", -1).q
        p = Pt("Q", int(s["year"]), q=q)
        return Result(typ, fmt(p), None, None, p if q else None, tud=False)
    latest = adj in w.q_latest or adj.startswith(w.q_latest_prefixes)
    if latest and ctx.dct is not None:
        # "the latest quarter" is the last one completed before the article, whatever was discussed
        p, anchor = shift(from_date(ctx.dct, "Q"), "Q", -1), "dct"
    elif prevq is not None and adj not in w.q_current and not any(k in txt.split()[:1] for k in w.q_this):
        p, anchor = prevq[1], prevq[0]
        if adj in w.q_previous:
            p = shift(p, "Q", -1)
    elif ctx.dct is not None:
        p, anchor = from_date(ctx.dct, "Q"), "dct"
        if adj not in w.q_current + w.q_this and not txt.startswith(w.q_this):
            p = shift(p, "Q", -1)
    else:
        return Result(typ, "XXXX-QX", None, "dct")
    if back or adj.startswith(w.q_back_prefixes):
        return Result(typ, fmt(shift(p, "Y", -1)), None, anchor, shift(p, "Y", -1), tud=False)
    return Result(typ, fmt(p), None, anchor, p)


def _speech_day(f: Any, ctx: Ctx) -> tuple[date, int] | None:
    """For "today"/"tonight" inside a quotation: the day it was spoken, when the day under discussion
    is named with an act of speech in this sentence or the one before, in the same paragraph ("in a
    televised address on Thursday evening. “Tonight I want ...”"), and lies in the week before the
    article date."""
    if not getattr(f, "quoted", False) or ctx.dct is None:
        return None
    t = ctx.tud("D")
    if t is None or t[1].date() is None or _sentences_apart(ctx, t[0], f) > 1:
        return None
    said = ctx.found_at(t[0])
    if said is None or not getattr(said, "speech", False) or said.start < getattr(f, "para_start", 0):
        return None  # no act of speech, or one told in another paragraph (likely another speaker)
    if not spoken_recently(ctx.dct, t[1].date()):
        return None
    return t[1].date(), t[0]


def spoken_recently(dct: date, day: date) -> bool:
    """A day of speech a quoted "today" may count from: within the week before the DCT."""
    return 1 <= (dct - day).days <= 7


def op_deictic_day(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    w = _raw(s, "w").lower()
    w = " ".join(w.split())
    n = ctx.words.deictic_days.get(w, 0)
    mod = _edge_mod(s, ctx.words)
    pod = s.get("pod")
    noon = _raw(s, "noon").lower()
    tod = pod or ctx.words.named_times.get(noon)
    if not tod:
        tod = ctx.words.deictic_pod.get(w)
    if ctx.dct is None:
        p = Pt("T" if tod else "D", tod=tod)
        return Result("TIME" if tod else "DATE", fmt(p), mod, "dct")
    base, anchor = ctx.dct, "dct"
    spoken = _speech_day(f, ctx)
    if spoken is not None:
        base, anchor = spoken
    return _on_day(base + timedelta(days=n), tod, mod, anchor)


def op_deictic_pod(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    w = (_raw(s, "w") or _raw(s, "w2")).lower()
    pod = s.get("pod") or "NI"
    n = ctx.words.pod_day_shift.get(w, 0)
    txt = f.text.lower()
    mod = _prefix_mod(txt, ctx.words.edge_prefixes)
    if ctx.dct is None:
        return Result("TIME", fmt(Pt("T", tod=pod)), mod, "dct")
    base, anchor = ctx.dct, "dct"
    spoken = _speech_day(f, ctx)
    if spoken is not None:
        base, anchor = spoken
    elif w in ctx.words.anaphoric_pod:
        # "overnight" is the night before the day being reported, which in a Monday paper
        # covering Friday's trading is Thursday night, not Sunday night; after "Wednesday night"
        # or "by 2 a.m." it is that same night
        t = ctx.tud("D")
        if t is not None and t[1].date() and 0 <= (ctx.dct - t[1].date()).days <= 7:
            base, anchor = t[1].date(), t[0]
            if _is_night(t[1].tod, evening=True):
                n = 0
    return _on_day(base + timedelta(days=n), pod, mod, anchor)


def op_pod_tud(f: Any, ctx: Ctx) -> Result:
    """"the night", "the morning": a part of the day under discussion, else of the DCT. A night
    told in the past is the one before that day ("the toll rose on Saturday morning; soldiers had
    spent the night ..."), unless the day was named without a time ("on Thursday they worked
    through the night") or as an evening."""
    pod = ctx.words.pod_codes.get((_raw(f.slots, "pod2") or "night").lower(), "NI")
    t = ctx.tud("D")
    # a night hangs on a day named in its own sentence; a morning or an evening also on the last one
    reach = 0 if pod == "NI" else 1
    near = t is not None and t[1].date() is not None and _sentences_apart(ctx, t[0], f) <= reach
    if near:
        base, anchor = t[1].date(), t[0]
    elif ctx.dct is not None:
        base, anchor = ctx.dct, "dct"
    else:
        return Result("TIME", fmt(Pt("T", tod=pod)), None, None)
    if pod == "NI" and f.tense != "FUTURE":
        named_day = near and t[1].gran == "D"
        if not (named_day or (near and _is_night(t[1].tod, evening=True))):
            base = base - timedelta(days=1)
    return _on_day(base, pod, None, anchor)


def _is_night(tod: str | None, evening: bool = False, small_hours: bool = False) -> bool:
    """A night or evening part of day, or a clock time late in the evening / in the small hours."""
    if not tod:
        return False
    if tod in ("NI", "EV"):
        return evening
    if tod[:2].isdigit():
        h = int(tod[:2])
        return (evening and h >= 18) or (small_hours and h < 6)
    return False


def op_week_of(f: Any, ctx: Ctx) -> Result:
    """"the week of March 6": the ISO week that holds the date."""
    r = op_date(f, ctx)
    if r.pt is None or r.pt.date() is None:
        return Result("DATE", "XXXX-WXX")
    p = replace(r.pt, gran="W")
    return Result("DATE", fmt(p), r.mod, r.anchor, p)


def op_weekday_eve(f: Any, ctx: Ctx) -> Result:
    """"overnight into Thursday": the night that ends on that weekday (Wednesday night)."""
    d, anchor = _weekday_date(int(f.slots["weekday"]), "", ctx, f.tense)
    if d is None:
        return Result("TIME", fmt(Pt("T", tod="NI")))
    return _on_day(d - timedelta(days=1), "NI", None, anchor)


def op_const_slot(f: Any, ctx: Ctx) -> Result:
    v = f.slots.get(f.params.get("slot", ""))
    return Result(f.rule_type, str(v) if v else "PRESENT_REF")


def _weekday_date(wd: int, rel: str, ctx: Ctx, tense: str | None) -> tuple[date | None, Any]:
    rel = " ".join(rel.lower().split())
    ana = ctx.words.weekday_rel_ana
    if rel in ana:
        t = ctx.tud("D")
        if t is not None and t[1].date():
            ref = t[1].date()
            direction = ana[rel]
            if direction == "nearest":
                # "that Friday": the Friday nearest the date under discussion
                after = weekday_near(ref, wd, "onafter")
                before = weekday_near(ref, wd, "past")
                return (after if (after - ref) <= (ref - before) else before), t[0]
            return weekday_near(ref, wd, direction), t[0]
    if ctx.dct is None:
        return None, "dct"
    direction = ctx.words.weekday_rel_dct.get(rel)
    if direction in ("before", "future"):
        return weekday_near(ctx.dct, wd, direction), "dct"
    if direction == "this":
        if tense == "PAST":
            return weekday_near(ctx.dct, wd, "past"), "dct"
        return weekday_near(ctx.dct, wd, "onafter" if tense == "FUTURE" else "week"), "dct"
    if tense == "FUTURE":
        return weekday_near(ctx.dct, wd, "onafter"), "dct"
    return weekday_near(ctx.dct, wd, "past"), "dct"


def _clock_tod(s: dict[str, Any], words: ResolverWords) -> str | None:
    if _raw(s, "midnight0"):
        return "00:00"  # the start of a stretch of time: "from midnight", "between midnight and 4 a.m."
    noon = (_raw(s, "noon") or "").lower()
    if noon in words.named_times:
        return words.named_times[noon]
    hhmm = s.get("hhmm")
    ampm = s.get("ampm")
    pod2 = (_raw(s, "pod2") or "").lower()
    if hhmm:
        h, mi = hhmm
    elif s.get("hour") is not None:
        h, mi = int(s["hour"]), int(s.get("min") or 0)
    else:
        return None
    if ampm == "pm" or (ampm is None and pod2 in words.pm_pods and h < 12):
        if h < 12:
            h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if not (0 <= h <= 24 and 0 <= mi < 60):
        return None
    return f"{h:02d}:{mi:02d}"


def op_weekday(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    wd = s.get("weekday")
    mod = _edge_mod(s, ctx.words)
    txt = f.text.lower()
    if mod is None:  # "late Friday": only the END prefixes count here
        mod = _prefix_mod(txt, {k: v for k, v in ctx.words.edge_prefixes.items() if v == "END"})
    # an explicit date after the weekday wins: "Friday, Oct. 23"
    if s.get("month_wd") is not None and s.get("day_wd") is not None:
        sub = type(f)(start=f.start, end=f.end, text=f.text, type="DATE", value="", slots={
            "month": s["month_wd"], "day": s["day_wd"], "year": s.get("year_wd"), "_raw": {}}, params={}, op="date",
            tense=f.tense)
        return op_date(sub, ctx)
    rel = _raw(s, "rel")
    tod = None
    pod = s.get("pod")
    if pod:
        tod = pod
    clock = _clock_tod(s, ctx.words)
    if clock:
        tod = clock
    if wd is None:
        return Result("DATE", "XXXX-XX-XX")
    d, anchor = _weekday_date(int(wd), rel, ctx, f.tense)
    if d is None:
        p = Pt("T" if tod else "D", wd=int(wd), tod=tod)
        return Result("TIME" if tod else "DATE", fmt(p), mod, anchor)
    return _on_day(d, tod, mod, anchor)


def op_weekday_set(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    wd = s.get("weekday")
    pod = s.get("pod")
    v = f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else "")
    return Result("SET", v)


def op_clock(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    tod = _clock_tod(s, ctx.words)
    txt = f.text.lower()
    mod = "APPROX" if txt.startswith(ctx.words.approx_prefixes) else None
    d: date | None = ctx.dct
    anchor: Any = "dct"
    if s.get("month_wd") is not None and s.get("day_wd") is not None:
        m, dd = int(s["month_wd"]), int(s["day_wd"])
        y = s.get("year_wd") or _year_for(m, dd, ctx, f.tense)
        if s.get("year_wd"):
            anchor = None  # "10:39 GMT, Wednesday, 28 September 2011": a day stated in full
        try:
            d = date(int(y), m, dd) if y else None
        except ValueError:
            d = None
    elif s.get("wd_after") is not None:
        wdname = _raw(s, "wd_after").lower()
        if wdname in ctx.words.deictic_days:
            d = ctx.dct + timedelta(days=ctx.words.deictic_days[wdname]) if ctx.dct else None
        else:
            wd = ctx.words.weekdays[wdname]
            d, anchor = _weekday_date(wd, "", ctx, f.tense)
    else:
        t = ctx.tud("D")
        if t is not None and t[1].date() is not None:
            d, anchor = t[1].date(), t[0]  # "at 10 p.m." on the day being told about
            if tod is not None and _is_night(t[1].tod, evening=True) and _is_night(tod, small_hours=True):
                d = d + timedelta(days=1)  # "on Wednesday night ... by 2 a.m.": Thursday's small hours
    if tod is None:
        return Result("TIME", "XXXX-XX-XXTXX:XX")
    if d is None:
        return Result("TIME", f"T{tod}" if ctx.dct is None else f"XXXX-XX-XXT{tod}", mod, anchor)
    return _on_day(d, tod, mod, anchor)


def op_rel(f: Any, ctx: Ctx) -> Result:
    """"last week", "this year", "next month", "earlier this month"."""
    s = f.slots
    unit = s.get("unit") or ctx.words.rel_units.get((_raw(s, "unit2") or "").lower(), "Y")
    n = s.get("rel")
    if n is None:
        n = f.params.get("n", 0)
    n = int(n)
    mod = _edge_mod(s, ctx.words)
    if _raw(s, "edge_word"):
        unit, mod = "Y", "END"
    gran = UNIT_GRAN.get(unit, "Y")
    if ctx.dct is None:
        p = Pt(gran, we=(unit == "WE"))
        return Result("DATE", fmt(p), mod, "dct")
    p = from_date(ctx.dct, gran)
    p = shift(p, unit, n)
    if unit == "WE":
        p = replace(p, we=True)
    return Result("DATE", fmt(p), mod, "dct", p)


def op_ana(f: Any, ctx: Ctx) -> Result:
    """"the next day", "the following year", "that month", "the same day", "the day before"."""
    s = f.slots
    dirw = (_raw(s, "dirw") or "").lower()
    n = f.params.get("dir", ctx.words.ana_dir.get(dirw, 0))
    unit = s.get("unit")
    pod = (_raw(s, "pod2") or "").lower()
    if unit is None:
        unit = "D"
    txt = f.text.lower()
    mod = _edge_mod(s, ctx.words) or _prefix_mod(txt, ctx.words.edge_words)
    gran = UNIT_GRAN.get(unit, "D")
    t = ctx.tud(unit)
    if t is not None:
        ref, anchor = at_gran(t[1], gran) if GRAN_ORDER[t[1].gran] > GRAN_ORDER[gran] else t[1], t[0]
        if GRAN_ORDER[ref.gran] > GRAN_ORDER[gran]:
            ref = at_gran(ref, gran)
    elif ctx.dct is not None:
        ref, anchor = from_date(ctx.dct, gran), "dct"
    else:
        p = Pt(gran)
        return Result("TIME" if pod else "DATE", fmt(p), mod, None)
    p = shift(ref, unit, int(n))
    if unit == "WE":
        p = replace(p, we=True)
    if pod:
        p = replace(p, gran="T", tod=ctx.words.pod_codes.get(pod, "NI"))
        return Result("TIME", fmt(p), mod, anchor, p)
    return Result("DATE", fmt(p), mod, anchor, p)


def op_ago(f: Any, ctx: Ctx) -> Result:
    """"two weeks ago", "a year earlier", "year-ago", "three days later"."""
    s = f.slots
    dirw = " ".join((_raw(s, "dirw") or _raw(s, "later") or "").lower().split())
    num = s.get("num")
    if num is None:
        num = 1
    w = ctx.words
    word = _raw(s, "unit1") or _raw(s, "one") or w.ago_default_unit
    key = unit_key(word, w) or w.ago_default_unit
    unit = w.ago_units.get(key, "Y")
    approx = s.get("approx")
    mod = approx if approx else ("APPROX" if any(k in f.text.lower() for k in w.ago_approx) else None)
    sign = -1 if dirw in w.ago_past else 1
    anaphoric = dirw in w.ago_anaphoric
    if dirw == "later":
        t = ctx.tud(unit)
        if num == "X" or t is None or unit not in ("D", "W", "M", "Y") or _sentences_apart(ctx, t[0], f) > 1:
            # "two days later" with no day under discussion close by, "a few days later", "an hour
            # later": a length of time, as TimeBank tags them ("A few days later": PXD)
            return Result("DURATION", duration_value(num, word, w) or "PXD", mod)
    if num == "X":
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, "dct")
    n = Fraction(num)
    if n.denominator != 1:
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, "dct")
    n = int(n)
    gran = {"DE": "Y", "CE": "Y", "FN": "D"}.get(unit, UNIT_GRAN.get(unit, "D"))
    ref: Pt | None = None
    anchor: Any = "dct"
    # a year before the quarter under discussion stays a quarter ("from $1 a year ago")
    prev = ctx.history[-1] if ctx.history else None
    # in a text about quarters, "a year ago" is the same quarter a year before
    qref = next(((i, p) for i, p, _ in reversed(ctx.history) if p.concrete and p.gran in ("Q", "H")), None)
    if unit == "Y" and n == 1 and qref is not None:
        ref, anchor = qref[1], qref[0]
        gran = qref[1].gran
    elif anaphoric:
        t = ctx.tud(unit)
        if t is not None and (prev is None or t[0] >= prev[0] - 2):
            ref, anchor = t[1], t[0]
            if GRAN_ORDER[ref.gran] > GRAN_ORDER[gran]:
                ref = at_gran(ref, gran)
            else:
                gran = ref.gran
    if ref is None:
        if ctx.dct is None:
            return Result("DATE", fmt(Pt(gran)), mod, "dct")
        ref = from_date(ctx.dct, gran)
    p = shift(ref, unit, sign * n)
    return Result("DATE", fmt(p), mod, anchor, p, tud=False)


def op_dur(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    num = s.get("num")
    txt = f.text.lower()
    word = _raw(s, "unit1") or _raw(s, "unit") or ""
    if num is None:
        num = "X" if word.lower().endswith("s") else 1  # "months-long": an unspecified number
    w = ctx.words
    if any(k in txt for k in w.dur_half) and not isinstance(num, str):
        if Fraction(num).denominator == 1:
            num = Fraction(num) + Fraction(1, 2)
    v = duration_value(num, word, w)
    if v is None:
        return Result("DURATION", "PXX")
    mod = s.get("approx")
    tail_mod = next((m for k, m in w.dur_mods if k in txt), None)
    if tail_mod is not None:
        mod = tail_mod
    elif txt.startswith("the ") is False and any(k in txt for k in w.dur_at_least):
        mod = "EQUAL_OR_MORE"
    return Result("DURATION", v, mod)


def op_dur_vague(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    word = _raw(s, "unit") or ""
    vq = " ".join((_raw(s, "vq") or "").lower().split())
    if vq in ctx.words.vague_past_ref and unit_key(word, ctx.words) == ctx.words.vague_past_ref[vq]:
        return Result("DATE", "PAST_REF")
    v = duration_value("X", word, ctx.words)
    return Result("DURATION", v or "PXX")


def op_dur2(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    a = duration_value(s.get("num") or 1, _raw(s, "u1"), ctx.words)
    b = duration_value(s.get("num2") or 1, _raw(s, "u2"), ctx.words)
    if not a or not b:
        return Result("DURATION", a or b or "PXX")
    tail = b.split("T", 1)[1] if "T" in b else b[1:]
    return Result("DURATION", a + tail, s.get("approx"))


def op_set(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    pod = (_raw(s, "pod2") or "").lower()
    if pod:
        return Result("SET", f"XXXX-XX-XXT{ctx.words.pod_codes.get(pod, 'NI')}")
    word = _raw(s, "unit1") or _raw(s, "unit") or ctx.words.set_default_unit
    every = (_raw(s, "every_n") or "").lower()
    n: Any = 1
    if every in ctx.words.every_n:
        n = ctx.words.every_n[every]
    elif s.get("num") not in (None, "X") and every:
        n = s.get("num")
    v = duration_value(n, word, ctx.words) or "P1D"
    return Result("SET", v)


def op_set_named(f: Any, ctx: Ctx) -> Result:
    """"every March" (XXXX-03), "every spring" (XXXX-SP)."""
    m, season = f.slots.get("month"), f.slots.get("season")
    if season is not None:
        return Result("SET", f"XXXX-{season}")
    return Result("SET", f"XXXX-{int(m):02d}" if m else "XXXX-XX")


def op_weekend(f: Any, ctx: Ctx) -> Result:
    """"the weekend": the latest weekend (past tense or none) or the coming one (future)."""
    if ctx.dct is None:
        return Result("DATE", "XXXX-WXX-WE", None, "dct")
    wd = ctx.dct.isoweekday()
    if wd >= 6 or f.tense == "FUTURE":
        d = ctx.dct
    else:
        d = ctx.dct - timedelta(days=7)
    p = replace(from_date(d, "W"), we=True)
    return Result("DATE", fmt(p), None, "dct", p)


def count_from_the_day_of_speech(out: list[Any], dct: date) -> list[Any]:
    """``Today we mourn,'' the mayor said on Tuesday: a quoted deictic day still counted from the
    article date moves to the day of speech named later in its sentence (in the week before the DCT).
    Runs after the operations, since that day is resolved after the quotation."""
    out = list(out)
    for i, f in enumerate(out):
        if not f.quoted or f.anchor != "dct" or f.type not in ("DATE", "TIME"):
            continue
        own = _ISO_DAY.match(f.value)
        if own is None:
            continue
        for j in range(i + 1, len(out)):
            g = out[j]
            if g.sent_start != f.sent_start:
                break
            day = _ISO_DAY.match(g.value)
            if not (g.speech and g.op in ("weekday", "date") and day):
                continue
            spoken = date.fromisoformat(day.group(0))
            if spoken_recently(dct, spoken):
                moved = spoken + (date.fromisoformat(own.group(0)) - dct)
                out[i] = replace(f, value=moved.isoformat() + f.value[10:], anchor=default_tid(j))
            break
    return out


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


OPS = {
    "weekend": op_weekend,
    "date": op_date, "holiday": op_holiday, "named_rel": op_named_rel, "quarter": op_quarter,
    "deictic_day": op_deictic_day, "deictic_pod": op_deictic_pod, "pod_tud": op_pod_tud, "weekday_eve": op_weekday_eve, "week_of": op_week_of, "const_slot": op_const_slot,
    "weekday": op_weekday, "weekday_set": op_weekday_set, "clock": op_clock, "rel": op_rel, "ana": op_ana,
    "ago": op_ago, "dur": op_dur, "dur_vague": op_dur_vague, "dur2": op_dur2, "set": op_set,
    "set_named": op_set_named,
}
