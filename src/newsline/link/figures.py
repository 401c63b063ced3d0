"""Figures across articles: claims about one quantity form a series ordered by as-of date, and
incompatible values for the same quantity on the same day are a `figure` discrepancy.

Incremental and order-independent: only claims not yet placed are looked at; a claim's series is
named by its quantity key (`what` normalised, unit family, level/change, subject: see
nlp/claims/stage.py), so the same claims make the same series whatever order articles arrive in;
discrepancies are recomputed from the store for the series a run touched, and nothing else.

Qualifiers decide compatibility: each claim allows an interval of true values (the table is in
nlp/claims/rules/en.yaml). "at least 200" and "220" agree; "1,400" and "1,200" the same day do not.
A death toll that rises day by day is a series, not a conflict: only claims with the same as-of
day (and the same part of the day, where one is given) from different articles are compared.

An article that gives as current a figure the series had already moved past (the value of an
older point, after a later, incompatible one) makes a `stale_figure` discrepancy: evidence that
the article is older than it says, for the misdated-article check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from itertools import combinations

TIME_OF_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}T(.+)$")
ABOUT, NEARLY = 0.15, 0.15


def series_id(key: str) -> str:
    return "F" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def link_figures(store, stale_changed: set[str] | None = None) -> int:
    """Place every claim not yet in a series; recompute series rows and discrepancies of the
    series touched. Returns the number of claims placed; adds to `stale_changed` the articles whose
    stale-figure discrepancies changed (the misdated check looks at them again)."""
    rows = store.query("SELECT id, key FROM claims WHERE series IS NULL AND key IS NOT NULL")
    if not rows:
        return 0
    placements = [(series_id(r["key"]), r["id"]) for r in rows]
    touched = sorted({(sid, r["key"]) for (sid, _), r in zip(placements, rows)})
    with store.transaction():
        store.db.executemany("UPDATE claims SET series=? WHERE id=?", placements)
        for sid, key in touched:
            before = stale_by_article(store, sid)
            refresh_series(store, sid, key)
            if stale_changed is not None:
                after = stale_by_article(store, sid)
                stale_changed |= {a for a in before.keys() | after.keys() if before.get(a) != after.get(a)}
    return len(placements)


def stale_by_article(store, sid: str) -> dict[str, list]:
    """The series' stale-figure discrepancies by the article they are about: (its figure's anchor, the
    as-of of the points it names)."""
    out: dict[str, list] = defaultdict(list)
    for r in store.query("SELECT items FROM discrepancies WHERE series=? AND kind='stale_figure' ORDER BY id", (sid,)):
        items = json.loads(r["items"])
        if items:
            out[items[0]["article"]].append([items[0].get("anchor")] + [i.get("as_of") for i in items])
    return dict(out)


def refresh_series(store, sid: str, key: str) -> None:
    claims = series_claims(store, sid)
    if not claims:
        store.db.execute("DELETE FROM claim_series WHERE id=?", (sid,))
        store.db.execute("DELETE FROM discrepancies WHERE series=?", (sid,))
        return
    whats = Counter(c["what"] for c in claims if c["what"])
    what = min(whats, key=lambda w: (-whats[w], len(w), w)) if whats else None
    subject = next((c["subject"] for c in claims if c["subject"]), None)
    dates = sorted(c["as_of"] for c in claims if c["as_of"])
    store.db.execute(
        "INSERT OR REPLACE INTO claim_series (id, key, what, unit, subject, claims, first_as_of, last_as_of)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (sid, key, what, claims[0]["unit"], subject, len(claims), dates[0] if dates else None,
         dates[-1] if dates else None))
    store.db.execute("DELETE FROM discrepancies WHERE series=?", (sid,))
    for kind, description, items in conflicts(claims, what) + stale_figures(claims, what):
        store.db.execute("INSERT INTO discrepancies (kind, description, items, series) VALUES (?,?,?,?)",
                         (kind, description, json.dumps(items, ensure_ascii=False), sid))


def series_claims(store, sid: str) -> list[dict]:
    rows = store.query(
        """SELECT c.id, c.article, c.start, c."end", c.anchor, c.value, c.unit, c.qualifier, c.what, c.source,
                  c.as_of, c.as_of_value, c.kind, c.subject, s.text AS sentence, a.date AS article_date,
                  a.outlet
           FROM claims c JOIN articles a ON a.id = c.article
           LEFT JOIN sentences s ON s.article = c.article AND s.idx = c.sentence
           WHERE c.series = ? AND a.current = 1""", (sid,))
    out = [dict(r, value=json.loads(r["value"])) for r in rows]
    out.sort(key=lambda c: (c["as_of"] or "", c["article"], c["start"]))
    return out


# -- compatibility --------------------------------------------------------------------------
def interval(value, qualifier: str | None) -> tuple[float, float]:
    """The true values a claim allows (see the qualifier table in nlp/claims/rules/en.yaml)."""
    lo, hi = (float(value[0]), float(value[1])) if isinstance(value, list) else (float(value), float(value))
    if qualifier == "at_least":
        return lo, math.inf
    if qualifier == "more_than":
        return math.nextafter(lo, math.inf), math.inf
    if qualifier == "up_to":
        return 0.0, hi
    if qualifier == "less_than":
        return 0.0, math.nextafter(hi, -math.inf)
    if qualifier == "about":
        return lo * (1 - ABOUT), hi * (1 + ABOUT)
    if qualifier == "nearly":
        return lo * (1 - NEARLY), hi
    if qualifier == "exactly" or isinstance(value, list):
        return lo, hi
    slack = rounding(lo)
    return lo - slack, hi + slack


def rounding(x: float) -> float:
    """Half the place of a round figure's last non-zero digit: '1,400' may be 1,350..1,449."""
    if x != int(x) or x == 0:
        return 0.0
    n, zeros = int(abs(x)), 0
    while n % 10 == 0 and zeros < 12:
        n //= 10
        zeros += 1
    return 0.0 if zeros < 2 else 10 ** zeros / 2


