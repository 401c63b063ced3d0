"""Infer an undated article's date: the text's time expressions read in `date_model`'s one scoring.

What the text gives, read symbolically (no date yet):
- days and months it states in full, and years: the latest one it reports as past is a lower bound
  (a report is not older than what it tells as done); a year alone ("in 2009", "since 2005") is
  only that, a bound, never the date;
- month-days without a year, weekdays, deictic words ("yesterday"): they place the date once a
  candidate is tried (`dating._score` re-resolves them against it).
Candidate days are scored one by one where the text can tell them apart: from a week before each
day it reports to `FOLLOW_DAYS` after it, and around the days matched events point at. Elsewhere
only what moves with the date (weekdays, "yesterday") tells days apart, and that repeats every
week: those days take the energy of the same weekday in a sampled week (`_far_energies`), so a
range of years costs a few dozen resolutions, not one per day.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Sequence

import numpy as np

from . import date_model as model
from .dating import (_WEEKDAYS, _YEAR, GAP_COST, SURE_COST, DateInference, _day, _is_explicit, _month_start_end,
                     _past_like, score_parts)

FOLLOW_DAYS = 21  # how long after a reported day the text is scored day by day
BEFORE_DAYS = 3  # ... and how long before it ("tomorrow, Friday, March 5")
SCORED_YEARS = 3  # month-days without a year: years scored day by day (the latest ones); others copy them
PRIOR_DAYS = 400  # the collection's likeliest days (their years are scored day by day after a month-day)
SHORT_RANGE = 45  # a range this short is scored day by day
NEAR_BEST = 0.98  # days this close to the most probable one are as good a pick
YEAR_COST = 0.3  # per year after the latest year the text states in full ...
YEAR_COST_YEARS = 5  # ... for this many years
_PART_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})")
_PART_MONTH = re.compile(r"^XXXX-(\d{2})$")


@dataclass
class TextDates:
    """The article's time expressions sorted by what they can say about its date."""

    abs_days: list[tuple[date, Any]] = field(default_factory=list)
    abs_months: list[tuple[date, date, Any]] = field(default_factory=list)
    abs_years: list[tuple[int, Any]] = field(default_factory=list)
    part_days: list[tuple[int, int, Any]] = field(default_factory=list)
    part_months: list[tuple[int, Any]] = field(default_factory=list)
    weekdays: list[Any] = field(default_factory=list)
    relative: list[Any] = field(default_factory=list)  # yesterday, last week, this month ...

    @property
    def placing(self) -> bool:
        """Does anything in the text move with the date (so that candidates can be told apart)?"""
        return bool(self.part_days or self.part_months or self.weekdays or self.relative)

    @property
    def any(self) -> bool:
        return bool(self.abs_days or self.abs_months or self.abs_years or self.placing)

    def lower_bound(self, today: date) -> tuple[date, Any] | None:
        """The latest day, month or year the text states in full and reports as past (not after today)."""
        best = None
        for d, f in self.abs_days:
            if _past_like(f) and d <= today and (best is None or d > best[0]):
                best = (d, f)
        for a, _b, f in self.abs_months:
            if _past_like(f) and a <= today and (best is None or a > best[0]):
                best = (a, f)
        for y, f in self.abs_years:
            if _past_like(f) and 1 <= y <= today.year and (best is None or date(y, 1, 1) > best[0]):
                best = (date(y, 1, 1), f)
        return best


def read_text(found: Sequence[Any], tagger: Any) -> TextDates:
    """The article's expressions resolved without a date, sorted into `TextDates`."""
    out = TextDates()
    for f in tagger.resolve(list(found), None):
        if f.type not in ("DATE", "TIME"):
            continue
        if _is_explicit(f):
            d = _day(f.value)
            if d:
                out.abs_days.append((d, f))
                continue
            ms = _month_start_end(f.value)
            if ms:
                out.abs_months.append((ms[0], ms[1], f))
            elif _YEAR.match(f.value):
                out.abs_years.append((int(f.value), f))
            continue
        if f.anchor != "dct":
            continue
        m = _PART_DAY.match(f.value)
        if m and f.op in ("date", "holiday", "weekday", "clock"):
            out.part_days.append((int(m.group(1)), int(m.group(2)), f))
            continue
        m = _PART_MONTH.match(f.value)
        if m and f.op == "date":
            out.part_months.append((int(m.group(1)), f))
            continue
        if f.op == "weekday" and "WXX-" in f.value:
            out.weekdays.append(f)
        elif f.op in ("deictic_day", "deictic_pod", "rel", "ago", "named_rel"):
            out.relative.append(f)
    return out


