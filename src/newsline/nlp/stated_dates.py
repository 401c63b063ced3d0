"""Stated dates that are not one day, settled by the article's own time expressions.

- Two readings ("12/01/2010", the outlet's order unknown, and the file's other dates not showing
  it): a reading the text writes out in full ("12 January 2010") is taken; else each is scored as
  the article's date with `dating._score` (how badly the text's time expressions fit it), and one
  that fits well where the other fits clearly worse is taken. When the text does not choose, the
  reading nearer the dates of the articles it came with is taken, else the day-first one (most of
  the world's order); the window then spans both readings and the confidence is low.
- A window (only a year or a month stated): `dating.infer_date` with the window's last day (or
  today) as its upper bound and without the dates the text writes out in full outside the window,
  its answer kept inside the window; when the text gives nothing inside it, the window's
  middle day with a low confidence.
The reasons say which was taken and why (meta `date_reasons`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from .date_inference import read_text
from .dating import DateInference, _score, infer_date

NO_DAY = "no day could be inferred from the text"  # how the reasons begin when the window's middle is taken
# the text chooses a reading when it fits it well (a mismatch of at most GOOD_FIT: its time expressions
# sit as a recent report's would) and fits the other clearly worse (by CLEAR_MARGIN, and twice as badly).
# A retrospective text fits neither well: then how far each reading lies from old events is no evidence.
GOOD_FIT = 2.5
CLEAR_MARGIN = 1.0
READING_LABELS = ("day first", "month first")


def choose_reading(found: Sequence[Any], tagger: Any, readings: Sequence[str], *, today: date,
                   context: Sequence[date] = ()) -> DateInference:
    """The reading of an ambiguous stated date the text supports; `readings` is (day-first, month-first)."""
    days = [date.fromisoformat(r) for r in readings]
    both = (min(days), max(days))
    stated = [next((f.text for f in found if f.value == d.isoformat() and f.anchor is None), None) for d in days]
    if bool(stated[0]) != bool(stated[1]):  # the text writes one of the two out in full (often the page's date line)
        best = 0 if stated[0] else 1
        return DateInference(days[best], (days[best], days[best]), 0.9, [
            f"took {days[best]} ({READING_LABELS[best]}): the text states it ('{stated[best]}')"])
    scores = [_score(tagger, list(found), d, today, []) for d in days]
    best = 0 if scores[0] <= scores[1] else 1
    other = 1 - best
    if scores[best] <= GOOD_FIT and scores[other] >= max(scores[best] + CLEAR_MARGIN, 2 * scores[best]):
        return DateInference(days[best], (days[best], days[best]), 0.8, [
            f"took {days[best]} ({READING_LABELS[best]}): the text's time expressions fit it (mismatch "
            f"{scores[best]:.1f}) and not {days[other]} (mismatch {scores[other]:.1f})"])
    undecided = f"the text does not choose between {days[0]} and {days[1]}"
    if context:
        near = [min(abs((d - c).days) for c in context) for d in days]
        if near[0] != near[1]:
            best = 0 if near[0] < near[1] else 1
            return DateInference(days[best], both, 0.5, [
                f"took {days[best]} ({READING_LABELS[best]}): {undecided}, and it lies nearer the dates of the "
                f"articles it came with ({near[best]} days against {near[1 - best]})"])
    return DateInference(days[0], both, 0.3, [
        f"took {days[0]} (day first, the order most of the world writes): {undecided}"])


def infer_within(found: Sequence[Any], tagger: Any, window: Sequence[str], raw: str | None, *, text: str,
                 today: date, context: Sequence[date] = ()) -> DateInference:
    """The day inside a stated year or month that the text fits best (see the module docstring)."""
    first, last = date.fromisoformat(window[0]), date.fromisoformat(window[1])
    bound = max(first, min(last, today))
    stated = f"the stated date '{raw}'" if raw else "the stated date"
    # dates written out in full outside the window cannot place the article inside it (one before
    # says only that the article is later, which the window says already; one after is a plan, or a
    # clock time misread as a year); left in, they pull inference towards their own years
    recent = [f for f in found
              if not (f.anchor is None and f.value[:4].isdigit() and not first.year <= int(f.value[:4]) <= last.year)]
    # weekdays and "yesterday" alone repeat every week: they place no day within a year or a month
    placing = read_text(recent, tagger)
    inference = (infer_date(recent, tagger, text=text, today=bound, context_dates=context, earliest=first)
                 if placing.abs_days or placing.abs_months or placing.part_days or placing.part_months else None)
    if inference is not None and inference.window[0] <= bound and inference.window[1] >= first:
        day = min(max(inference.date, first), bound)
        span = (max(inference.window[0], first), min(inference.window[1], bound))
        reasons = inference.reasons + [f"{stated} keeps it within {first}…{last}"]
        confidence = inference.confidence
        if day != inference.date:
            reasons.append(f"the text fits {inference.date} best, outside that window: took the nearest day inside it")
            confidence *= 0.5
        return DateInference(day, span, round(confidence, 2), reasons)
    middle = first + (bound - first) // 2
    kept = {id(f) for f in recent}
    outside = [f"'{f.text}'" for f in found if id(f) not in kept and f.type in ("DATE", "TIME")][:2]
    if inference is not None:
        why = f"its dates point to {inference.date}, outside {first}…{last}"
    elif outside:
        why = f"the dates it writes out in full ({', '.join(outside)}) lie outside it"
    else:
        why = "it gives no date to place it"
    confidence = 0.1 if (bound - first).days > 31 else 0.3
    return DateInference(middle, (first, bound), confidence,
                         [f"{NO_DAY} ({why}): dated {middle}, the middle of {first}…{bound}"])
