"""One scoring for an undated report's date: its text, its collection and its neighbours.

Every candidate day `c` gets a probability

    P(c)  ∝  exp(-TEXT_WEIGHT · text(c))  ·  collection(c)

* `text(c)` is the mismatch of the article's own time expressions with `c` (`dating._score`: they are
  re-resolved against `c`; a past reference after `c`, weekdays scattered over more than a few days,
  a named weekday that is not the date's all cost). A report is written on or shortly after the
  latest day it reports: those days cost `dating.GAP_COST` each, except that a share `LATE_SHARE`
  of reports is written at any later time (a retrospective, an anniversary), spread over the range.
* `collection(c)` is what the other reports say, a mixture of densities over days:
  - the neighbours (reports on the same story: near-duplicate text, shared entities with similar
    text; `link/dating.py` finds them): a Laplace kernel around each neighbour's date, of width
    `NEIGHBOUR_SCALE[kind]` days; each neighbour's weight `w` is how often a neighbour that close
    was written within two days of the report (measured on the T17 topics), and the neighbours
    together take the share `1 - prod(1 - w)` of the mixture (at most `NEIGHBOUR_MAX`);
  - the collection's range, the rest: a kernel (`RANGE_SCALE` days) around every dated report,
    trusted more as they grow in number (`RANGE_DATES`), and a flat part (`RANGE_FLOOR` at least)
    over the range and `RANGE_MARGIN` days beyond it;
  - alone (no collection), a flat prior from the text's lower bound (the latest year or day it
    reports as past) to the ingest date; with no lower bound at all, `ALONE_YEARS` years back.
  Far outside the collection's range a small floor (`OUTSIDE`) remains, so a text that states its
  year in full can still place itself elsewhere.

The date is the most probable day; the window is the shortest run of days around it holding
`WINDOW_MASS` of the probability; the confidence is that mass mapped through `CALIBRATION` (the
share of windows that held the true date, measured by bench/dating on the T17 topics, the sample
corpus and TBAQ alone at each raw mass).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

TEXT_WEIGHT = 1.0  # the text's mismatch (dating._score's units) -> log-probability
GAP_WEIGHT = 1.5  # the same for the days since the latest reported day
LATE_SHARE = 0.1  # share of reports written long after the latest day they report (retrospectives)
WINDOW_MASS = 0.9
RANGE_SCALE = 4.0  # days: how far from a dated report of the collection an undated one typically lies
RANGE_MARGIN = 30  # days before the collection's first and after its last report that stay plausible
RANGE_FLOOR = 0.5  # share of the collection prior spread flat over its range (with the margins) ...
RANGE_DATES = 20  # ... more while it has few dated reports (the kernel weighs n / (n + RANGE_DATES) of the rest)
OUTSIDE = 1e-4  # share of probability left for days outside the collection's range (per the range's length)
ALONE_YEARS = 50
NEIGHBOUR_SCALE = {"near_duplicate": 1.0, "similar": 3.0}
ANCHOR_SCALE = 1.0  # days: how exactly two reports of one event agree on its day
NEIGHBOUR_MAX = 0.9  # the most the neighbours may weigh against the collection's range
# raw window mass -> share of windows that held the truth (bench/dating); linear between the points
CALIBRATION = ((0.0, 0.0), (0.5, 0.5), (0.9, 0.9), (1.0, 1.0))


@dataclass
class Neighbour:
    """A dated report on the same story."""

    article: str
    date: date
    weight: float  # 0..1: how surely it tells the same story
    kind: str  # near_duplicate | similar
    why: str = ""
    similarity: float = 0.0


@dataclass
class Anchor:
    """One of the article's reports matched to a dated report of the same event in another article.

    `start` is where the article's own time expression for it begins (its value must then resolve to
    `date`), or None when the article dates it only by itself (then the article is from about `date`)."""

    start: int | None
    date: date
    strength: float  # 0..1: how surely the two report the same event
    article: str = ""
    text: str = ""


@dataclass
class Collection:
    """What the other reports say about an undated one's date."""

    dates: list[date] = field(default_factory=list)  # the collection's stated dates
    neighbours: list[Neighbour] = field(default_factory=list)
    related: bool = False  # the dates are those of reports sharing something with it (not just the store's)
    anchors: list[Anchor] = field(default_factory=list)
    late_share: float | None = None  # LATE_SHARE as the collection shows it for this text's latest full date

    @property
    def dates_it(self) -> bool:
        """Can the collection alone date a report whose text gives nothing?"""
        return bool(self.neighbours or self.anchors) or (self.related and bool(self.dates))

    @property
    def empty(self) -> bool:
        return not self.dates and not self.neighbours