def infer(found: Sequence[Any], tagger: Any, *, today: date, collection: model.Collection,
          earliest: date | None = None) -> DateInference | None:
    """See `dating.infer_date`."""
    text = read_text(found, tagger)
    found = list(found)
    if not text.any and not collection.dates_it:
        return None
    bound = text.lower_bound(today)
    span = model.collection_span(collection)
    # ---- the range of days: from the text's lower bound (or the collection's start) to today
    stated_years = sorted({d.year for d, _ in text.abs_days} | {a.year for a, _, _ in text.abs_months})
    year_floor = min(max(stated_years), today.year) if stated_years else None
    if span is not None:
        lo = min(span[0], bound[0]) if bound else span[0]
        hi = min(today, span[1]) if span[1] >= (bound[0] if bound else span[0]) else today
        hi = max(hi, min(today, (bound[0] if bound else lo) + timedelta(days=FOLLOW_DAYS)))
    else:
        lo = bound[0] if bound else _years_back(today, model.ALONE_YEARS)
        hi = today
    if bound and bound[0] > lo and span is None:
        lo = bound[0]
    if earliest is not None:
        lo = max(lo, earliest)
    lo = min(lo, hi)
    days = model.DayRange(lo, hi)
    density = model.collection_density(days, collection)
    if span is None and bound is not None:
        density = _after_bound(days, bound[0])
    # ---- the text's energy per day
    late_share = collection.late_share if collection.late_share is not None else model.LATE_SHARE
    energy = _text_energy(found, tagger, text, days, density, year_floor, collection.anchors, late_share)
    post = model.posterior(days, energy, density)
    # alone, with no day or month stated in full: the year is the latest that fits (news is read soon)
    best = _best(post, latest=span is None and earliest is None and not (text.abs_days or text.abs_months))
    yearless = span is None and earliest is None and not (text.abs_days or text.abs_months or text.abs_years)
    only_bounds = not text.placing and not text.abs_days and not text.abs_months
    w_lo, w_hi, mass = post.window()
    if w_lo > best or w_hi < best:
        w_lo, w_hi = min(w_lo, best), max(w_hi, best)
    reasons = explain(found, tagger, text, best, today, year_floor)
    if only_bounds and bound is not None:
        end = hi
        w_lo, w_hi = bound[0], end
        mass = post.mass_between(w_lo, w_hi)
        where = "a month after the collection's last report" if span is not None else "the ingest date"
        reasons.append(f"the text gives only lower bounds: '{bound[1].text}' ({bound[1].value}) is the latest it "
                       f"reports, so the date is from {bound[0].isoformat()} to {where} ({end.isoformat()})")
    elif not text.any:
        reasons.append("the text gives no date of its own")
    if collection.dates:
        reasons.append(f"the collection's {len(collection.dates)} dated report(s) run from "
                       f"{min(collection.dates).isoformat()} to {max(collection.dates).isoformat()}")
    reasons += model.describe_neighbours(collection, best)
    if yearless:
        reasons.append(f"nothing gives the year: the window is the last {model.ALONE_YEARS} years up to "
                       f"{today.isoformat()}")
    if w_hi > w_lo:
        reasons.append(f"dates from {w_lo.isoformat()} to {w_hi.isoformat()} hold {mass:.0%} of the probability")
    return DateInference(best, (w_lo, w_hi), model.confidence_of(mass), reasons)


def _years_back(today: date, years: int) -> date:
    if today.year - years < 1:
        return date.min
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _after_bound(days: model.DayRange, bound: date) -> np.ndarray:
    """Alone, with a lower bound: flat after it (the text's gap costs say how soon after)."""
    x = days.ordinals()
    density = (x >= days.index(bound)).astype(np.float64)
    return density / (density.sum() or 1.0)


def _zone_starts(text: TextDates, years: list[int]) -> list[date]:
    starts = [d for d, _ in text.abs_days] + [a for a, _b, _ in text.abs_months]
    for y in years:
        for mo, dd, _ in text.part_days:
            try:
                starts.append(date(y, mo, dd))
            except ValueError:
                continue
        for mo, _ in text.part_months:
            starts.append(date(y, mo, 1))
    return starts


