"""The `newsline` command: one sub-command per method of `newsline.Newsline`.

Exit codes: 0 all good; 1 an error stopped the command; 2 bad usage;
3 the command finished but some inputs were rejected or had problems.
Every error is one line on stderr (`error: ...`), never a traceback.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperArgument, TyperCommand, TyperGroup

from .api import Newsline, annotate_timeml, sample_corpus_path
from .errors import AmbiguousId, BadRequest, NotFound
from .store import StoreError
from .views.timeline import check_range, most_important, order_key, parse_bound

EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 1, 2, 3

out = Console()
if not out.is_terminal:  # piped or captured: wide enough for a readable table
    out = Console(width=140)
err = Console(stderr=True, soft_wrap=True, highlight=False)  # one problem = one line, never wrapped


class Failure(typer.TyperException):
    """An error that stopped the command (exit 1); `details` are printed indented below the line."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class Usage(Failure):
    """Bad usage (exit 2): the message says what form is expected."""

    exit_code = EXIT_USAGE


class PlainHelp:
    """Help without Python types: flags and --help show none (typer prints `<bool>`), arguments show
    their metavar only (typer adds `<str>`, `<list[Path]>`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option


class Command(PlainHelp, TyperCommand):
    pass


class Group(PlainHelp, TyperGroup):
    """Prints every usage error and every `Failure` as one line on stderr, never a panel or a traceback."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.TyperException as error:  # click's usage errors and ours
            if type(error).__name__ != "NoArgsIsHelpError":  # bare `newsline`: the help is already printed
                show_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            err.print("aborted")
            sys.exit(EXIT_ERROR)
        sys.exit(code if isinstance(code, int) else 0)


def show_error(error: typer.TyperException) -> None:
    message = error.format_message()
    ctx = getattr(error, "ctx", None)
    if ctx is not None and not isinstance(error, Failure):  # click's own: say where help is
        message += f" (see {ctx.command_path} --help)"
    err.print(f"[red]error:[/red] {escape(message)}")
    for line in getattr(error, "details", []):
        err.print(f"  {escape(line)}")


app = typer.Typer(help="Turn a stream of dated news reports into a sourced, dated record.", cls=Group,
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)


def command(**kwargs):
    return app.command(cls=Command, **kwargs)