def compatible(a: dict, b: dict) -> bool:
    alo, ahi = interval(a["value"], a["qualifier"])
    blo, bhi = interval(b["value"], b["qualifier"])
    return alo <= bhi and blo <= ahi


def time_of_day(claim: dict) -> str:
    m = TIME_OF_DAY.search(claim.get("as_of_value") or "")
    return m.group(1) if m else ""


# -- discrepancies ----------------------------------------------------------------------------
def conflicts(claims: list[dict], what: str | None) -> list[tuple[str, str, list[dict]]]:
    """Claims of the same day (and part of day) from different articles whose values cannot both
    hold. A claim that names a part of the day is not compared with one that does not: 21 in the
    morning and 23 by the evening is a series."""
    out = []
    by_day: dict[tuple, list[dict]] = defaultdict(list)
    for c in claims:
        if c["kind"] == "level" and c["as_of"] and len(c["as_of"]) == 10:
            by_day[(c["as_of"], time_of_day(c))].append(c)
    for (day, _part), group in sorted(by_day.items()):
        clashing = {}
        for one, other in combinations(fold_points(group), 2):  # claims of one point agree
            if compatible(one.claim, other.claim):
                continue
            for side, against in ((one, other), (other, one)):
                for c in side.claims:
                    if against.articles - {c["article"]}:
                        clashing[c["id"]] = c
        if not clashing:
            continue
        items = sorted(clashing.values(), key=lambda c: (sorted_value(c), c["article"], c["start"]))
        sides = "; against ".join(describe(c) for c in items)
        out.append(("figure", f"{what or 'a figure'} on {day}: {sides}.", [item(c) for c in items]))
    return out