def _text_energy(found: list[Any], tagger: Any, text: TextDates, days: model.DayRange, density: np.ndarray,
                 year_floor: int | None, anchors: list[model.Anchor] = (),
                 late_share: float = model.LATE_SHARE) -> np.ndarray:
    """Energy per day of `days`: the text's, and what its matched events say."""
    n = days.n
    energy = np.zeros(n)
    scored = np.zeros(n, dtype=bool)
    if not text.any:
        return energy  # (matched events tie the text's own expressions: with none, nothing to tie)
    found = dated_only(found)  # resolved once per candidate day: leave out what no day changes
    all_years = list(range(days.lo.year, days.hi.year + 1))
    partial = bool(text.part_days or text.part_months)
    years = all_years[-SCORED_YEARS:] if partial else []
    if partial and density.max() > 2.0 / n:  # a collection: its likeliest years too
        likely = sorted({days.day(i).year for i in np.argsort(-density)[:PRIOR_DAYS]})
        years = sorted(set(years) | set(likely))
    wanted: set[int] = set()
    for s in _zone_starts(text, years):
        i0 = days.index(s)
        wanted.update(range(max(0, i0 - BEFORE_DAYS), min(n, i0 + FOLLOW_DAYS + 1)))
    if n <= SHORT_RANGE:  # a short range (a stated month): every day
        wanted.update(range(n))
    for a in anchors:  # the days a matched event points at
        i0 = days.index(a.date)
        wanted.update(range(max(0, i0 - 1), min(n, i0 + 8)))
    for i in sorted(wanted):
        energy[i] = _day_energy(tagger, found, days.day(i), n, anchors, late_share)
        scored[i] = True
    energy[~scored] = _far_energies(found, tagger, days, scored, anchors, late_share)
    if partial:  # years not scored: their month-days fit as those of the nearest scored year
        _copy_years(text, days, energy, scored, years, all_years)
    return energy + _year_costs(days, year_floor)


UNDATED_OPS = frozenset({"dur", "dur_vague", "dur2", "set", "set_named", "weekday_set"})


def dated_only(found: list[Any]) -> list[Any]:
    """The expressions that can place the article: durations and sets ("three days", "every Monday")
    never enter the scores nor the time under discussion, whatever the candidate day."""
    return [f for f in found if f.op not in UNDATED_OPS]


def _day_energy(tagger: Any, found: list[Any], c: date, n_days: int, anchors: list[model.Anchor],
                late_share: float) -> float:
    res = tagger.resolve(found, c)
    energy = _combined(*score_parts(res, c), n_days, late_share)
    if anchors:
        energy += model.anchor_energy(anchors, c, {f.start: d for f in res if (d := _day(f.value)) is not None})
    return energy


def _year_costs(days: model.DayRange, year_floor: int | None) -> np.ndarray:
    """After the latest year the text states, later years pay YEAR_COST each, for YEAR_COST_YEARS at
    most (news looks back a short way, but a collection's dates or a retrospective may say otherwise)."""
    out = np.zeros(days.n)
    if year_floor is None:
        return out
    for year in range(max(days.lo.year, year_floor + 1), min(days.hi.year, year_floor + YEAR_COST_YEARS) + 1):
        a = max(0, days.index(date(year, 1, 1)))
        out[a:] += YEAR_COST
    return out


def _combined(fit: float, late: float, n_days: int, late_share: float = model.LATE_SHARE) -> float:
    """The text's energy for one day: TEXT_WEIGHT times how its expressions fit, and what the days
    since the latest reported day cost: most reports are written soon after it (GAP_WEIGHT x GAP_COST
    a day), a share `late_share` at any time in the range (a retrospective)."""
    w = model.GAP_WEIGHT
    recent = (1 - late_share) * (1 - math.exp(-w * GAP_COST))
    return (model.TEXT_WEIGHT * fit - math.log(recent * math.exp(-w * late) + late_share / max(30, n_days))
            + math.log(recent))


def _far_energies(found, tagger, days: model.DayRange, scored: np.ndarray, anchors=(),
                  late_share: float = model.LATE_SHARE) -> np.ndarray:
    """Energies for the days not scored one by one. Far from the days the text reports, only what
    moves with the date (weekdays, "yesterday") tells days apart, and that repeats every week: each
    day takes the energy of the same weekday in a week sampled among them (the one before the scored
    days for those before, the last one for those after)."""
    unscored = np.flatnonzero(~scored)
    out = np.zeros(len(unscored))
    if not len(unscored):
        return out
    first_scored = int(np.flatnonzero(scored)[0]) if scored.any() else days.n
    before = unscored < first_scored
    for part in (before, ~before):
        idx = unscored[part]
        if not len(idx):
            continue
        by_weekday = {}
        for i in idx[-7:]:
            c = days.day(int(i))
            by_weekday[c.weekday()] = _day_energy(tagger, found, c, days.n, anchors, late_share)
        fallback = min(by_weekday.values())
        weekday_of = (days.lo.weekday() + idx) % 7
        table = np.array([by_weekday.get(w, fallback) for w in range(7)])
        out[part] = table[weekday_of]
    return out


