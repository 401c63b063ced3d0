"""The commands that serve a store, copy one into another or keep one fed: `newsline serve`,
`newsline copy`, `newsline watch` (registered on the CLI's `app`, as the rest in cli.py)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from .cli import DbOption, Failure, JsonOption, Usage, check_dask, command, err, open_record, out, print_json
from .errors import NotFound
from .store import StoreError
from .store.postgres import is_postgres_url, redact


@command()
def serve(
    db: DbOption = "newsline.db",
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS",
                                      help="Address to listen on; loopback only unless you say otherwise.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, metavar="N", help="Port to listen on.")] = 8000,
    allow_ingest: Annotated[bool, typer.Option("--allow-ingest", metavar="",
                                               help="Accept reports over HTTP (POST /api/ingest); off by default.")] = False,
) -> None:
    """Serve the record as a local web app (timeline, articles, names, quotes, figures, forecasts, search)
    with a read-only JSON API under /api/ (schema at /openapi.json)."""
    if is_postgres_url(db):  # the web app watches the file for changes and searches with FTS5
        raise Failure(f"{redact(db)}: the web app reads a SQLite store only; copy the record into one first "
                      "(newsline copy URL story.db) and serve that")
    open_record(db).close()  # a missing or foreign file is an error here, not an empty web app
    shown = f"[{host}]" if ":" in host else host
    err.print(f"newsline: serving {escape(db)} at http://{shown}:{port}/ (API /api/, schema /openapi.json)"
              + ("; ingest over HTTP is on" if allow_ingest else "") + "; Ctrl-C stops")
    from .web import serve as serve_web

    serve_web(db, host=host, port=port, allow_ingest=allow_ingest, log_level="warning")


@command()
def copy(
    src: Annotated[str, typer.Argument(metavar="SRC", help="The store to copy: a SQLite file or a postgresql:// URL.")],
    dst: Annotated[str, typer.Argument(metavar="DST", help="A new, empty store (a SQLite file or a postgresql:// "
                                                            "URL of an existing database).")],
    as_json: JsonOption = False,
) -> None:
    """Copy a whole store into a new one (SQLite to PostgreSQL or back): every table and id, then rows and a
    checksum per table compared on both sides."""
    from .api import copy as copy_stores

    try:
        tables = copy_stores(src, dst)
    except (StoreError, NotFound) as error:
        raise Failure(str(error)) from None
    if as_json:
        print_json([asdict(t) | {"ok": t.ok} for t in tables])
    else:
        table = Table(title=f"{escape(redact(src))} → {escape(redact(dst))}")
        for col in ("table", "rows", "copied", "checksum", "copied checksum", ""):
            table.add_column(col, justify="right" if col in ("rows", "copied") else "left")
        for t in tables:
            table.add_row(t.table, f"{t.source_rows:,}", f"{t.copied_rows:,}", t.source_checksum, t.copied_checksum,
                          "[green]same[/green]" if t.ok else "[red]DIFFERENT[/red]")
        out.print(table)
    bad = [t.table for t in tables if not t.ok]
    if bad:
        raise Failure(f"the copy differs from {src} in {', '.join(bad)}")
    err.print(f"copied {sum(t.copied_rows for t in tables):,} rows in {len(tables)} tables; every count and "
              "checksum matches")


@command()
def watch(
    target: Annotated[str, typer.Argument(metavar="DIR_OR_FEED_URL",
                                          help="A folder (new and changed files) or an RSS/Atom feed URL.")],
    db: DbOption = "newsline.db",
    every: Annotated[float, typer.Option("--every", min=0.1, metavar="SECONDS",
                                         help="Seconds between looks (a failing feed waits longer).")] = 60.0,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS",
                                                help="Analyse on Dask, as for ingest.")] = None,
) -> None:
    """Ingest what is new in a folder or feed, then look again every SECONDS until stopped (Ctrl-C)."""
    import signal
    import time
    from contextlib import ExitStack

    from .watch import is_feed_url

    if not is_feed_url(target) and not Path(target).is_dir():
        raise Usage(f"{target}: not a folder or an http(s) feed URL")
    if dask is not None:
        check_dask(dask, 1)
    record = open_record(db, create=True)
    looks = []

    def on_problem(problem, rejected: bool) -> None:
        label = "[red]rejected[/red]" if rejected else "[yellow]warning[/yellow]"
        err.print(f"{label} {escape(problem.source)}: {escape(problem.reason)}")

    def on_look(look) -> None:
        looks.append(look)
        stamp = time.strftime("%H:%M:%S")
        if look.error:
            err.print(f"{stamp} [yellow]warning[/yellow] {escape(look.target)}: {escape(look.error)}; "
                      f"next look in {look.wait:.0f}s")
        elif look.report is not None:
            r = look.report
            err.print(f"{stamp} {r.stored:,} stored, {r.unchanged:,} unchanged, {len(r.rejected):,} rejected; "
                      f"{r.linked:,} mentions linked in {r.seconds:.1f}s")

    def stop(signum, frame):  # SIGTERM (a service manager) stops as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    err.print(f"watching {escape(target)} every {every:g}s → {escape(db)} (Ctrl-C stops)")
    try:
        with ExitStack() as stack:
            if dask is not None:  # one cluster for the whole watch, not one per look
                from .cluster import dask_client

                dask = stack.enter_context(dask_client(dask))
            record.watch(target, every=every, dask=dask, on_problem=on_problem).run(on_look=on_look)
    except KeyboardInterrupt:
        pass
    finally:
        record.close()
    err.print(f"stopped after {len(looks)} look(s): what was stored is kept")
