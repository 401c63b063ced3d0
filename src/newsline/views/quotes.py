"""Quotes for the terminal (and later the web app): who said what, where, citing the article.

Reads the `newsline/1` export object like every view; filters by speaker (a name, any of the
linked entity's aliases, any case) and by article (id or id prefix, or the end of its source).
"""

from __future__ import annotations


def quote_rows(data: dict, *, speaker: str | None = None, article: str | None = None) -> list[dict]:
    articles = {a["id"]: a for a in data["articles"]}
    entities = {e["id"]: e for e in data["entities"]}
    wanted = speaker.casefold().strip() if speaker else None
    rows = []
    for q in data["quotes"]:
        a = articles.get(q["article"])
        if a is None:
            continue
        if article and not (q["article"].startswith(article) or a["source"].endswith(article)):
            continue
        entity = entities.get(q["speaker_id"]) if q["speaker_id"] else None
        if wanted:
            names = [q["speaker"] or ""] + ([entity["name"]] + entity["aliases"] if entity else [])
            if not any(wanted == n.casefold() or wanted in n.casefold() for n in names if n):
                continue
        rows.append(dict(q, speaker_name=entity["name"] if entity else q["speaker"], date=a["date"],
                         source=a["source"]))
    return rows


def quotes_table(rows: list[dict]):
    """A rich Table of quote rows; article text is data, never markup."""
    from pathlib import Path

    from rich.markup import escape
    from rich.table import Table

    table = Table(title="quotes")
    table.add_column("speaker", overflow="fold", ratio=1)
    table.add_column("what was said", overflow="fold", ratio=3)
    table.add_column("how, where", overflow="fold", ratio=1)
    table.add_column("source", overflow="fold", ratio=1)
    for r in rows:
        text = r["text"] if len(r["text"]) < 400 else r["text"][:397] + "…"
        shown = f"“{text}”" if r["kind"] == "direct" else text
        how = ", ".join(x for x in (r["kind"], r["cue"], r["channel"]) if x)
        cite = f"{r['date'] or '?'} {r['article'][:8]} {Path(r['source'] or '').name}"
        table.add_row(escape(r["speaker_name"] or "(not named)"), escape(shown), escape(how), escape(cite))
    return table
