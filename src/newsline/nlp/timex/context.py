"""What a resolving operation consults (`Ctx`: the document creation time and the expressions
resolved before it) and returns (`Result`), with the helpers the operations share."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from typing import Any

from .points import fmt, from_date, GRAN_ORDER, Pt, UNIT_GRAN
from .words import default_words, ResolverWords


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


def on_day(d: date, tod: str | None, mod: str | None, anchor: Any) -> Result:
    """The day `d` as a DATE, or with `tod` (a part of the day or HH:MM) a TIME on that day."""
    p = from_date(d)
    if tod:
        p = replace(p, gran="T", tod=tod)
        return Result("TIME", fmt(p), mod, anchor, p)
    return Result("DATE", fmt(p), mod, anchor, p)


def sentences_apart(ctx: Ctx, idx: int, f: Any) -> int:
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


def raw_slot(slots: dict[str, Any], name: str) -> str:
    return (slots.get("_raw") or {}).get(name) or ""


def year_for(month: int, day: int | None, ctx: Ctx, tense: str | None, ref: Pt | None = None,
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


def edge_mod(slots: dict[str, Any], words: ResolverWords) -> str | None:
    e = slots.get("edge")
    if e:
        return e
    raw = raw_slot(slots, "edgeword").lower() or raw_slot(slots, "later").lower()
    return words.edge_words.get(raw)


def prefix_mod(txt: str, prefixes: dict[str, str]) -> str | None:
    """The mod of the first prefix in `prefixes` that `txt` starts with."""
    return next((mod for word, mod in prefixes.items() if txt.startswith(word)), None)
