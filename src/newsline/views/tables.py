"""Terminal tables for the CLI's listings (rich). Article text is data, never markup: always escaped."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table

from .timeline import Entry


def timeline_table(entries: list[Entry]) -> Table:
    """Date (and the expression it came from), the sentence, and the citing articles (id prefix and file)."""
    table = Table()
    table.add_column("date", no_wrap=True)
    table.add_column("what the source says", overflow="fold", ratio=3)
    table.add_column("source", overflow="fold", ratio=1)
    for e in entries:
        text = e.text if len(e.text) < 300 else e.text[:297] + "…"
        first: dict[str, dict] = {}
        for c in e.citations:  # one per article
            first.setdefault(c["article"], c)
        articles = list(first.values())
        cite = "; ".join(f"{c['article'][:8]} {Path(c['source'] or '').name}" for c in articles[:3])
        if len(articles) > 3:
            cite += f"; and {len(articles) - 3} more"
        date = ("by " if e.by_report else "") + e.date + (f"\nto {e.date_end}" if e.date_end else "") + (
            f"\n[dim]{escape(e.expression)}[/dim]" if e.expression else "") + (
            "\n[dim](its report's date)[/dim]" if e.by_report else "")
        table.add_row(date, escape(text), escape(cite))
    return table
