"""When was an article written? Infer the date of an undated article from its time
expressions, and check a stated date against what the text reports.

`infer_date` scores candidate document creation times (DCTs): each candidate is
used to re-resolve the article's time expressions (`TimexTagger.resolve`, no new
matching), and is penalised when a past-tense reference would fall after it, when
the weekdays the text mentions would scatter over more than a few days, when the
latest event the text reports lies far before it, and so on. The best candidate is
the date; the candidates nearly as good make the window.

`check_stated_date` flags a stated date that comes before something the text reports
as past, or that is far later than the latest date the text mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from newsline.records import Flag

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_PART_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})")
_PART_MONTH = re.compile(r"^XXXX-(\d{2})$")

_WINDOW_SLACK = 0.35  # candidates this close to the best score are in the window
_MAX_CANDIDATES = 1200
_FOLLOW_DAYS = 60  # how long after a reported date an article may be written
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class DateInference:
    date: date
    window: tuple[date, date]
    confidence: float
    reasons: list[str] = field(default_factory=list)


def _day(value: str) -> date | None:
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month_start_end(value: str) -> tuple[date, date] | None:
    m = _MONTH.match(value)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12:
        return None
    try:
        end = date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        return date(y, mo, 1), end
    except (ValueError, OverflowError):
        return None


def _is_explicit(f: Any) -> bool:
    """A value the text states in full (a year is written): it does not move with the DCT."""
    return f.anchor is None and f.type in ("DATE", "TIME") and bool(re.match(r"^\d{4}", f.value))


def _past_like(f: Any) -> bool:
    return f.tense != "FUTURE"


def infer_date(found: Sequence[Any], tagger: Any, *, text: str | None = None, today: date | None = None,
               context_dates: Iterable[date] = ()) -> DateInference | None:
    """The most likely publication date of an article with time expressions `found`.

    `today` bounds the date from above (an article is not written after it is read: pass the
    ingest date, or the latest date of the collection the article came with); it defaults to
    date.today(). When the text does not state a year, the latest year that fits the text up
    to `today` is taken, and the reasons say so. `context_dates` (dates of related articles,
    optional) pull the choice of year towards them.
    """
    today = today or date.today()
    context = sorted(context_dates)
    symbolic = tagger.resolve(list(found), None)
    abs_days: list[tuple[date, Any]] = []
    abs_months: list[tuple[date, date, Any]] = []
    abs_years: list[tuple[int, Any]] = []
    part_days: list[tuple[int, int, Any]] = []
    part_months: list[tuple[int, Any]] = []
    weekdays: list[Any] = []
    for f in symbolic:
        if f.type not in ("DATE", "TIME"):
            continue
        if _is_explicit(f):
            d = _day(f.value)
            if d:
                abs_days.append((d, f))
                continue
            ms = _month_start_end(f.value)
            if ms:
                abs_months.append((ms[0], ms[1], f))
                continue
            if _YEAR.match(f.value):
                abs_years.append((int(f.value), f))
            continue
        if f.anchor != "dct":
            continue
        m = _PART_DAY.match(f.value)
        if m and f.op in ("date", "holiday", "weekday", "clock"):
            part_days.append((int(m.group(1)), int(m.group(2)), f))
            continue
        m = _PART_MONTH.match(f.value)
        if m and f.op == "date":
            part_months.append((int(m.group(1)), f))
            continue
        if f.op == "weekday" and "WXX-" in f.value:
            weekdays.append(f)
    if not (abs_days or abs_months or part_days or part_months or abs_years):
        return None

    reasons: list[str] = []
    # ---- which years can the article be from?
    stated_years = sorted({d.year for d, _ in abs_days} | {a.year for a, _, _ in abs_months})
    past_years = [y for y, f in abs_years if _past_like(f) and y <= today.year]
    year_known = bool(stated_years)
    year_floor = None
    if stated_years:
        # on or after the latest year the text states; later years pay a little (news looks back
        # a short way), so weekday evidence or the collection's dates decide between them
        year_floor = min(max(stated_years + past_years), today.year)
        years = list(range(year_floor, today.year + 1))[:16]
    else:
        lo = max(past_years) if past_years else today.year - 1
        lo = max(lo, today.year - 15)
        years = list(range(lo, today.year + 1))
    years = [y for y in years if 1 <= y <= 9998]
    if not years:
        years = [min(max(today.year, 1), 9998)]

    # ---- candidate days: after each reported date, for a while
    starts: list[date] = []
    for d, _ in abs_days:
        starts.append(d)
    for a, _b, _ in abs_months:
        starts.append(a)
    for y in years:
        for mo, dd, _ in part_days:
            try:
                starts.append(date(y, mo, dd))
            except ValueError:
                continue
        for mo, _ in part_months:
            starts.append(date(y, mo, 1))
    if not starts:  # only years: a loose answer
        if not abs_years:
            return None
        y = max(past_years) if past_years else max(y for y, _ in abs_years)
        lo_d, hi_d = date(y, 1, 1), min(today, date(min(y + 1, today.year), 12, 31))
        if hi_d < lo_d:
            hi_d = lo_d
        ev = ", ".join(f"'{f.text}'" for _, f in abs_years[:4])
        return DateInference(lo_d + (hi_d - lo_d) // 2, (lo_d, hi_d), 0.1,
                             [f"only years are mentioned ({ev}); the latest, {y}, bounds the date from below"])
    cands: set[date] = set()
    for s in starts:
        for k in range(_FOLLOW_DAYS + 1):
            try:
                c = s + timedelta(days=k)
            except OverflowError:
                break
            if c > today:
                break
            cands.add(c)
    if not cands:
        cands = {min(today, max(starts))}
    cand_list = sorted(cands)
    if len(cand_list) > _MAX_CANDIDATES:
        cand_list = cand_list[-_MAX_CANDIDATES:]

    scored = [(_score(tagger, list(found), c, today, context)
               + (0.3 * (c.year - year_floor) if year_floor is not None else 0.0), c) for c in cand_list]
    best_score = min(s for s, _ in scored)
    if year_known:
        best_year = max(c.year for s, c in scored if s == best_score)
    else:
        # the text does not fix the year: the latest year that fits about as well as any
        best_year = max(c.year for s, c in scored if s <= best_score + 2 * _WINDOW_SLACK)
    year_best = min(s for s, c in scored if c.year == best_year)
    best_c = min(c for s, c in scored if s == year_best and c.year == best_year)
    best_score = year_best
    close = [c for s, c in scored if s <= best_score + _WINDOW_SLACK and c.year == best_c.year]
    window = (min(close), max(close))
    # other years that fit as well as the best: the year is then a guess
    other_years = sorted({c.year for s, c in scored if s <= best_score + _WINDOW_SLACK} - {best_c.year})

    # ---- reasons and confidence
    resolved = tagger.resolve(list(found), best_c)
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
    for _mo, _dd, f in part_days:
        day = placed.get((f.start, f.end))
        if f.text in seen or len(seen) >= 3 or day is None:
            continue
        seen.add(f.text)
        if day <= best_c:
            reasons.append(f"'{f.text}' ({day.isoformat()}) has already happened, so the date is on or after it")
        else:
            reasons.append(f"'{f.text}' ({day.isoformat()}) is still to come, so the date is before it")
    if abs_days or abs_months:
        ref = max([d for d, _ in abs_days] + [a for a, _, _ in abs_months])
        reasons.append(f"the latest full date the text states is {ref.isoformat()}")
    confidence = 0.9
    if not year_known:
        confidence *= 0.6
        reasons.append(f"the text never states the year: took the latest year that fits it up to "
                       f"{today.isoformat()}" + (f" ({len(other_years)} other year(s) fit as well)"
                                                 if other_years else ""))
    span = (window[1] - window[0]).days
    confidence *= 1.0 / (1.0 + 0.25 * span)
    if not weekdays and not part_days and not abs_days:
        confidence *= 0.5
    confidence = round(max(0.05, min(0.95, confidence)), 2)
    if span:
        reasons.append(f"dates from {window[0].isoformat()} to {window[1].isoformat()} fit nearly as well")
    return DateInference(best_c, window, confidence, reasons)


def _score(tagger: Any, found: list[Any], c: date, today: date, context: list[date]) -> float:
    res = tagger.resolve(found, c)
    pen = 0.0
    wd_dates: list[date] = []
    fixed_past: list[date] = []
    latest = None
    for f in res:
        if f.type not in ("DATE", "TIME"):
            continue
        d = _day(f.value)
        if d is None:
            m = _YEAR.match(f.value)
            if m and f.anchor is None and f.tense == "PAST" and int(m.group(1)) > c.year:
                pen += 2.0
            ms = _month_start_end(f.value)
            if ms and f.anchor is None and f.tense == "PAST" and ms[0] > c:
                pen += 2.0
            continue
        weekday = f.slots.get("weekday") if isinstance(f.slots, dict) else None
        if f.op == "date" and isinstance(weekday, int) and d.isoweekday() != weekday:
            pen += 4.0  # "Wednesday, March 19" names its weekday: a year where it falls on another day is wrong
        if f.tense == "PAST" and d > c:
            pen += 3.0
        elif f.anchor is None and f.tense is None and d > c:
            pen += 1.0
        elif f.tense == "FUTURE" and d < c and f.op != "weekday":
            pen += 1.0
        if d <= c and f.tense != "FUTURE":
            if f.op == "weekday":
                wd_dates.append(d)
            elif f.op in ("date", "holiday", "iso", "numeric_date", "clock"):
                fixed_past.append(d)
            if f.op not in ("deictic_day", "deictic_pod", "pod_tud", "rel", "ana", "ago"):
                latest = d if latest is None or d > latest else latest
    if wd_dates:
        pen += 0.3 * (max(wd_dates) - min(wd_dates)).days
    if latest is not None:
        pen += 0.2 * (c - latest).days
    if fixed_past:
        gap = (c - max(fixed_past)).days
        pen += 0.05 * max(0, gap - 7)
        # writers name the last few days by weekday ("on Wednesday") and older ones by date
        # ("on October 22"): a dated event in the last days, or a weekday event before a dated
        # one, is less likely
        for d in set(fixed_past):
            age = (c - d).days
            pen += 0.5 if age <= 2 else 0.15 if age <= 6 else 0.0
        newest = max(fixed_past)
        pen += 0.4 * len({w for w in wd_dates if w < newest})
    # "tomorrow, Friday, March 21": a deictic day in apposition with a date says exactly
    # where the article date is
    for f, g in zip(res, res[1:]):
        if f.op == "deictic_day" and g.op == "date" and 0 <= g.start - f.end <= 3:
            if _day(f.value) is not None and _day(g.value) is not None and f.value[:10] != g.value[:10]:
                pen += 3.0
    # "earlier this month" refers back to something: a dated event of the same month
    for f in res:
        if f.op == "rel" and f.mod == "START" and f.value.startswith(f"{c.year:04d}") and fixed_past:
            same = [d for d in fixed_past if d.year == c.year and (len(f.value) == 4 or d.month == c.month)]
            if not same:
                pen += 0.5
    for f in found_partial(res):
        d = _day(f.value)
        if d is not None and d <= c:
            pen += 0.02 * max(0, (c - d).days - 45)
    if context:
        # the dates of the articles it came with: weak within six weeks of them, firm beyond
        nearest = min(abs((c - x).days) for x in context)
        pen += 0.002 * nearest + 0.01 * max(0, nearest - 45)
    return round(pen, 6)


def found_partial(res: Sequence[Any]) -> list[Any]:
    """Month-day dates without a year (their year comes from the DCT)."""
    return [f for f in res if f.anchor == "dct" and f.op in ("date", "holiday")]


# ------------------------------------------------------------------ a date the text states for itself
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{1,40}(?:\([A-Za-z .]{1,30}\))?,\s*$")


def stated_in_text(found: Sequence[Any], text: str, lang: str = "en") -> tuple[date, Any] | None:
    """The publication date an undated article states in its own text, and the expression that states
    it: the first day given in full on a "Published ..." / "Page last updated at ..." / "Posted on ..."
    line (the rule file's `dating: published_cues`) or after a dateline ("PORT-AU-PRINCE, Jan 13, 2010").
    `found`: the article's timexes (resolved without a DCT: only days given in full are resolved)."""
    for f in found:
        if f.type not in ("DATE", "TIME") or not _is_explicit(f):
            continue
        d = _day(f.value)
        if d is None:
            continue
        line_start = text.rfind("\n", 0, f.start) + 1
        before = text[line_start:f.start]
        if _DATELINE.fullmatch(before) or _published(before, lang):
            return d, f
    return None


def _published(before: str, lang: str) -> bool:
    """Is `before` (a line up to a date) a publication line: the cue, then at most "at"/"on" and a time?"""
    key = (lang, "published_line")
    if key not in _CUES:
        from .timex.matcher import read_lang_file

        cues = (read_lang_file(lang).get("dating") or {}).get("published_cues")
        _CUES[key] = re.compile(rf"\W*(?:{cues})\b[\s:,–-]*(?:(?:at|on)\s+)?", re.IGNORECASE) if cues else None
    pattern = _CUES[key]
    return pattern is not None and pattern.fullmatch(before) is not None


# ------------------------------------------------------------------ stated dates
_REPORTED_OPS = ("date", "iso", "numeric_date", "holiday", "clock", "four_digit")
_NEAR_GRAN = re.compile(r"^\d{4}-(?:\d{2}(?:-\d{2})?|W\d{2})")  # a day, a week or a month, not a year


def check_stated_date(found_resolved: Sequence[Any], stated: date, *, text: str | None = None,
                      max_age_days: int = 60, lang: str = "en") -> list[Flag]:
    """Flags for a stated date that the article's own time expressions contradict, at most one of each
    kind, each listing all its evidence.

    `found_resolved`: the article's timexes resolved against `stated`.

    * stated_date_before_reported_past: the text tells, in a firm past tense, of a date after the stated
      one ("Added: Tuesday, 19 January, 2010" under a page dated the 18th; "updated in 2011").
    * content_older_than_stated_date: the text looks forward to a date it states in full that had passed
      by the stated date; or its latest date lies more than `max_age_days` before the stated date and
      nothing in it is near the stated date (no "last week", "on Tuesday", "on 8 October", no date
      within `max_age_days` either side) and it does not look back on purpose (a trial, an anniversary,
      a profile: the rule file's `dating: looking_back` words).
    """
    flags: list[Flag] = []
    later = [(first, f) for f in found_resolved if (first := _reported_after(f, stated, text)) is not None]
    if later:
        first, f = min(later, key=lambda p: p[0])
        more = f" and {len(later) - 1} more such reference(s)" if len(later) > 1 else ""
        flags.append(Flag(
            kind="stated_date_before_reported_past",
            reason=(f"The stated date {stated.isoformat()} is earlier than '{f.text}' ({f.value}), which the text "
                    f"reports in the past tense{more}; the text is newer than stated (a later update, comments, "
                    f"or a wrong date)."),
            evidence=[_evidence(g) for _, g in sorted(later, key=lambda p: p[1].start)],
        ))
    stale = _staleness(found_resolved, stated, text, max_age_days, lang)
    if stale is not None:
        flags.append(stale)
    return flags


def _first_day(f: Any) -> date | None:
    """The first day of a DATE/TIME value at day, month or year precision."""
    d = _day(f.value)
    if d is not None:
        return d
    ms = _month_start_end(f.value)
    if ms:
        return ms[0]
    if _YEAR.match(f.value) and int(f.value) >= 1:
        return date(int(f.value), 1, 1)
    return None


_LINE_STAMP = re.compile(r"\W*(?:[A-Za-z]+:)?\s*")  # what may come before a stamp on its line ("Added: ")


def _reported_after(f: Any, stated: date, text: str | None) -> date | None:
    """The first day of a value the text states in full and tells in a firm past tense (or that opens a
    line told in the past: a comment's or an update's stamp, "8th November 2011 - 17:42 This comment was
    removed ...", "Added: Tuesday, 19 January, 2010, 18:32 GMT"), when it is after the stated date."""
    if f.type not in ("DATE", "TIME") or f.tense != "PAST":
        return None
    if not getattr(f, "tense_firm", True) and not (text and _LINE_STAMP.fullmatch(
            text[text.rfind("\n", 0, f.start) + 1:f.start])):
        return None
    if not _is_explicit(f):
        return None
    first = _first_day(f)
    return first if first is not None and first > stated else None


def _evidence(f: Any) -> dict[str, Any]:
    return {"start": f.start, "end": f.end, "text": f.text, "value": f.value}


def _staleness(found: Sequence[Any], stated: date, text: str | None, max_age_days: int, lang: str) -> Flag | None:
    # a date the text states in full and looks forward to, that had passed by the stated date
    awaited = [f for f in found if f.type in ("DATE", "TIME") and f.tense == "FUTURE"
               and getattr(f, "tense_firm", True) and _is_explicit(f) and (d := _day(f.value)) is not None
               and (stated - d).days > 7 and text and _cue(text[f.sent_start:f.end], "future_cues", lang)]
    if awaited:
        f = awaited[-1]
        return Flag(
            kind="content_older_than_stated_date",
            reason=(f"The text looks forward to '{f.text}' ({f.value}), which had passed by the stated date "
                    f"{stated.isoformat()}; the article is older than stated or republished."),
            evidence=[_evidence(g) for g in awaited],
        )
    latest: tuple[date, Any] | None = None
    for f in found:
        if f.type not in ("DATE", "TIME") or f.op not in _REPORTED_OPS:
            continue
        d = _day(f.value)
        if d is not None and d <= stated and (latest is None or d > latest[0]):
            latest = (d, f)
    if latest is None or (stated - latest[0]).days <= max_age_days:
        return None
    if any(_near(f, stated, max_age_days) for f in found):
        return None  # "last week", "on Tuesday", "on 8 October": the text speaks from near its stated date
    if text and _cue(text, "looking_back", lang):
        return None  # a trial, an anniversary, a profile: it cites the old date because it is about it
    d, f = latest
    return Flag(
        kind="content_older_than_stated_date",
        reason=(f"The latest date the text reports is '{f.text}' ({d.isoformat()}), {(stated - d).days} days "
                f"before the stated date {stated.isoformat()}, and nothing in it is near that date; the article "
                f"may be older than stated or republished."),
        evidence=[_evidence(f)],
    )


def _near(f: Any, stated: date, max_age_days: int) -> bool:
    """Is `f` a day, week or month within `max_age_days` of the stated date?"""
    if f.type not in ("DATE", "TIME") or not _NEAR_GRAN.match(f.value):
        return False
    first = _first_day(f)
    if first is None and "-W" in f.value:
        try:
            first = date.fromisocalendar(int(f.value[:4]), int(f.value[6:8]), 1)
        except ValueError:
            return False
    return first is not None and abs((first - stated).days) <= max_age_days


_CUES: dict[tuple[str, str], re.Pattern | None] = {}


def _cue(text: str, key: str, lang: str) -> bool:
    """Does `text` hold a word of the rule file's `dating: <key>` (a regular expression, whole words)?"""
    if (lang, key) not in _CUES:
        from .timex.matcher import read_lang_file

        cues = (read_lang_file(lang).get("dating") or {}).get(key)
        _CUES[lang, key] = re.compile(rf"\b(?:{cues})(?!\w)", re.IGNORECASE) if cues else None
    pattern = _CUES[lang, key]
    return pattern is not None and pattern.search(text) is not None
