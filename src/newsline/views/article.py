"""One article with everything the record says about it: what `newsline show` prints.

Reads a newsline/1 object (the store's export narrowed to the article), never the tables,
so record kinds that land later (quotes, claims, forecasts, events) show as soon as the
export carries them: a record belongs to the article when its `article` is the id (events:
when one of their mentions is in it; discrepancies: when one of their items is).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Any

from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

# how each kind of annotation looks in the text; the note after a span says what it resolved to
STYLES = {
    "timex": "bold cyan", "mention": "bold yellow", "quote": "italic", "claim": "bold magenta",
    "forecast": "underline", "note": "dim",
}
OPEN, CLOSE = "⟨", "⟩"


def article_records(data: dict, article_id: str) -> dict[str, Any]:
    """The article (with its text) and every record about it, each with its span."""
    article = next(a for a in data["articles"] if a["id"] == article_id)

    def mine(record: dict) -> bool:
        return record.get("article") == article_id

    mentions = [dict(m, entity=e["id"], entity_name=e["name"], entity_type=e["type"])
                for e in data["entities"] for m in e["mentions"] if mine(m)]
    mentions.sort(key=lambda m: (m["start"], m["end"]))
    events = [dict(e, mentions=[m for m in e["mentions"] if mine(m)])
              for e in data["events"] if any(mine(m) for m in e["mentions"])]
    return {
        "article": article,
        "timexes": [t for t in data["timexes"] if mine(t)],
        "mentions": mentions,
        "quotes": [q for q in data["quotes"] if mine(q)],
        "claims": [c for c in data["claims"] if mine(c)],
        "events": events,
        "forecasts": [f for f in data["forecasts"] if mine(f)],
        "discrepancies": [d for d in data["discrepancies"] if any(mine(i) for i in d["items"])],
    }


def same_name(text: str, name: str) -> bool:
    return " ".join(text.split()).casefold() == " ".join(name.split()).casefold()


def marked_text(record: dict) -> Text:
    """The article text with its annotations styled, and what each resolved to written after it:
    "Wednesday⟨2025-03-19⟩", "Orren⟨Matthias Orren⟩" (a mention named as its entity gets no note)."""
    text = record["article"]["text"]
    spans: list[tuple[int, int, str]] = []
    notes: dict[int, list[str]] = {}
    for t in record["timexes"]:
        spans.append((t["start"], t["end"], STYLES["timex"]))
        notes.setdefault(t["end"], []).append(t["value"])
    for m in record["mentions"]:
        spans.append((m["start"], m["end"], STYLES["mention"]))
        if not same_name(m["text"], m["entity_name"]):
            notes.setdefault(m["end"], []).append(m["entity_name"])
    for kind, key in (("quote", "quotes"), ("claim", "claims"), ("forecast", "forecasts")):
        spans += [(r["start"], r["end"], STYLES[kind]) for r in record[key] if r.get("start") is not None]
    cuts = sorted(notes)
    out = Text()
    pos = 0
    inserted = []  # characters inserted at each cut
    for cut in cuts:
        out.append(text[pos:cut])
        note = "".join(f"{OPEN}{n}{CLOSE}" for n in notes[cut])
        out.append(note, STYLES["note"])
        inserted.append(len(note))
        pos = cut
    out.append(text[pos:])
    before = [0, *accumulate(inserted)]

    def moved(offset: int, *, end: bool) -> int:
        # a span ends before the note placed at its end; it starts after a note placed at its start
        return offset + before[bisect_left(cuts, offset) if end else bisect_right(cuts, offset)]

    for start, end, style in spans:
        out.stylize(style, moved(start, end=False), moved(end, end=True))
    return out


def header(article: dict) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    revision = f"revision {article.get('revision', 1)}"
    if article.get("current") is False:
        revision += ", replaced by a later revision"
    grid.add_row("id", f"{article['id']}  ({revision})")
    grid.add_row("source", article["source"])
    for key in ("outlet", "author", "url"):
        if article.get(key) and article[key] != article["source"]:
            grid.add_row(key, article[key])
    grid.add_row("date", date_line(article))
    for reason in (article.get("meta") or {}).get("date_reasons", []):  # why an inferred date is what it is
        grid.add_row("", Text(f"· {reason}", style="dim"))
    for other in article.get("also_at") or []:
        grid.add_row("also at", other["source"])
    for flag in article["flags"]:
        grid.add_row("flag", Text.assemble((flag["kind"], "bold red"), ": ", flag["reason"]))
    grid.add_row("words", f"{article.get('word_count', 0):,}")
    return grid


def date_line(article: dict) -> str:
    how = article["date_source"]
    if article["date_window"] and (how == "inferred" or article["date_window"][0] != article["date_window"][1]):
        lo, hi = article["date_window"]
        how += f", window {lo}…{hi}"
        if article.get("date_confidence") is not None:
            how += f", confidence {article['date_confidence']}"
    stated = article["stated_date"] or "none"
    if (article.get("meta") or {}).get("stated_date_raw"):
        stated += f" (given as {article['meta']['stated_date_raw']!r})"
    return f"{article['date'] or 'unknown'} ({how}); stated: {stated}"


def legend(record: dict) -> Text:
    parts = [("time expression⟨value⟩", STYLES["timex"]), ("  ", ""), ("mention⟨entity⟩", STYLES["mention"])]
    for kind, key, label in (("quote", "quotes", "quote"), ("claim", "claims", "figure"),
                             ("forecast", "forecasts", "forecast")):
        if record[key]:
            parts += [("  ", ""), (label, STYLES[kind])]
    return Text.assemble(*parts, style="dim")


def listings(record: dict) -> list:
    """Below the text: who is mentioned, and the records that are more than a span."""
    blocks: list = []
    by_entity: dict[str, dict] = {}
    for m in record["mentions"]:
        entry = by_entity.setdefault(m["entity"], {"name": m["entity_name"], "type": m["entity_type"], "forms": {}})
        entry["forms"][m["text"]] = entry["forms"].get(m["text"], 0) + 1
    if by_entity:
        table = Table("entity", "type", "mentions here", title="people, places and organisations", title_justify="left")
        for entry in sorted(by_entity.values(), key=lambda e: (-sum(e["forms"].values()), e["name"])):
            forms = ", ".join(f"{form} ×{n}" if n > 1 else form for form, n in entry["forms"].items())
            table.add_row(entry["name"], entry["type"], forms)
        blocks.append(table)
    rows = {
        "quotes": lambda q: (f"{q['speaker'] or 'unattributed'} ({q['kind']}, {q['channel'] or 'channel unknown'})",
                             q["text"]),
        "claims": lambda c: (f"{c['anchor']} {c['what'] or ''}".strip(), f"as of {c['as_of'] or '?'}, "
                                                                          f"{c['source'] or 'source?'}"),
        "forecasts": lambda f: (f"{f['holder'] or '?'}, p≈{f['probability']}, {f['status']}", f["text"]),
        "events": lambda e: (f"{e['date'] or '?'}{'…' + e['date_end'] if e['date_end'] else ''}", e["summary"]),
        "discrepancies": lambda d: (d["kind"], d["description"]),
    }
    for key, row in rows.items():
        if record[key]:
            table = Table(show_header=False, title=key, title_justify="left")
            table.add_column(no_wrap=False, ratio=1)
            table.add_column(overflow="fold", ratio=3)
            for item in record[key]:
                table.add_row(*row(item))
            blocks.append(table)
    return blocks


def render_article(record: dict) -> Group:
    """The terminal view: header, the marked text, then the records about the article."""
    article = record["article"]
    title = Text(article["title"] or article["source"], style="bold")
    return Group(title, header(article), Rule(style="dim"), legend(record), Text(), marked_text(record),
                 Rule(style="dim"), *listings(record))
