"""The `newsline` command: one sub-command per method of `newsline.Newsline`.

Exit codes: 0 all good; 1 an error stopped the command; 2 bad usage;
3 the command finished but some inputs were rejected or had problems.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .api import Newsline, annotate_timeml, sample_corpus_path
from .store import StoreError

EXIT_ERROR, EXIT_PARTIAL = 1, 3

app = typer.Typer(help="Turn a stream of dated news reports into a sourced, dated record.",
                  no_args_is_help=True, add_completion=False)
out = Console()
if not out.is_terminal:  # piped or captured: wide enough for a readable table
    out = Console(width=140)
err = Console(stderr=True, soft_wrap=True, highlight=False)  # one problem = one line, never wrapped

def show_version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"newsline {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn a stream of dated news reports into a sourced, dated record."""


DbOption = Annotated[str, typer.Option("--db", envvar="NEWSLINE_DB", help="The store: a SQLite file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def open_record(db: str, *, create: bool = False) -> Newsline:
    """Open the store; only ingest may create one (a typo in --db must not look like an empty record)."""
    if not create and not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        err.print(f"[red]error:[/red] {escape(db)}: no such store (newsline ingest creates it)")
        raise typer.Exit(EXIT_ERROR)
    try:
        return Newsline(db)
    except StoreError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_ERROR) from None


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (walked recursively).")] = None,
    db: DbOption = "newsline.db",
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled fictional sample corpus.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for the per-article analysis.")] = 1,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse files larger than this.")] = 10 * 1024 * 1024,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Text encoding when not UTF-8.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Read reports (text, Markdown, HTML, RSS/Atom, JSON Lines), analyse new ones and link them into the record."""
    inputs = [str(p) for p in (paths or [])]
    if sample:
        inputs.append(str(sample_corpus_path()))
    if not inputs:
        err.print("[red]error:[/red] give files or folders to ingest, or --sample")
        raise typer.Exit(2)
    record = open_record(db, create=True)

    def on_problem(problem, rejected: bool) -> None:
        label = "[red]rejected[/red]" if rejected else "[yellow]warning[/yellow]"
        err.print(f"{label} {escape(problem.source)}: {escape(problem.reason)}")

    progress = None
    if err.is_terminal and not as_json:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=err, transient=True)
        progress.start()
        task = progress.add_task("analyse", total=None)

    def on_progress(done: int, total: int) -> None:
        if progress:
            progress.update(task, completed=done, total=total)

    try:
        report = record.ingest(inputs, workers=workers, max_bytes=max_bytes, encoding=encoding,
                               on_progress=on_progress, on_problem=on_problem)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was stored is kept; run the same command again to resume")
        raise typer.Exit(130) from None
    finally:
        if progress:
            progress.stop()
        record.close()
    if as_json:
        print_json(report.as_dict())
    else:
        err.print(
            f"{report.stored} stored, {report.unchanged} unchanged, {len(report.rejected)} rejected, "
            f"{len(report.warnings)} with warnings; {report.linked} mentions linked; "
            f"{report.words:,} words in {report.seconds:.1f}s → {db}"
        )
    if not report.ok:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def export(
    db: DbOption = "newsline.db",
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | csv | md | timeml")] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="File (json, md) or folder (csv, timeml).")] = None,
    table: Annotated[str, typer.Option("--table", help="csv to stdout: which table.")] = "articles",
) -> None:
    """Export the record: JSON (schema newsline/1), CSV (one file per record kind), a Markdown dossier,
    or TimeML (one document per article)."""
    if fmt not in ("json", "csv", "md", "timeml"):
        err.print(f"[red]error:[/red] unknown format {fmt!r}: use json, csv, md or timeml")
        raise typer.Exit(2)
    if fmt == "timeml" and output is None:
        err.print("[red]error:[/red] --format timeml writes one file per article: give a folder with -o")
        raise typer.Exit(2)
    with open_record(db) as record:
        result = record.export_to(fmt, output, table=table)
    if isinstance(result, str):
        sys.stdout.write(result)
    else:
        err.print(f"wrote {', '.join(str(p) for p in result)}")


@app.command()
def status(db: DbOption = "newsline.db", as_json: JsonOption = False) -> None:
    """Counts, date range and flags of the record."""
    with open_record(db) as record:
        info = record.status()
    if as_json:
        print_json(info)
        return
    table = Table(title=f"newsline record {info['db']}", show_header=False)
    table.add_row("articles", f"{info['current_articles']} ({info['outlets']} outlets)")
    lo, hi = info["date_range"]
    table.add_row("dates", f"{lo or '?'} to {hi or '?'}")
    table.add_row("date sources", ", ".join(f"{k}: {v}" for k, v in sorted(info["date_sources"].items())))
    table.add_row("flagged articles", str(info["flagged_articles"]))
    for key, value in info["counts"].items():
        if key != "articles":
            table.add_row(key, str(value))
    out.print(table)


@app.command()
def articles(
    db: DbOption = "newsline.db",
    flagged: Annotated[bool, typer.Option("--flagged", help="Only articles with a flag (undated, misdated, ...).")] = False,
    as_json: JsonOption = False,
) -> None:
    """The articles with their dates (stated, inferred with its window) and flags."""
    with open_record(db) as record:
        items = record.articles(flagged=flagged)
    if as_json:
        print_json(items)
        return
    table = Table(title="articles")
    for col in ("date", "how", "outlet", "title", "flags"):
        table.add_column(col, overflow="fold")
    for a in items:
        how = a["date_source"]
        if a["date_source"] == "inferred" and a["date_window"]:
            how += f" {a['date_window'][0]}…{a['date_window'][1]} ({a['date_confidence']})"
        if a["stated_date"] and a["stated_date"] != a["date"]:
            how += f", stated {a['stated_date']}"
        flags = "; ".join(f"{f['kind']}: {f['reason']}" for f in a["flags"])
        table.add_row(a["date"] or "?", escape(how), escape(a["outlet"] or ""),
                      escape(a["title"] or a["source"]), escape(flags))
    out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (SQLite FTS5 syntax: AND, OR, \"phrases\", prefix*).")],
    db: DbOption = "newsline.db",
    limit: Annotated[int, typer.Option("--limit", "-n")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over every sentence; shows the sentence and its article."""
    with open_record(db) as record:
        hits = record.search(query, limit)
    if as_json:
        print_json([{k: v for k, v in h.items() if k != "marked"} for h in hits])
        return
    if not hits:
        err.print("no matches")
        return
    table = Table(show_lines=False)
    for col in ("date", "sentence", "article"):
        table.add_column(col, overflow="fold")
    for h in hits:
        # article text is data, never markup: "[...]" in a report must print as written
        table.add_row(h["date"] or "?", highlight_snippet(h.pop("marked")), escape(f"{h['article'][:8]} {h['source']}"))
    out.print(table)


