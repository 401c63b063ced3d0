"""Normalise matched time expressions to TIMEX3 values.

Each rule in the rule file names an operation (`op`); `OPS` maps the names to them. This
module holds the relative and anaphoric operations, durations and sets; `dates.py` those of
calendar dates (dates, holidays, named periods, quarters) and `days.py` those of days and
times of day. They work on calendar *points* (`points.py`) and read what they may consult
from `Ctx` (`context.py`).

References:
* deictic expressions ("yesterday", "last week", "two weeks ago") use the DCT;
* anaphoric ones ("the next day", "that year", "a year earlier", "August of
  that year") use the time under discussion: the latest date mentioned before
  them that is fine enough for the shift;
* a bare weekday or a month without a year is placed before or after the DCT
  by the tense of the verb that governs it (see `tense.py`).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from .context import Ctx, edge_mod, prefix_mod, raw_slot, Result, sentences_apart
from .dates import op_date, op_holiday, op_named_rel, op_quarter
from .days import (op_clock, op_const_slot, op_deictic_day, op_deictic_pod, op_pod_tud, op_week_of, op_weekday,
                   op_weekday_eve, op_weekday_set, op_weekend)
from .points import at_gran, duration_value, fmt, from_date, GRAN_ORDER, Pt, shift, UNIT_GRAN, unit_key


def op_rel(f: Any, ctx: Ctx) -> Result:
    """"last week", "this year", "next month", "earlier this month"."""
    s = f.slots
    unit = s.get("unit") or ctx.words.rel_units.get((raw_slot(s, "unit2") or "").lower(), "Y")
    n = s.get("rel")
    if n is None:
        n = f.params.get("n", 0)
    n = int(n)
    mod = edge_mod(s, ctx.words)
    if raw_slot(s, "edge_word"):
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
    dirw = (raw_slot(s, "dirw") or "").lower()
    n = f.params.get("dir", ctx.words.ana_dir.get(dirw, 0))
    unit = s.get("unit")
    pod = (raw_slot(s, "pod2") or "").lower()
    if unit is None:
        unit = "D"
    txt = f.text.lower()
    mod = edge_mod(s, ctx.words) or prefix_mod(txt, ctx.words.edge_words)
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
    dirw = " ".join((raw_slot(s, "dirw") or raw_slot(s, "later") or "").lower().split())
    num = s.get("num")
    if num is None:
        num = 1
    w = ctx.words
    word = raw_slot(s, "unit1") or raw_slot(s, "one") or w.ago_default_unit
    key = unit_key(word, w) or w.ago_default_unit
    unit = w.ago_units.get(key, "Y")
    approx = s.get("approx")
    mod = approx if approx else ("APPROX" if any(k in f.text.lower() for k in w.ago_approx) else None)
    sign = -1 if dirw in w.ago_past else 1
    anaphoric = dirw in w.ago_anaphoric
    if dirw == "later":
        t = ctx.tud(unit)
        if num == "X" or t is None or unit not in ("D", "W", "M", "Y") or sentences_apart(ctx, t[0], f) > 1:
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
    word = raw_slot(s, "unit1") or raw_slot(s, "unit") or ""
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
    word = raw_slot(s, "unit") or ""
    vq = " ".join((raw_slot(s, "vq") or "").lower().split())
    if vq in ctx.words.vague_past_ref and unit_key(word, ctx.words) == ctx.words.vague_past_ref[vq]:
        return Result("DATE", "PAST_REF")
    v = duration_value("X", word, ctx.words)
    return Result("DURATION", v or "PXX")


def op_dur2(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    a = duration_value(s.get("num") or 1, raw_slot(s, "u1"), ctx.words)
    b = duration_value(s.get("num2") or 1, raw_slot(s, "u2"), ctx.words)
    if not a or not b:
        return Result("DURATION", a or b or "PXX")
    tail = b.split("T", 1)[1] if "T" in b else b[1:]
    return Result("DURATION", a + tail, s.get("approx"))


def op_set(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    pod = (raw_slot(s, "pod2") or "").lower()
    if pod:
        return Result("SET", f"XXXX-XX-XXT{ctx.words.pod_codes.get(pod, 'NI')}")
    word = raw_slot(s, "unit1") or raw_slot(s, "unit") or ctx.words.set_default_unit
    every = (raw_slot(s, "every_n") or "").lower()
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


OPS = {  # the rule file's `op` names
    # calendar dates (dates.py)
    "date": op_date, "holiday": op_holiday, "named_rel": op_named_rel, "quarter": op_quarter,
    # days and times of day (days.py)
    "deictic_day": op_deictic_day, "deictic_pod": op_deictic_pod, "pod_tud": op_pod_tud,
    "weekday_eve": op_weekday_eve, "week_of": op_week_of, "const_slot": op_const_slot, "weekday": op_weekday,
    "weekday_set": op_weekday_set, "clock": op_clock, "weekend": op_weekend,
    # relative and anaphoric expressions, durations and sets (here)
    "rel": op_rel, "ana": op_ana, "ago": op_ago, "dur": op_dur, "dur_vague": op_dur_vague, "dur2": op_dur2,
    "set": op_set, "set_named": op_set_named,
}
