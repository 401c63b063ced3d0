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

GAP_COST = 0.2  # per day between the latest day the text reports and the article date
SURE_COST = 8.0  # what the text says outright is not so: a named weekday, "tomorrow, Friday, March 21"
WEEKDAY_BEFORE_DATE_COST = 1.0  # a day named by its weekday before one named by its date
EARLIER_THIS_COST = 1.0  # "earlier this month" and no day the text reports falls in the month
FIXED_GAP_COST, FIXED_GAP_FREE = 0.01, 7  # per day since the latest day named by its date, after a week
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


MAX_EVIDENCE = 150  # expressions weighed when dating a long text (each candidate day resolves them all)


def evidence_sample(found: Sequence[Any]) -> list[Any]:
    """The expressions dating weighs. A report has a few dozen; a book-length text has thousands,
    and scoring each of hundreds of candidate days against all of them made a 1 MB text take
    minutes. Past MAX_EVIDENCE: each wording once ("Monday" forty times says what it says once),
    the first MAX_EVIDENCE of them (the opening tells when it was written)."""
    if len(found) <= MAX_EVIDENCE:
        return list(found)
    seen, out = set(), []
    for f in found:
        key = (f.text.lower(), getattr(f, "type", None))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out[:MAX_EVIDENCE]


def infer_date(found: Sequence[Any], tagger: Any, *, text: str | None = None, today: date | None = None,
               context_dates: Iterable[date] = (), neighbours: Iterable[Any] = (), related: bool = False,
               earliest: date | None = None, anchors: Iterable[Any] = (), late_share: float | None = None
               ) -> DateInference | None:
    """The most likely publication date of an article with time expressions `found`, with a window
    and a confidence (the share of such windows that hold the true date), or None when neither the
    text nor a collection gives anything to go on.

    `today` bounds the date from above (an article is not written after it is read: pass the
    ingest date, or the latest date of the collection the article came with); it defaults to
    date.today(); `earliest`, when given, bounds it from below (a stated year). `context_dates` (the
    collection's stated dates) and `neighbours` (`date_model.Neighbour`: dated reports on the same
    story) weigh in as `date_model` describes; `related`: the context dates are those of reports that
    share something with this one (then they date it even when its text gives nothing); `anchors`
    (`date_model.Anchor`): its reports matched to dated reports of the same events; `late_share`: how
    often the collection's reports naming its latest full date were written long after it.
    """
    from .date_inference import infer
    from .date_model import Collection

    found = evidence_sample(found)
    try:
        return infer(found, tagger, today=today or date.today(), earliest=earliest,
                     collection=Collection(sorted(context_dates), list(neighbours), related, list(anchors), late_share))
    except OverflowError:  # dates at the ends of the calendar (year 1 or 9999): nothing sensible to infer
        return None


def _score(tagger: Any, found: list[Any], c: date, today: date, context: list[date]) -> float:
    """How badly the text's time expressions fit `c` as the article date (0: perfectly); `context`:
    dates of the articles it came with (a weak pull towards them)."""
    fit, late = score_parts(tagger.resolve(found, c), c)
    pen = fit + late
    if context:
        # the dates of the articles it came with: weak within six weeks of them, firm beyond
        nearest = min(abs((c - x).days) for x in context)
        pen += 0.002 * nearest + 0.01 * max(0, nearest - 45)
    return round(pen, 6)


def score_parts(res: Sequence[Any], c: date) -> tuple[float, float]:
    """The text's mismatch with `c` as (how its expressions fit, what the days since the latest day it
    reports cost); `res`: its expressions resolved against `c`."""
    pen = 0.0
    late = 0.0  # what the days after the reported events cost
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
            pen += SURE_COST  # "Wednesday, March 19" names its weekday: a year where it falls on another day is wrong
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
        late += GAP_COST * (c - latest).days
    if fixed_past:
        gap = (c - max(fixed_past)).days
        late += FIXED_GAP_COST * max(0, gap - FIXED_GAP_FREE)  # of weeks that fit the weekdays, the nearer
        # A day named by its date in the last few days costs nothing more: writers often do ("on 13
        # January" the next day), and charging it put reports of "on Monday" a week late (the next
        # Monday fits the weekday as well and keeps the dated day out of the last days).
        # A weekday event before a dated one is less likely (the dated one would be named by weekday).
        newest = max(fixed_past)
        pen += WEEKDAY_BEFORE_DATE_COST * len({w for w in wd_dates if w < newest})
    # "tomorrow, Friday, March 21": a deictic day in apposition with a date says exactly
    # where the article date is
    for f, g in zip(res, res[1:]):
        if f.op == "deictic_day" and g.op == "date" and 0 <= g.start - f.end <= 3:
            if _day(f.value) is not None and _day(g.value) is not None and f.value[:10] != g.value[:10]:
                pen += SURE_COST
    # "earlier this month" refers back to something: a dated event of the same month
    for f in res:
        if f.op == "rel" and f.mod == "START" and f.value.startswith(f"{c.year:04d}") and fixed_past:
            same = [d for d in fixed_past if d.year == c.year and (len(f.value) == 4 or d.month == c.month)]
            if not same:
                pen += EARLIER_THIS_COST
    for f in found_partial(res):
        d = _day(f.value)
        if d is not None and d <= c:
            late += 0.02 * max(0, (c - d).days - 45)
    return pen, late


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
    line told in the past: a comment's or an update's stamp, "3rd May 2012 - 09:05 A reader wrote
    ...", "Added: Monday, 7 May, 2012, 10:02 GMT"), when it is after the stated date."""
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