def stale_figures(claims: list[dict], what: str | None) -> list[tuple[str, str, list[dict]]]:
    """A claim given as current (as of its article's own date) whose value is an older point of
    the series (p), after which a later point (q) moved to a value neither agrees with, and no
    point after q agrees with the claim again.

    Claims are first folded into distinct points (as-of day, value, qualifier): a series told by
    thousands of reports has a few hundred points, and a claim's answer depends only on its own
    point and which points its own article alone gives (a report is never compared with itself),
    so it is worked out once per such pair. Near-linear in the claims, where comparing claims
    pairwise made a 9,000-claim series take hours."""
    points = fold_points(claims)
    alone: dict[str, set[int]] = defaultdict(set)  # article -> the points only it gives
    for i, pt in enumerate(points):
        if len(pt.articles) == 1:
            alone[next(iter(pt.articles))].add(i)
    memo: dict[tuple, tuple | None] = {}
    out = []
    for c in claims:
        if c["kind"] != "level" or not c["as_of"] or not c["article_date"] or len(c["as_of"]) != 10:
            continue
        if c["as_of"] < _day_before(c["article_date"]):
            continue  # the article itself dates the figure in the past: a restatement, not stale
        own = frozenset(i for i in alone.get(c["article"], ()) if points[i].as_of < c["as_of"])
        key = (c["as_of"], sorted_value(c), c["qualifier"], own)
        if key not in memo:
            memo[key] = moved_past(points, c, own)
        found = memo[key]
        if found is None:
            continue
        p, q = (points[i].first_not_of(c["article"]) for i in found)
        description = (f"{what or 'a figure'}: {describe(c)} gives {c['anchor']} as of {c['as_of']}, a figure "
                       f"the series had moved past: {p['anchor']} on {p['as_of']}, then {q['anchor']} on "
                       f"{q['as_of']}. The article may be older than its date.")
        out.append(("stale_figure", description, [item(c), item(p), item(q)]))
    return out


class Point:
    """Claims of one as-of day, value and qualifier, in series order."""

    def __init__(self, claim: dict):
        self.as_of, self.value, self.qualifier = claim["as_of"], sorted_value(claim), claim["qualifier"]
        self.claim = claim  # the first claim: its value and qualifier stand for all
        self.claims: list[dict] = []
        self.articles: set[str] = set()

    def first_not_of(self, article: str) -> dict:
        return next(c for c in self.claims if c["article"] != article)


def fold_points(claims: list[dict]) -> list[Point]:
    """Distinct (as-of, value, qualifier) points of the claims with an as-of, ordered by as-of and
    then by where their first claim stands in the series (the claims' own order)."""
    points: dict[tuple, Point] = {}
    for c in claims:
        if not c["as_of"]:
            continue
        key = (c["as_of"], sorted_value(c), c["qualifier"])
        if key not in points:
            points[key] = Point(c)
        points[key].claims.append(c)
        points[key].articles.add(c["article"])
    return sorted(points.values(), key=lambda pt: pt.as_of)  # stable: first-claim order within a day


def moved_past(points: list[Point], c: dict, own: frozenset) -> tuple[int, int] | None:
    """(p, q) indexes for a claim `c` (see stale_figures), looking only at points older than its
    as-of that some other article gives; None when it is not stale."""
    older = [i for i, pt in enumerate(points) if pt.as_of < c["as_of"] and i not in own]
    value = sorted_value(c)
    seen_before: set[tuple] = set()  # values of the points older than the current p
    j = 0
    for i in older:
        pt = points[i]
        while j < len(older) and points[older[j]].as_of < pt.as_of:
            seen_before.add(points[older[j]].value)
            j += 1
        if pt.value != value:
            continue
        later = [k for k in older if points[k].as_of > pt.as_of and not compatible(points[k].claim, c)
                 and not compatible(points[k].claim, pt.claim) and points[k].value not in seen_before]
        if not later:
            continue
        last = max(points[k].as_of for k in later)
        if any(points[k].as_of > last and compatible(points[k].claim, c) for k in older):
            continue
        q = next(k for k in later if points[k].as_of == last)
        return i, q
    return None


def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def sorted_value(c: dict):
    return tuple(c["value"]) if isinstance(c["value"], list) else (c["value"],)


def describe(c: dict) -> str:
    who = c["source"] or "unattributed"
    via = f", via {c['outlet']}" if c.get("outlet") and c["outlet"] != c["source"] else ""
    return f"'{c['anchor']}' ({who}{via})"


def item(c: dict) -> dict:
    return {"article": c["article"], "text": c["sentence"] or c["anchor"], "sentence": c["sentence"],
            "anchor": c["anchor"], "value": c["value"], "qualifier": c["qualifier"], "source": c["source"],
            "as_of": c["as_of"], "start": c["start"], "end": c["end"]}