def calibrated(mass: float) -> float:
    for (x0, y0), (x1, y1) in zip(CALIBRATION, CALIBRATION[1:]):
        if mass <= x1:
            return y0 + (y1 - y0) * (mass - x0) / (x1 - x0 or 1)
    return CALIBRATION[-1][1]


class DayRange:
    """Days lo..hi as ordinals, with arrays indexed by day - lo."""

    def __init__(self, lo: date, hi: date):
        self.lo, self.hi = lo, max(lo, hi)
        self.n = (self.hi - self.lo).days + 1

    def day(self, i: int) -> date:
        return self.lo + timedelta(days=int(i))

    def index(self, d: date) -> int:
        return (d - self.lo).days

    def ordinals(self) -> np.ndarray:
        return np.arange(self.n, dtype=np.float64)


def collection_density(days: DayRange, collection: Collection) -> np.ndarray:
    """The collection's density over `days` (sums to 1 over them), before the text is read:
    neighbours (each `w_j` sure to be of about the same time) take a share `1 - prod(1 - w_j)`;
    the range takes the rest (a kernel around its dated reports, trusted as they grow in number,
    and a flat part over the range and its margins); a floor `OUTSIDE` is left everywhere."""
    x = days.ordinals()
    if collection.empty:
        return np.full(days.n, 1.0 / days.n)
    flat_all = np.full(days.n, 1.0 / days.n)
    if collection.dates:
        pts = np.array([days.index(d) for d in collection.dates], dtype=np.float64)
        kernel = _laplace_mixture(x, pts, np.full(len(pts), 1.0), RANGE_SCALE)
        lo, hi = pts.min() - RANGE_MARGIN, pts.max() + RANGE_MARGIN
        flat = ((x >= lo) & (x <= hi)).astype(np.float64)
        flat /= flat.sum() or 1.0
        trust = (1 - RANGE_FLOOR) * len(pts) / (len(pts) + RANGE_DATES)
        range_part = trust * kernel + (1 - trust) * flat
    else:
        range_part = flat_all
    density = range_part
    if collection.neighbours:
        pts = np.array([days.index(n.date) for n in collection.neighbours], dtype=np.float64)
        weights = np.array([n.weight for n in collection.neighbours], dtype=np.float64)
        scales = np.array([NEIGHBOUR_SCALE.get(n.kind, 3.0) for n in collection.neighbours])
        mix = np.zeros(days.n)
        for scale in sorted(set(scales)):
            chosen = scales == scale
            mix += weights[chosen].sum() * _laplace_mixture(x, pts[chosen], weights[chosen], scale)
        mix /= mix.sum() or 1.0
        share = min(NEIGHBOUR_MAX, 1.0 - float(np.prod(1.0 - np.clip(weights, 0.0, 1.0))))
        density = share * mix + (1 - share) * range_part
    density = (1 - OUTSIDE) * density + OUTSIDE * flat_all
    return density / density.sum()


def _laplace_mixture(x: np.ndarray, centres: np.ndarray, weights: np.ndarray, scale: float) -> np.ndarray:
    # a collection's reports fall on few distinct days: one kernel per day, weighted by its reports
    centres, at = np.unique(centres, return_inverse=True)
    weights = np.bincount(at.ravel(), weights=weights, minlength=len(centres))
    out = np.zeros_like(x)
    for c, w in zip(centres, weights):
        out += w * np.exp(-np.abs(x - c) / scale)
    total = out.sum()
    return out / total if total else out


def collection_span(collection: Collection) -> tuple[date, date] | None:
    """The days the collection makes plausible: its dates and its neighbours', with the margins."""
    days = list(collection.dates) + [n.date for n in collection.neighbours] + [a.date for a in collection.anchors]
    if not days:
        return None
    return min(days) - timedelta(days=RANGE_MARGIN), max(days) + timedelta(days=RANGE_MARGIN)