def show_version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"newsline {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True, metavar="",
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn a stream of dated news reports into a sourced, dated record."""


DbOption = Annotated[str, typer.Option("--db", envvar="NEWSLINE_DB", metavar="FILE|URL",
                                       help="The store: a SQLite file or a postgresql:// URL.")]
JsonOption = Annotated[bool, typer.Option("--json", metavar="", help="Print JSON instead of a table.")]


EntityOption = Annotated[Optional[str], typer.Option("--entity", "-e", metavar="NAME",
                                                   help="Only events with this participant (a name or alias).")]


def limit_option(what: str):
    return typer.Option("--limit", "-n", min=1, metavar="N", help=f"Show at most N {what}.")


def date_bound(value: str) -> str:
    try:
        return parse_bound(value)
    except BadRequest as error:
        raise typer.BadParameter(str(error)) from None


def open_record(db: str, *, create: bool = False) -> Newsline:
    """Open the store; only ingest may create one (a typo in --db must not look like an empty record)."""
    if not create and not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        raise Failure(f"{db}: no such store (newsline ingest creates it)")
    try:
        return Newsline(db)
    except StoreError as error:
        raise Failure(str(error)) from None


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def count_line(shown: int, total: int, what: str, option: str = "-n") -> None:
    if total > shown:
        err.print(f"showing {shown:,} of {total:,} {what}; use {option} to see more")


@command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PATH",
                                                          help="Files or folders (walked recursively).")] = None,
    db: DbOption = "newsline.db",
    sample: Annotated[bool, typer.Option("--sample", metavar="",
                                         help="Ingest the bundled fictional sample corpus.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, metavar="N",
                                         help="Processes for the per-article analysis (at most the CPU count).")] = 1,
    max_bytes: Annotated[int, typer.Option("--max-bytes", metavar="BYTES",
                                           help="Refuse files larger than this.")] = 10 * 1024 * 1024,
    encoding: Annotated[Optional[str], typer.Option("--encoding", metavar="NAME",
                                                    help="Text encoding when not UTF-8 (e.g. cp1252).")] = None,
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print the report as JSON.")] = False,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS",
                                                help="Analyse on Dask: local[:N] (N worker processes here) or a "
                                                     "scheduler, tcp://HOST:PORT.")] = None,
) -> None:
    """Read reports (text, Markdown, HTML, RSS/Atom, JSON Lines), analyse new ones and link them into the record."""
    inputs = [str(p) for p in (paths or [])]
    if dask is not None:
        check_dask(dask, workers)
    if sample:
        inputs.append(str(sample_corpus_path()))
    if not inputs:
        raise Usage("give files or folders to ingest, or --sample")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise Usage(f"--encoding {encoding!r} is not an encoding Python knows (e.g. cp1252, latin-1, utf-16)"
                        ) from None
    cpus = os.cpu_count()
    if cpus and workers > cpus:
        err.print(f"[yellow]warning:[/yellow] --workers {workers} is more than the {cpus} CPUs here; using {cpus} "
                  "(more processes only add memory)")
        workers = cpus
    record = open_record(db, create=True)

    def on_problem(problem, rejected: bool) -> None:
        label = "[red]rejected[/red]" if rejected else "[yellow]warning[/yellow]"
        err.print(f"{label} {escape(problem.source)}: {escape(problem.reason)}")

    bar = None
    if err.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=err, transient=True)
        bar.start()
        task = bar.add_task("analyse", total=None)

        def on_progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
    else:  # a log: a plain line now and then
        from .views.progress import ProgressLog

        on_progress = ProgressLog(err.print)

    cluster_error: tuple = ()
    if dask is not None:
        from .cluster import ClusterError

        cluster_error = (ClusterError,)
    try:
        report = record.ingest(inputs, workers=workers, max_bytes=max_bytes, encoding=encoding,
                               on_progress=on_progress, on_problem=on_problem, dask=dask)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was stored is kept; run the same command again to resume")
        raise typer.Exit(130) from None
    except cluster_error as error:
        raise Failure(str(error)) from None
    finally:
        if bar:
            bar.stop()
        record.close()
    if as_json:
        print_json(report.as_dict())
    else:
        err.print(
            f"{report.stored:,} stored, {report.unchanged:,} unchanged, {len(report.rejected):,} rejected, "
            f"{len(report.warnings):,} with warnings; {report.linked:,} mentions linked; "
            f"{report.words:,} words in {report.seconds:.1f}s → {escape(db)}"
        )
    if not report.ok:
        raise typer.Exit(EXIT_PARTIAL)


@command()
def export(
    db: DbOption = "newsline.db",
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="json (schema newsline/1), csv, md (a dossier), timeml, "
                                          "timelinejs (TimelineJS 3 JSON) or ics (iCalendar).")] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PATH",
                                                   help="File (json, md, timelinejs, ics) or folder (csv, timeml); "
                                                        "without it, print to stdout.")] = None,
    table: Annotated[Optional[str], typer.Option("--table", metavar="TABLE",
                                                 help="csv without -o: the table to print "
                                                      "(articles, timexes, entities, mentions, ...).")] = None,
) -> None:
    """Export the record: JSON (schema newsline/1), CSV (one file per record kind), a Markdown dossier,
    TimeML (one document per article), TimelineJS JSON or iCalendar (dated events)."""
    with open_record(db) as record:
        try:
            result = record.export_to(fmt, output, table=table)
        except BadRequest as error:
            raise Usage(str(error)) from None
        except OSError as error:
            raise Failure(f"cannot write {error.filename or output}: {error.strerror or error}") from None
    if isinstance(result, str):
        sys.stdout.write(result)
    else:
        err.print(f"wrote {escape(', '.join(str(p) for p in result))}")


@command()
def status(db: DbOption = "newsline.db", as_json: JsonOption = False) -> None:
    """Counts, date range and flags of the record."""
    with open_record(db) as record:
        info = record.status()
    if as_json:
        print_json(info)
        return
    table = Table(title=f"newsline record {escape(info['db'])}", show_header=False)
    table.add_row("articles", f"{info['current_articles']} ({info['outlets']} outlets)")
    lo, hi = info["date_range"]
    table.add_row("dates", f"{lo or '?'} to {hi or '?'}")
    table.add_row("date sources", ", ".join(f"{k}: {v}" for k, v in sorted(info["date_sources"].items())))
    table.add_row("flagged articles", str(info["flagged_articles"]))
    for key, value in info["counts"].items():
        if key != "articles":
            table.add_row(key, str(value))
    out.print(table)


@command()
def articles(
    db: DbOption = "newsline.db",
    flagged: Annotated[bool, typer.Option("--flagged", metavar="",
                                          help="Only articles with a flag (undated, misdated, ...).")] = False,
    as_json: JsonOption = False,
) -> None:
    """The articles with their dates (stated, inferred with its window) and flags."""
    with open_record(db) as record:
        items = record.articles(flagged=flagged)
    if as_json:
        print_json(items)
        return
    table = Table(title="articles")
    for col in ("id", "date", "how", "outlet", "title", "flags"):
        table.add_column(col, overflow="fold", no_wrap=col == "id")
    for a in items:
        how = a["date_source"]
        if a["date_source"] == "inferred" and a["date_window"]:
            how += f" {a['date_window'][0]}…{a['date_window'][1]} ({a['date_confidence']})"
        if a["stated_date"] and a["stated_date"] != a["date"]:
            how += f", stated {a['stated_date']}"
        flags = "; ".join(f"{f['kind']}: {f['reason']}" for f in a["flags"])
        table.add_row(a["id"][:8], a["date"] or "?", escape(how), escape(a["outlet"] or ""),
                      escape(a["title"] or a["source"]), escape(flags))
    out.print(table)


@command()
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words to find (SQLite FTS5 syntax: AND, OR, "
                                                               "\"phrases\", prefix*).")],
    db: DbOption = "newsline.db",
    limit: Annotated[int, limit_option("sentences")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over every sentence; shows the sentence and its article."""
    with open_record(db) as record:
        result = record.search(query, limit)
    if result.fallback:
        err.print(f"[yellow]note:[/yellow] {escape(result.fallback)}")
    if as_json:
        print_json([{k: v for k, v in h.items() if k != "marked"} for h in result.hits])
    elif not result.hits:
        err.print("no matches")
    else:
        table = Table(show_lines=False)
        for col in ("date", "sentence", "article"):
            table.add_column(col, overflow="fold")
        for h in result.hits:
            # article text is data, never markup: "[...]" in a report must print as written
            table.add_row(h["date"] or "?", highlight_snippet(h["marked"]),
                          escape(f"{h['article'][:8]} {h['source']}"))
        out.print(table)
    count_line(len(result.hits), result.total, "matching sentences")


