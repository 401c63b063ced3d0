"""The Python API; the CLI is a thin layer over it (one method per command)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .export import build_export, table_csv, to_markdown, validate, write_csv
from .ingest_run import IngestReport, ingest
from .store import open_store
from .views.timeline import Entry, timeline_entries


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

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ingest(self, paths: list[str | Path], **options: Any) -> IngestReport:
        """Read, analyse, store and link; see `newsline.ingest_run.ingest` for options."""
        return ingest(self.store, [str(p) for p in paths], **options)

    def export(self, *, all_revisions: bool = False) -> dict[str, Any]:
        return build_export(self.store, all_revisions=all_revisions)

    def export_to(self, fmt: str, out: str | Path | None = None, *, table: str = "articles") -> str | list[Path]:
        """Write an export. json/md: to `out` or returned as text; csv: a folder of files, or one table as text."""
        data = self.export()
        if fmt == "json":
            validate(data)
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        elif fmt == "md":
            text = to_markdown(data)
        elif fmt == "csv":
            if out is not None:
                return write_csv(data, Path(out))
            return table_csv(data, table)
        elif fmt == "timeml":
            if out is None:
                raise ValueError("the TimeML export writes one file per article: give an output folder")
            return self.export_timeml(Path(out))
        else:
            raise ValueError(f"unknown export format {fmt!r} (json, csv, md, timeml)")
        if out is not None:
            Path(out).write_text(text, encoding="utf-8")
            return [Path(out)]
        return text

    def export_timeml(self, folder: Path) -> list[Path]:
        """One TimeML document per current article: its text, its date as DCT, its TIMEX3 tags."""
        from .timeml import write_timeml

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

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences matching `query`; `snippet` marks the matched words with « »."""
        hits = [dict(row) for row in self.store.search(query, limit)]
        for hit in hits:
            hit["marked"] = hit["snippet"]
            hit["snippet"] = hit["snippet"].replace("\x02", "«").replace("\x03", "»")
        return hits

    def timeline(self, **filters: Any) -> list[Entry]:
        return timeline_entries(self.export(), **filters)

    def quotes(self, *, speaker: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
        """Who said what: the quotes as exported, plus `speaker_name` (the linked entity's name),
        `date` and `source` of their article; `speaker` matches a name or alias (any case),
        `article` an id, an id prefix or the end of the article's source."""
        from .views.quotes import quote_rows

        return quote_rows(self.export(), speaker=speaker, article=article)


def open(db: str | Path = "newsline.db") -> Newsline:  # noqa: A001 - mirrors sqlite3.connect / sqlite_utils.Database
    return Newsline(db)


def annotate_timeml(in_dir: str | Path, out_dir: str | Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Tag the raw text of every TimeML document in `in_dir` with newsline's TIMEX3s (DCT from the file).

    Returns (written files, [(file, reason)] for documents that could not be read)."""
    from .nlp.pipeline import get_tagger, load_nlp
    from .timeml import read_timeml, write_timeml

    nlp = load_nlp(timex=False, quotes=False)
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
