"""An article's text cut into runs that each carry the annotations covering them, so the page
can highlight overlapping spans (a date inside a quote inside a forecast) with plain escaped
text and no markup ever taken from the article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUOTE_COLOURS = 8


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # timex | mention | quote | figure | forecast | event
    title: str
    css: str = ""
    href: str | None = None


@dataclass
class Run:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(dict.fromkeys(m.css or m.kind for m in self.marks))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(m.title for m in self.marks if m.title))

    @property
    def href(self) -> str | None:
        return next((m.href for m in self.marks if m.href), None)


def speaker_colours(quotes: list[dict[str, Any]]) -> dict[str, int]:
    """One colour per speaker, in order of first quote (speaker id, else the name as written)."""
    colours: dict[str, int] = {}
    for q in quotes:
        key = speaker_key(q)
        if key not in colours:
            colours[key] = len(colours) % QUOTE_COLOURS
    return colours


def speaker_key(quote: dict[str, Any]) -> str:
    return quote["speaker_id"] or quote["speaker"] or "(unattributed)"


def marks_of(article: dict[str, Any], colours: dict[str, int]) -> list[Mark]:
    marks = []
    for t in article["timexes"]:
        marks.append(Mark(t["start"], t["end"], "timex", f"{t['type']} {t['value']}" + (f" ({t['mod']})" if t["mod"] else "")))
    for m in article["mentions"]:
        href = f"/entities/{m['entity']}" if m["entity"] else None
        marks.append(Mark(m["start"], m["end"], "mention", m["label"], href=href))
    for q in article["quotes"]:
        who = q["speaker"] or "unattributed"
        marks.append(Mark(q["start"], q["end"], "quote", f"{q['kind']} quote: {who}" + (f", {q['channel']}" if q["channel"] else ""),
                          css=f"quote sp{colours[speaker_key(q)]}"))
    for c in article["claims"]:
        what = " ".join(str(x) for x in (c["qualifier"], c["value"], c["unit"], c["what"]) if x not in (None, ""))
        marks.append(Mark(c["start"], c["end"], "figure", f"figure: {what}" + (f" as of {c['as_of']}" if c["as_of"] else "")))
    for f in article["forecasts"]:
        marks.append(Mark(f["start"], f["end"], "forecast", f"forecast ({f['status']})" + (f" by {f['holder']}" if f["holder"] else "")))
    return [m for m in marks if 0 <= m.start < m.end]


def runs(text: str, marks: list[Mark]) -> list[Run]:
    """Cut `text` at every mark boundary; each run lists the marks that cover it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(min(m.end, len(text)) for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        covering = [m for m in marks if m.start <= a and m.end >= b]
        out.append(Run(text[a:b], covering))
    return out