def highlight_snippet(snippet: str) -> str:
    """FTS5 marks matches with \x02...\x03; show them bold, everything else escaped."""
    return escape(snippet).replace("\x02", "[bold]").replace("\x03", "[/bold]")


@command()
def timeline(
    db: DbOption = "newsline.db",
    date_from: Annotated[Optional[str], typer.Option("--from", metavar="DATE", parser=date_bound,
                                                     help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", parser=date_bound,
                                                   help="To this date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD "
                                                        "(a year or month includes all its days).")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", metavar="TEXT",
                                                 help="Only entries whose text contains this.")] = None,
    entity: EntityOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, metavar="N",
                                                 help="The N most important dates, one entry each.")] = None,
    every: Annotated[bool, typer.Option("--all", metavar="", help="Also the events dated only by the date of the one report "
                                                       "that tells them.")] = False,
    as_json: JsonOption = False,
) -> None:
    """The record as a dated timeline, each entry citing its article (within a day: by time, then report date)."""
    try:
        check_range(date_from, date_to, names=("--from", "--to"))
    except BadRequest as error:
        raise Usage(str(error)) from None
    with open_record(db) as record:
        entries = record.timeline(date_from=date_from, date_to=date_to, query=query, entity=entity, every=every)
    total = len(entries)
    if limit:
        entries = sorted(most_important(entries, limit), key=order_key)
    if as_json:
        print_json([asdict(e) for e in entries])
    else:
        from .views.tables import timeline_table

        out.print(timeline_table(entries))
    count_line(len(entries), total, "entries", "--limit")


