"""Resolving calendar dates: full and partial dates ("March 5", "5.3.2024" read as a date), holidays,
named periods ("last month", "this year", "next spring") and quarters and halves."""

from __future__ import annotations
import calendar
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .context import Ctx, edge_mod, raw_slot, Result, sentences_apart, year_for
from .points import fmt, from_date, nth_weekday, Pt, SEASON_MONTH, season_of, shift


def op_date(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    mod = edge_mod(s, ctx.words)
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
            year = year_for(month_for, day, ctx, f.tense, firm=getattr(f, "tense_firm", False))
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
        year = year_for(month, 15, ctx, tense)
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
    mod = edge_mod(s, ctx.words)
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
    if t and rel is None and txt.startswith("the ") and sentences_apart(ctx, t[0], f) == 0:
        # "repaired in 2011, ... finished in the autumn": the season of the year being told about
        p = Pt("S", t[1].y, s=season)
        return Result("DATE", fmt(p), mod, t[0], p)
    if dct is None:
        return Result("DATE", f"XXXX-{season}", mod, "dct")
    order = ["SP", "SU", "FA", "WI"]  # a season-year: spring to winter (winter named by its first year)
    cur_year = dct.year - 1 if dct.month <= 2 else dct.year
    cur_l = cur_year * 4 + order.index(season_of(dct.month))
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
    adj = (raw_slot(s, "qadj") or "").lower()
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