def _partial_starts(text: TextDates, year: int) -> list[tuple[date, int | None]]:
    """Month-days (and months) without a year placed in `year`, with the weekday the text names for them."""
    out = []
    for mo, dd, f in text.part_days:
        try:
            weekday = f.slots.get("weekday") if f.op == "date" and isinstance(f.slots, dict) else None
            out.append((date(year, mo, dd), weekday if isinstance(weekday, int) else None))
        except ValueError:
            continue
    for mo, _f in text.part_months:
        out.append((date(year, mo, 1), None))
    return out


def _copy_years(text: TextDates, days: model.DayRange, energy: np.ndarray, scored: np.ndarray, years: list[int],
                all_years: list[int]) -> None:
    """Days after a month-day of a year not scored take the energy of the same days in the nearest
    scored year; a weekday the text names with it ("Friday, March 5") must fall on it that year."""
    if not years:
        return
    named_cost = model.TEXT_WEIGHT * SURE_COST
    for y in all_years:
        if y in years:
            continue
        src = min(years, key=lambda s: abs(s - y))
        for (start, weekday), (src_start, _w) in zip(_partial_starts(text, y), _partial_starts(text, src)):
            shift = 0.0
            if weekday is not None:
                shift = named_cost * ((start.isoweekday() != weekday) - (src_start.isoweekday() != weekday))
            for k in range(-BEFORE_DAYS, FOLLOW_DAYS + 1):
                i, j = days.index(start + timedelta(days=k)), days.index(src_start + timedelta(days=k))
                if 0 <= i < days.n and 0 <= j < days.n and scored[j] and not scored[i]:
                    energy[i] = min(energy[i], energy[j] + shift)


def _best(post: model.Posterior, latest: bool = False) -> date:
    """The most probable day; when several are about as probable (the text repeats every week, or
    fits every year), the one nearest the middle of the probability (least wrong on average), or with
    `latest` (nothing gives the year) the latest of them."""
    p = post.p
    near = np.flatnonzero(p >= p.max() * NEAR_BEST)
    if latest:
        return post.days.day(int(near[-1]))
    median = int(np.searchsorted(np.cumsum(p), 0.5))
    return post.days.day(int(near[np.argmin(np.abs(near - median))]))


def explain(found: list[Any], tagger: Any, text: TextDates, best_c: date, today: date,
            year_floor: int | None) -> list[str]:
    """The reasons a reader sees: what the text's expressions say once resolved against the date."""
    reasons: list[str] = []
    resolved = tagger.resolve(found, best_c)
    latest_reported = None
    for f in resolved:
        d = _day(f.value) if f.type in ("DATE", "TIME") else None
        if d and d <= best_c and _past_like(f) and f.op not in ("deictic_day", "deictic_pod", "rel"):
            if latest_reported is None or d > latest_reported[0]:
                latest_reported = (d, f)
    if latest_reported:
        d, f = latest_reported
        reasons.append(f"the latest event the text reports, '{f.text}', resolves to {d.isoformat()}"
                       f" ({_WEEKDAYS[d.weekday()]})")
    wd_texts = sorted({f.text.split("’")[0].split("'")[0] for f in resolved if f.op == "weekday"})
    if wd_texts:
        reasons.append("weekday references " + ", ".join(f"'{t}'" for t in wd_texts[:5]) +
                       f" fit together best when the article is written on {_WEEKDAYS[best_c.weekday()]}"
                       f" {best_c.isoformat()}")
    for f, g in zip(resolved, resolved[1:]):
        if f.op == "deictic_day" and g.op == "date" and 0 <= g.start - f.end <= 3 and f.value[:10] == g.value[:10]:
            reasons.append(f"'{f.text}' is '{g.text}', which puts the article on {best_c.isoformat()}")
    seen: set[str] = set()
    placed = {(r.start, r.end): _day(r.value) for r in resolved}
    for _mo, _dd, f in text.part_days:
        day = placed.get((f.start, f.end))
        if f.text in seen or len(seen) >= 3 or day is None:
            continue
        seen.add(f.text)
        if day <= best_c:
            reasons.append(f"'{f.text}' ({day.isoformat()}) has already happened, so the date is on or after it")
        else:
            reasons.append(f"'{f.text}' ({day.isoformat()}) is still to come, so the date is before it")
    if text.abs_days or text.abs_months:
        ref = max([d for d, _ in text.abs_days] + [a for a, _, _ in text.abs_months])
        reasons.append(f"the latest full date the text states is {ref.isoformat()}")
    if (text.part_days or text.part_months) and year_floor is None and not text.abs_years:
        reasons.append(f"the text never states the year: took the year that fits it and the reports around it "
                       f"best, up to {today.isoformat()}")
    return reasons