@command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="An article id, or its first 8+ hex digits as "
                                                                 "timeline and search print them.")],
    db: DbOption = "newsline.db",
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print the article and every annotation "
                                                                     "(with its span) as JSON.")] = False,
) -> None:
    """One article: its dates, window and flags, and its text with time expressions and entities marked."""
    with open_record(db) as record:
        try:
            item = record.article(article_id)
        except AmbiguousId as error:
            raise Usage(str(error), [f"{c['id']}  {c['date'] or '????-??-??'}  {c['source']}"
                                     + ("" if c["current"] else "  (old revision)") for c in error.candidates])
        except BadRequest as error:
            raise Usage(str(error)) from None
        except NotFound as error:
            raise Failure(str(error)) from None
    if as_json:
        print_json(item)
        return
    from .views.article import render_article

    out.print(render_article(item))


@command()
def figures(
    db: DbOption = "newsline.db",
    what: Annotated[Optional[str], typer.Option("--what", metavar="TEXT",
                                                help="Only series whose counted thing contains this.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Figures across reports: each quantity's series by as-of date, and where sources conflict."""
    from .views.figures import point_label

    with open_record(db) as record:
        view = record.figures(what=what)
    if as_json:
        print_json(view)
        return
    if not view["series"]:
        err.print("no figures" + (f" about {what!r}" if what else ""))
        return
    for s in view["series"]:
        if len(s["points"]) < 2 and not what:
            continue
        unit = f" ({s['unit']})" if s["unit"] else ""
        table = Table(title=escape(f"{s['what'] or s['key']}{unit} · {len(s['points'])} reports · {s['id']}"),
                      title_justify="left")
        for col in ("as of", "figure", "source", "article"):
            table.add_column(col, overflow="fold")
        for p in s["points"]:
            table.add_row(p["as_of"] or "?", escape(point_label(p)), escape(p["source"] or ""),
                          escape(f"{p['article'][:8]} {Path(p['source_file'] or '').name}"))
        out.print(table)
    singles = sum(1 for s in view["series"] if len(s["points"]) < 2)
    if singles and not what:
        err.print(f"{singles} figures reported once are not shown (newsline figures --json lists them)")
    for d in view["discrepancies"]:
        label = "[red]conflict[/red]" if d["kind"] == "figure" else "[yellow]stale[/yellow]"
        out.print(f"{label} {escape(d['description'])}")


@command()
def events(
    db: DbOption = "newsline.db",
    date_from: Annotated[Optional[str], typer.Option("--from", metavar="DATE", parser=date_bound,
                                                     help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", parser=date_bound,
                                                   help="To this date, inclusive.")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", metavar="TEXT",
                                                 help="Only events whose summary contains this.")] = None,
    entity: EntityOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, metavar="N",
                                                 help="The events of the N most important dates.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The events merged across articles, each with every sentence that reports it."""
    with open_record(db) as record:
        items = record.events(date_from=date_from, date_to=date_to, query=query, entity=entity, limit=limit)
    if as_json:
        print_json(items)
        return
    if not items:
        err.print("no events")
        return
    for e in items:
        span = e["date"] + (f" to {e['date_end']}" if e["date_end"] else "")
        out.print(f"[bold]{escape(span)}[/bold]  {escape(e['summary'])}")
        out.print(f"  [dim]{e['id']} · {e['sources']} source(s) · importance {e['importance']} · "
                  f"{len(e['mentions'])} mention(s)[/dim]")
        for m in e["mentions"]:
            out.print(f"  - {m['article'][:8]} [{escape(m.get('date') or '?')}, {escape(m.get('anchor') or '')}] "
                      f"{escape(m['sentence'])}")


@command()
def quotes(
    db: DbOption = "newsline.db",
    speaker: Annotated[Optional[str], typer.Option("--speaker", "-s", metavar="NAME",
                                                   help="Only this speaker (a name or alias).")] = None,
    article: Annotated[Optional[str], typer.Option("--article", "-a", metavar="ID",
                                                   help="Only this article (id, id prefix or source).")] = None,
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


@command()
def forecasts(
    db: DbOption = "newsline.db",
    holder: Annotated[Optional[str], typer.Option("--holder", metavar="NAME",
                                                  help="Only forecasts whose holder contains this.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", metavar="S",
                                                  help="Only this status: open, confirmed, refuted, mixed, or "
                                                       "expired (open, deadline passed).")] = None,
    as_json: JsonOption = False,
) -> None:
    """What the reports predicted: each forecast's holder, probability, deadline and status, with the
    evidence that settled it; then each holder's calibration (Brier score)."""
    from .views.forecasts import status_label

    with open_record(db) as record:
        try:
            view = record.forecasts(holder=holder, status=status)
        except BadRequest as error:
            raise Usage(str(error)) from None
    if as_json:
        print_json(view)
        return
    if not view["forecasts"]:
        err.print("no forecasts" + (f" held by {holder!r}" if holder else "") + (f" with status {status}" if status else ""))
        return
    colour = {"confirmed": "green", "refuted": "red", "mixed": "yellow", "open": "dim"}
    for f in view["forecasts"]:
        p = "?" if f["probability"] is None else f"{f['probability']:.0%}"
        when = f" by {f['horizon']}" if f["horizon"] else ""
        label = status_label(f)
        out.print(f"[{colour.get(f['status'], 'dim')}]{escape(label)}[/]  {escape(f['holder'] or 'unattributed')}: "
                  f"{escape(f['text'])} [dim]({escape(f['cue'] or '')}, p≈{p}{escape(when)}; "
                  f"{f['article'][:8]} {escape(Path(f['source'] or '').name)}, {f['article_date'] or '?'})[/dim]")
        for e in f["evidence"]:
            out.print(f"    [dim]{e['article'][:8]}[/dim] {escape(e['sentence'])}")
        if f.get("note"):
            out.print(f"    [dim]{escape(f['note'])}[/dim]")
    if view["calibration"]:
        table = Table(title="calibration (Brier score: 0 is perfect, 0.25 is always saying 50 %)", title_justify="left")
        for col in ("holder", "settled", "confirmed", "refuted", "mixed", "Brier"):
            table.add_column(col, overflow="fold")
        for c in view["calibration"]:
            table.add_row(escape(c["holder"]), str(c["resolved"]), str(c["confirmed"]), str(c["refuted"]),
                          str(c["mixed"]), "n/a" if c["brier"] is None else f"{c['brier']:.3f}")
        out.print(table)


@command()
def rejections(
    db: DbOption = "newsline.db",
    limit: Annotated[int, limit_option("problems")] = 50,
    as_json: JsonOption = False,
) -> None:
    """What ingest refused or stored with a warning, newest run first."""
    with open_record(db) as record:
        items = record.rejections()
    shown = items[:limit]
    if as_json:
        print_json(shown)
    elif not items:
        err.print("no rejections or warnings recorded")
    else:
        table = Table(title="rejections and warnings")
        for col in ("when (UTC)", "what", "source", "reason"):
            table.add_column(col, overflow="fold", no_wrap=col in ("when (UTC)", "what"))
        for r in shown:
            kind = {"rejected": "[red]rejected[/red]", "warning": "[yellow]warning[/yellow]"}.get(r["kind"], "?")
            table.add_row(r["at"][:19].replace("T", " "), kind, escape(r["source"]),
                          escape(r["reason"]))
        out.print(table)
    count_line(len(shown), len(items), "recorded problems")


@command()
def timeml(
    in_dir: Annotated[Path, typer.Argument(metavar="IN_DIR",
                                           help="Folder of TimeML documents (*.tml) with a CREATION_TIME DCT.")],
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR",
                                            help="Where to write the annotated documents (same names).")],
) -> None:
    """Annotate the raw text of TimeML documents with newsline's TIMEX3 tags (for the TempEval-3 scorer)."""
    if not in_dir.is_dir():
        raise Usage(f"{in_dir}: not a folder")
    written, failed = annotate_timeml(in_dir, out_dir)
    for path, reason in failed:
        err.print(f"[red]rejected[/red] {escape(str(path))}: {escape(reason)}")
    if not written and not failed:
        err.print(f"[yellow]warning:[/yellow] {escape(str(in_dir))}: no *.tml files")
        raise typer.Exit(EXIT_PARTIAL)
    err.print(f"wrote {len(written)} TimeML files to {escape(str(out_dir))}")
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


def check_dask(address: str, workers: int) -> None:
    from .cluster import ClusterError, check_address

    if workers > 1:
        raise Usage("--workers is for processes here; with --dask give the workers in the address (local:N)")
    try:
        check_address(address)
    except ClusterError as error:
        raise Usage(str(error)) from None


# the commands that serve, copy or watch a store (cli_stores.py) register themselves on `app`
from . import cli_stores  # noqa: E402,F401


def main() -> None:
    app()


if __name__ == "__main__":  # python -m newsline.cli: run the module as imported (cli_stores registered on its app)
    from newsline.cli import main as imported_main

    imported_main()
