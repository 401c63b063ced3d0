"""iCalendar (.ics) for the dated events (the icalendar package): one all-day VEVENT each."""

from __future__ import annotations

import datetime as dt

from ..nlp.events.dating import calendar


def to_ics(data: dict) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//newsline//events//EN")
    cal.add("version", "2.0")
    sources = {a["id"]: a for a in data["articles"]}
    for event in data["events"]:
        when = calendar(event["date"] or "")
        if when is None:
            continue
        end = calendar(event.get("date_end") or "")
        item = Event()
        item.add("uid", f"{event['id']}@newsline")
        item.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # stable output for stable input
        item.add("dtstart", when.lo)
        item.add("dtend", (end.hi if end and end.hi > when.hi else when.hi) + dt.timedelta(days=1))
        item.add("summary", " ".join(event["summary"].split())[:200])
        lines = [event["summary"], ""] + [
            f"- {m['sentence']} ({sources.get(m['article'], {}).get('source', m['article'])})"
            for m in event["mentions"][:20]]
        item.add("description", "\n".join(lines))
        if when.precision != "day":
            item.add("x-newsline-precision", when.precision)
        cal.add_component(item)
    return cal.to_ical()