def highlight_snippet(snippet: str) -> str:
    """FTS5 marks matches with \x02...\x03; show them bold, everything else escaped."""
    return escape(snippet).replace("\x02", "[bold]").replace("\x03", "[/bold]")


@app.command()
def timeline(
    db: DbOption = "newsline.db",
    date_from: Annotated[Optional[str], typer.Option("--from", help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", help="Only entries whose text contains this.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The record as a dated timeline, each entry citing its article."""
    with open_record(db) as record:
        entries = record.timeline(date_from=date_from, date_to=date_to, query=query)
    if as_json:
        print_json([asdict(e) for e in entries])
        return
    table = Table(title="timeline")
    table.add_column("date", no_wrap=True)
    table.add_column("what the source says", overflow="fold", ratio=3)
    table.add_column("source", overflow="fold", ratio=1)
    for e in entries:
        text = e.text if len(e.text) < 300 else e.text[:297] + "…"
        cite = "; ".join(f"{c['article'][:8]} {Path(c['source'] or '').name}" for c in e.citations[:3])
        date = e.date + (f"\n[dim]{escape(e.expression)}[/dim]" if e.expression else "")
        table.add_row(date, escape(text), escape(cite))
    out.print(table)


@app.command()
def quotes(
    db: DbOption = "newsline.db",
    speaker: Annotated[Optional[str], typer.Option("--speaker", "-s", help="Only this speaker (a name or alias).")] = None,
    article: Annotated[Optional[str], typer.Option("--article", "-a", help="Only this article (id, id prefix or source).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Who said what, where: every quotation with its speaker, channel and article."""
    from .views.quotes import quotes_table

    with open_record(db) as record:
        rows = record.quotes(speaker=speaker, article=article)
    if as_json:
        print_json(rows)
        return
    if not rows:
        err.print("no quotes" + (" match" if speaker or article else ""))
        return
    out.print(quotes_table(rows))


@app.command()
def timeml(
    in_dir: Annotated[Path, typer.Argument(help="Folder of TimeML documents (*.tml) with a CREATION_TIME DCT.")],
    out_dir: Annotated[Path, typer.Argument(help="Where to write the annotated documents (same names).")],
) -> None:
    """Annotate the raw text of TimeML documents with newsline's TIMEX3 tags (for the TempEval-3 scorer)."""
    if not in_dir.is_dir():
        err.print(f"[red]error:[/red] {in_dir}: not a folder")
        raise typer.Exit(2)
    written, failed = annotate_timeml(in_dir, out_dir)
    for path, reason in failed:
        err.print(f"[red]rejected[/red] {escape(str(path))}: {escape(reason)}")
    if not written and not failed:
        err.print(f"[yellow]warning:[/yellow] {in_dir}: no *.tml files")
        raise typer.Exit(EXIT_PARTIAL)
    err.print(f"wrote {len(written)} TimeML files to {out_dir}")
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
