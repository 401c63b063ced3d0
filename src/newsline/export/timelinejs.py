"""TimelineJS 3 JSON (Knight Lab): one slide per dated event, loadable as is.

TimelineJS's format: {"events": [slide, ...], "title"?: slide}; a slide has "start_date"
(an object with "year" required, "month"/"day" optional, as numbers or numeric strings),
optional "end_date" of the same shape, "text": {"headline", "text"} and "unique_id".
"""

from __future__ import annotations

import html

from ..nlp.events.dating import calendar


def timeline_date(value: str | None) -> dict | None:
    when = calendar(value or "")
    if when is None:
        return None
    out = {"year": when.lo.year}
    if when.precision in ("day", "week"):
        out.update(month=when.lo.month, day=when.lo.day)
    elif when.precision in ("month", "season", "quarter"):
        out["month"] = when.lo.month
    return out


def to_timelinejs(data: dict, *, title: str = "newsline timeline") -> dict:
    sources = {a["id"]: a for a in data["articles"]}
    slides = []
    for event in data["events"]:
        start = timeline_date(event["date"])
        if start is None:
            continue
        cites = []
        for m in event["mentions"][:10]:
            a = sources.get(m["article"], {})
            where = a.get("url") or a.get("source") or m["article"]
            cites.append(f"<li>{html.escape(m['sentence'])} <small>({html.escape(str(where))})</small></li>")
        slide = {
            "unique_id": event["id"],
            "start_date": start,
            "text": {"headline": html.escape(shorten(event["summary"], 90)),
                     "text": f"<p>{html.escape(event['summary'])}</p><ul>{''.join(cites)}</ul>"},
        }
        end = timeline_date(event.get("date_end"))
        if end is not None:
            slide["end_date"] = end
        slides.append(slide)
    return {"title": {"text": {"headline": html.escape(title),
                               "text": f"{len(slides)} events from {len(data['articles'])} articles"}},
            "events": slides}


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
