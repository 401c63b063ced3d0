"""Resolving days and times of day: weekdays ("on Thursday", "last Friday"), deictic days
("yesterday", "tonight"), parts of the day, clock times and weekends, and a quoted "today" counted
from the day it was spoken."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .context import Ctx, default_tid, edge_mod, on_day, prefix_mod, raw_slot, Result, sentences_apart, year_for
from .dates import op_date
from .points import fmt, from_date, Pt, weekday_near
from .words import ResolverWords


def _speech_day(f: Any, ctx: Ctx) -> tuple[date, int] | None:
    """For "today"/"tonight" inside a quotation: the day it was spoken, when the day under discussion
    is named with an act of speech in this sentence or the one before, in the same paragraph ("in a
    televised address on Thursday evening. “Tonight I want ...”"), and lies in the week before the
    article date."""
    if not getattr(f, "quoted", False) or ctx.dct is None:
        return None
    t = ctx.tud("D")
    if t is None or t[1].date() is None or sentences_apart(ctx, t[0], f) > 1:
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
    w = raw_slot(s, "w").lower()
    w = " ".join(w.split())
    n = ctx.words.deictic_days.get(w, 0)
    mod = edge_mod(s, ctx.words)
    pod = s.get("pod")
    noon = raw_slot(s, "noon").lower()
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
    return on_day(base + timedelta(days=n), tod, mod, anchor)


def op_deictic_pod(f: Any, ctx: Ctx) -> Result:
    s = f.slots
    w = (raw_slot(s, "w") or raw_slot(s, "w2")).lower()
    pod = s.get("pod") or "NI"
    n = ctx.words.pod_day_shift.get(w, 0)
    txt = f.text.lower()
    mod = prefix_mod(txt, ctx.words.edge_prefixes)
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
    return on_day(base + timedelta(days=n), pod, mod, anchor)


def op_pod_tud(f: Any, ctx: Ctx) -> Result:
    """"the night", "the morning": a part of the day under discussion, else of the DCT. A night
    told in the past is the one before that day ("the toll rose on Saturday morning; soldiers had
    spent the night ..."), unless the day was named without a time ("on Thursday they worked
    through the night") or as an evening."""
    pod = ctx.words.pod_codes.get((raw_slot(f.slots, "pod2") or "night").lower(), "NI")
    t = ctx.tud("D")
    # a night hangs on a day named in its own sentence; a morning or an evening also on the last one
    reach = 0 if pod == "NI" else 1
    near = t is not None and t[1].date() is not None and sentences_apart(ctx, t[0], f) <= reach
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
    return on_day(base, pod, None, anchor)


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
    return on_day(d - timedelta(days=1), "NI", None, anchor)


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
    if raw_slot(s, "midnight0"):
        return "00:00"  # the start of a stretch of time: "from midnight", "between midnight and 4 a.m."
    noon = (raw_slot(s, "noon") or "").lower()
    if noon in words.named_times:
        return words.named_times[noon]
    hhmm = s.get("hhmm")
    ampm = s.get("ampm")
    pod2 = (raw_slot(s, "pod2") or "").lower()
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
    mod = edge_mod(s, ctx.words)
    txt = f.text.lower()
    if mod is None:  # "late Friday": only the END prefixes count here
        mod = prefix_mod(txt, {k: v for k, v in ctx.words.edge_prefixes.items() if v == "END"})
    # an explicit date after the weekday wins: "Friday, Oct. 23"
    if s.get("month_wd") is not None and s.get("day_wd") is not None:
        sub = type(f)(start=f.start, end=f.end, text=f.text, type="DATE", value="", slots={
            "month": s["month_wd"], "day": s["day_wd"], "year": s.get("year_wd"), "_raw": {}}, params={}, op="date",
            tense=f.tense)
        return op_date(sub, ctx)
    rel = raw_slot(s, "rel")
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
    return on_day(d, tod, mod, anchor)


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
        y = s.get("year_wd") or year_for(m, dd, ctx, f.tense)
        if s.get("year_wd"):
            anchor = None  # "10:39 GMT, Wednesday, 28 September 2011": a day stated in full
        try:
            d = date(int(y), m, dd) if y else None
        except ValueError:
            d = None
    elif s.get("wd_after") is not None:
        wdname = raw_slot(s, "wd_after").lower()
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
    return on_day(d, tod, mod, anchor)


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