@dataclass
class Posterior:
    days: DayRange
    p: np.ndarray

    @property
    def best(self) -> date:
        return self.days.day(int(np.argmax(self.p)))

    def window(self, mass: float = WINDOW_MASS) -> tuple[date, date, float]:
        """The shortest run of days around the best one holding `mass` (grown towards the likelier side)."""
        i = j = int(np.argmax(self.p))
        held = float(self.p[i])
        cum = np.concatenate([[0.0], np.cumsum(self.p)])
        n = len(self.p)
        while held < mass and (i > 0 or j < n - 1):
            # grow by the side whose next week holds more, a day at a time (weekday evidence is periodic);
            # once the window spans months, by a sixteenth of it (a flat prior over centuries is
            # millions of days)
            step = 1 if j - i < 60 else (j - i) // 16
            left = cum[i] - cum[max(0, i - 7)] if i > 0 else -1.0
            right = cum[min(n, j + 8)] - cum[j + 1] if j < n - 1 else -1.0
            if left >= right:
                k = max(0, i - step)
                held += float(cum[i] - cum[k])
                i = k
            else:
                k = min(n - 1, j + step)
                held += float(cum[k + 1] - cum[j + 1])
                j = k
        return self.days.day(i), self.days.day(j), min(1.0, held)

    def mass_between(self, lo: date, hi: date) -> float:
        a, b = max(0, self.days.index(lo)), min(self.days.n - 1, self.days.index(hi))
        return float(self.p[a:b + 1].sum()) if b >= a else 0.0


def posterior(days: DayRange, text_energy: np.ndarray, density: np.ndarray) -> Posterior:
    """P(c) ∝ exp(-text(c)) · collection(c) over `days` (`text` already weighted)."""
    log_p = -text_energy + np.log(np.maximum(density, 1e-300))
    log_p -= log_p.max()
    p = np.exp(log_p)
    return Posterior(days, p / p.sum())


def confidence_of(mass: float) -> float:
    return round(max(0.01, min(0.99, calibrated(mass))), 2)


def anchor_energy(anchors: list[Anchor], c: date, resolved_day: dict[int, date]) -> float:
    """What the matched reports say about `c`: each match pulls the day it names (the article's own
    expression resolved against `c`, or `c` itself) towards the other report's date. Matches of one
    expression (or of the article date) form one mixture, `-log((1 - a) + sum a_j K(day - date_j))`
    with K a Laplace kernel of ANCHOR_SCALE days and a the strongest match, so one match cannot veto."""
    if not anchors:
        return 0.0
    groups: dict[int | None, list[Anchor]] = {}
    for a in anchors:
        groups.setdefault(a.start, []).append(a)
    total = 0.0
    for start, group in groups.items():
        day = c if start is None else resolved_day.get(start)
        if day is None:
            continue
        strongest = max(a.strength for a in group)
        weight = sum(a.strength for a in group)
        if start is None:  # the article's date vs the event's: the same day or the day after
            near = sum(a.strength * math.exp(-abs((day - a.date).days - 0.5) / ANCHOR_SCALE + 0.5 / ANCHOR_SCALE)
                       for a in group)
        else:
            near = sum(a.strength * math.exp(-abs((day - a.date).days) / ANCHOR_SCALE) for a in group)
        total += -math.log((1 - strongest) + strongest * near / weight)
    return total


def describe_neighbours(collection: Collection, best: date, limit: int = 3) -> list[str]:
    """Reasons naming the neighbours and matched events that carry most weight near the chosen date."""
    out = []
    for a in sorted(collection.anchors, key=lambda a: (-a.strength, a.article))[:limit]:
        out.append(f"'{a.text}' reports the event {a.article[:8]} dates {a.date.isoformat()} "
                   f"(match {a.strength:.2f})")
    if not collection.neighbours:
        return out
    ranked = sorted(collection.neighbours, key=lambda n: (-n.weight * math.exp(-abs((n.date - best).days) / 3.0),
                                                          n.article))
    for n in ranked[:limit]:
        label = {"near_duplicate": "a near-duplicate", "similar": "a report on the same story"}.get(
            n.kind, "a related report")
        out.append(f"{label}, {n.article[:8]}, is dated {n.date.isoformat()}" + (f" ({n.why})" if n.why else ""))
    return out
