"""The Python API; the CLI is a thin layer over it (one method per command)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AmbiguousId, BadRequest, NotFound
from .export import CSV_TABLES, build_export, table_csv, to_markdown, validate, write_csv
from .store import SearchSyntaxError, open_store
from .views.article import article_records
from .views.timeline import Entry, timeline_entries

if TYPE_CHECKING:  # the ingest pulls in spaCy: only `ingest` needs it, so reading commands start fast
    from .ingest_run import IngestReport

FORMATS = ("json", "csv", "md", "timeml", "timelinejs", "ics")
ID_PREFIX = re.compile(r"^[0-9a-f]{8,16}$")


def sample_corpus_path() -> Path:
    """The bundled, fictional sample corpus (articles only, not its gold file)."""
    return Path(str(resources.files("newsline").joinpath("data/sample/articles")))


def sample_gold_path() -> Path:
    return Path(str(resources.files("newsline").joinpath("data/sample/gold.json")))


class Newsline:
    """A record of one story, kept in a store (a SQLite file by default)."""

    def __init__(self, db: str | Path = "newsline.db"):
        self.db = str(db)
        self.store = open_store(self.db)
        self._relink_if_asked()

    def _relink_if_asked(self) -> None:
        """A migration that changed the linking rules dropped the old links: link again now, so a
        store opened only to be read is as complete as after an ingest."""
        if self.store.scalar("SELECT value FROM meta WHERE key='relink'") == "1":
            from .link import reduce_store

            reduce_store(self.store)
            with self.store.transaction():
                self.store.db.execute("DELETE FROM meta WHERE key='relink'")

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ingest(self, paths: list[str | Path], **options: Any) -> IngestReport:
        """Read, analyse, store and link; see `newsline.ingest_run.ingest` for options."""
        from .ingest_run import ingest

        return ingest(self.store, [str(p) for p in paths], **options)

    def watch(self, target: str, *, every: float = 60.0, **options: Any):
        """A `newsline.watch.Watcher` ingesting what is new in a folder or feed (http/https URL) into this
        record: `.look()` once, `.run()` until interrupted; `options` as for `ingest`."""
        from .watch import Watcher

        return Watcher(self, target, every, **options)

    def export(self, *, all_revisions: bool = False) -> dict[str, Any]:
        return build_export(self.store, all_revisions=all_revisions)

    def export_to(self, fmt: str, out: str | Path | None = None, *, table: str | None = None) -> str | list[Path]:
        """Write an export. json/md: to `out` or returned as text; csv: a folder of files, or one table
        (`table`, default articles) as text; timeml: a folder. BadRequest before any work when the
        format, table or output path cannot work."""
        out = Path(out) if out is not None else None
        check_export_request(fmt, out, table)
        if fmt == "timeml":
            return self.export_timeml(out)
        data = self.export()
        if fmt == "csv":
            return write_csv(data, out) if out is not None else table_csv(data, table or "articles")
        if fmt == "json":
            validate(data)
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        elif fmt == "timelinejs":
            from .export.timelinejs import to_timelinejs

            text = json.dumps(to_timelinejs(data), ensure_ascii=False, indent=2) + "\n"
        elif fmt == "ics":
            from .export.ical import to_ics

            if out is not None:
                out.write_bytes(to_ics(data))
                return [out]
            return to_ics(data).decode("utf-8")
        else:
            text = to_markdown(data)
        if out is not None:
            out.write_text(text, encoding="utf-8")
            return [out]
        return text

    def export_timeml(self, folder: Path) -> list[Path]:
        """One TimeML document per current article: its text, its date as DCT, its TIMEX3 tags."""
        from .timeml import write_timeml

        folder.mkdir(exist_ok=True)
        written = []
        for a in self.store.query("SELECT id, text, date FROM articles WHERE current=1 ORDER BY seq"):
            timexes = [dict(r) for r in self.store.query(
                'SELECT start, "end", type, value, mod FROM timexes WHERE article=? ORDER BY start', (a["id"],))]
            fields = {"docid": a["id"], "text": a["text"], "dct": a["date"]}
            written.append(write_timeml(fields, timexes, folder / f"{a['id']}.tml"))
        return written

    def status(self) -> dict[str, Any]:
        s = self.store
        counts = {
            table: s.scalar(f"SELECT COUNT(*) FROM {table}")
            for table in ("articles", "sentences", "mentions", "entities", "timexes", "quotes", "claims",
                          "events", "forecasts", "discrepancies", "rejections")
        }
        by_source = {r[0]: r[1] for r in s.query(
            "SELECT date_source, COUNT(*) FROM articles WHERE current=1 GROUP BY date_source")}
        return {
            "db": self.db,
            "schema_version": s.version(),
            "counts": counts,
            "current_articles": s.scalar("SELECT COUNT(*) FROM articles WHERE current=1"),
            "outlets": s.scalar("SELECT COUNT(DISTINCT outlet) FROM articles WHERE outlet IS NOT NULL"),
            "date_range": [s.scalar("SELECT MIN(date) FROM articles WHERE current=1"),
                           s.scalar("SELECT MAX(date) FROM articles WHERE current=1")],
            "date_sources": by_source,
            "flagged_articles": s.scalar("SELECT COUNT(*) FROM articles WHERE current=1 AND flags != '[]'"),
        }

    def articles(self, *, flagged: bool = False) -> list[dict[str, Any]]:
        """The current articles as exported (dates, date source, window, flags), by date."""
        from .export.build import article_dict

        rows = self.store.query("SELECT * FROM articles WHERE current=1 ORDER BY COALESCE(date, '9999'), source")
        items = [article_dict(row) for row in rows]
        return [a for a in items if a["flags"]] if flagged else items

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Sentences matching `query` (SQLite FTS5 syntax), best first.

        A query that is not valid FTS5 (a stray quote, "director-general", a trailing AND) is run as
        a phrase instead, and the result says so (`fallback`). `snippet` marks matched words with « »."""
        if limit < 1:
            raise BadRequest(f"limit must be at least 1, got {limit}")
        ran, fallback = query, None
        try:
            rows = self.store.search(query, limit)
        except SearchSyntaxError as err:
            ran = '"' + query.replace('"', '""') + '"'
            fallback = f"{query!r} is not FTS5 query syntax ({err}); searched for it as a phrase: {ran}"
            rows = self.store.search(ran, limit)
        hits = [dict(row) for row in rows]
        for hit in hits:
            hit["marked"] = hit["snippet"]
            hit["snippet"] = hit["snippet"].replace("\x02", "«").replace("\x03", "»")
        total = self.store.search_count(ran) if len(hits) == limit else len(hits)
        return SearchResult(hits, total, ran, fallback)

    def timeline(self, **filters: Any) -> list[Entry]:
        """Events (or, in a store without events, dated references) by date, citing their articles;
        filters: date_from, date_to (YYYY[-MM[-DD]]), query, entity, limit, every (also the events dated
        only by their one report's date)."""
        return timeline_entries(self.export(), **filters)

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """The merged events with every mention (citation), by date; same filters as `timeline`."""
        data = self.export()
        keep = {e.id for e in timeline_entries(data, every=True, **filters) if e.kind == "event"}
        return [e for e in data["events"] if e["id"] in keep]

    def resolve_id(self, prefix: str) -> str:
        """The full id of the article whose id starts with `prefix` (8 to 16 hex digits, as citations print)."""
        key = prefix.strip().lower()
        if not ID_PREFIX.match(key):
            raise BadRequest(f"{prefix!r} is not an article id: give 8 to 16 hex digits, as timeline and search "
                             "print them (e.g. 1ab04be2)")
        rows = self.store.query("SELECT id, source, date, current, revision FROM articles WHERE substr(id, 1, ?) = ?"
                                " ORDER BY current DESC, id", (len(key), key))
        if not rows:
            raise NotFound(f"no article with id {key}")
        if len(rows) > 1:
            raise AmbiguousId(f"{key} is the start of {len(rows)} article ids: give more digits",
                              [dict(r) for r in rows])
        return rows[0]["id"]

    def article(self, article_id: str) -> dict[str, Any]:
        """One article (any revision) with everything the record holds about it, by id or id prefix:
        {"article": {..., "text"}, "timexes", "mentions", "quotes", "claims", "events", "forecasts",
        "discrepancies"}, each record with its span into the text."""
        full = self.resolve_id(article_id)
        record = article_records(build_export(self.store, only=[full]), full)
        record["article"]["current"] = bool(self.store.scalar("SELECT current FROM articles WHERE id=?", (full,)))
        return record

    def figures(self, *, what: str | None = None) -> dict[str, Any]:
        """Figure series (claims about one quantity across articles, in as-of order) and their
        conflicts and stale restatements; `what` keeps the series whose counted thing contains it."""
        from .views.figures import figure_view

        return figure_view(self.export(), what=what)

    def quotes(self, *, speaker: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
        """Who said what: the quotes as exported, plus `speaker_name` (the linked entity's name),
        `date` and `source` of their article; `speaker` matches a name or alias (any case),
        `article` an id, an id prefix or the end of the article's source."""
        from .views.quotes import quote_rows

        return quote_rows(self.export(), speaker=speaker, article=article)

    def app(self, *, allow_ingest: bool = False):
        """The web app and JSON API over this store, as an ASGI application (for any ASGI server)."""
        from .web import create_app

        return create_app(self.db, allow_ingest=allow_ingest)

    def serve(self, host: str = "127.0.0.1", port: int = 8000, *, allow_ingest: bool = False) -> None:
        """Serve the web app until interrupted; loopback only unless `host` says otherwise."""
        from .web import serve

        serve(self.db, host=host, port=port, allow_ingest=allow_ingest)

    def forecasts(self, *, holder: str | None = None, status: str | None = None) -> dict[str, Any]:
        """What the reports predicted: {"forecasts": [...], "calibration": [...]}, each forecast with
        its probability, deadline, status (open, confirmed, refuted, mixed; `expired` when the deadline
        passed with nothing settling it) and evidence; calibration is the Brier score per holder with
        settled forecasts. `holder` keeps holders containing it; `status` one status (or "expired")."""
        from .views.forecasts import STATUSES, forecast_view

        if status is not None and status not in STATUSES:
            raise BadRequest(f"unknown status {status!r}: use {', '.join(STATUSES)}")
        return forecast_view(self.export(), holder=holder, status=status)

    def rejections(self, limit: int | None = None) -> list[dict[str, Any]]:
        """What ingest runs refused ("rejected") or stored with a problem ("warning"), newest run first."""
        if limit is not None and limit < 1:
            raise BadRequest(f"limit must be at least 1, got {limit}")
        return [dict(r) for r in self.store.rejections(limit)]


@dataclass
class SearchResult:
    """Search hits, best first; iterating gives the hits."""

    hits: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0  # every matching sentence, not just those returned
    query: str = ""  # the FTS5 query that ran
    fallback: str | None = None  # why the query ran as a phrase, when it did

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def check_export_request(fmt: str, out: Path | None, table: str | None) -> None:
    """Refuse, before any work, an export that cannot be written as asked."""
    if fmt not in FORMATS:
        raise BadRequest(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if table is not None:
        if fmt != "csv" or out is not None:
            raise BadRequest("--table picks the one CSV table to print; it goes with --format csv and no -o "
                             "(-o writes every table)")
        if table not in CSV_TABLES:
            raise BadRequest(f"unknown table {table!r}: use {', '.join(CSV_TABLES)}")
    folder = fmt in ("csv", "timeml")
    if out is None:
        if fmt == "timeml":
            raise BadRequest("--format timeml writes one file per article: give a folder with -o")
        return
    if not out.parent.is_dir():
        raise BadRequest(f"{out.parent}: no such folder (create it, or write elsewhere with -o)")
    if folder and out.exists() and not out.is_dir():
        raise BadRequest(f"{out} is a file: --format {fmt} writes a folder of files; give a folder with -o")
    if not folder and out.is_dir():
        raise BadRequest(f"{out} is a folder: --format {fmt} writes one file; give a file name with -o")


def open(db: str | Path = "newsline.db") -> Newsline:  # noqa: A001 - mirrors sqlite3.connect / sqlite_utils.Database
    return Newsline(db)


def copy(src: str | Path, dst: str | Path, **kwargs: Any) -> list:
    """Copy every table of the store `src` into the new, empty store `dst` (SQLite file or PostgreSQL URL,
    either way); returns a `TableCopy` per table (rows and checksum on both sides)."""
    from .store import is_postgres_url
    from .store.copy import copy_store

    if not is_postgres_url(str(src)) and not Path(src).is_file():
        raise NotFound(f"{src}: no such store")
    with open_store(str(src)) as source, open_store(str(dst)) as target:
        return copy_store(source, target, **kwargs)


def annotate_timeml(in_dir: str | Path, out_dir: str | Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Tag the raw text of every TimeML document in `in_dir` with newsline's TIMEX3s (DCT from the file).

    Returns (written files, [(file, reason)] for documents that could not be read)."""
    from .nlp.pipeline import get_tagger, load_nlp
    from .timeml import read_timeml, write_timeml

    nlp = load_nlp(components=())
    tagger = get_tagger()
    out = Path(out_dir)
    written, failed = [], []
    for src in sorted(Path(in_dir).glob("*.tml")):
        try:
            doc = read_timeml(src)
        except Exception as err:  # malformed XML, missing TEXT: name the file, go on
            failed.append((src, f"{type(err).__name__}: {err}"))
            continue
        found = tagger.tag(doc.text, doc.dct, doc=nlp(doc.text))
        written.append(write_timeml(doc, found, out / src.name))
    return written, failed
