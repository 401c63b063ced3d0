"""One ingest run: read inputs, analyse new articles (map), store them, link (reduce).

Problems with single inputs are collected, never raised: the run goes on with
the rest and the report says what was rejected and why.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .ingest import DEFAULT_MAX_BYTES, InputWarning, Rejection, read_paths
from .link import reduce_store
from .nlp.date_evidence import redatable
from .nlp.pipeline import Failure, analyse_parallel, prepare
from .nlp.stated_dates import NO_DAY
from .records import Article, RawArticle

# articles per transaction: a killed run loses at most this much work, never consistency
SAVE_EVERY = int(os.environ.get("NEWSLINE_SAVE_EVERY", "64"))
# problems with a stated date found before analysis; the warning says after analysis what came of it
DATE_PROBLEMS = ("stated_date_unusable", "stated_date_in_future", "stated_date_ambiguous", "stated_date_imprecise")


@dataclass
class IngestReport:
    read: int = 0  # articles found in the inputs
    stored: int = 0  # new articles analysed and stored
    unchanged: int = 0  # already in the store (same content)
    rejected: list[Rejection] = field(default_factory=list)  # inputs refused
    warnings: list[Rejection] = field(default_factory=list)  # stored, but with a problem (e.g. bad date)
    linked: int = 0  # entity mentions linked across articles
    seconds: float = 0.0
    words: int = 0
    article_ids: list[str] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.warnings

    def as_dict(self) -> dict:
        return {
            "read": self.read, "stored": self.stored, "unchanged": self.unchanged,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
            "warnings": [{"source": r.source, "reason": r.reason} for r in self.warnings],
            "linked_mentions": self.linked, "seconds": round(self.seconds, 3), "words": self.words,
        }


def collect(items: Iterable[RawArticle | Rejection], store, report: IngestReport,
            on_problem: Callable[[Rejection, bool], None] | None = None) -> list[Article]:
    """Prepare articles, dropping those already stored or repeated in this run."""
    seen: set[str] = set()
    articles = []
    duplicates: list[Article] = []  # same text twice in this run: recorded once the first is stored
    for item in items:
        if isinstance(item, InputWarning):
            warn(report, Rejection(item.source, item.reason), on_problem)
            continue
        if isinstance(item, Rejection):
            report.rejected.append(item)
            if on_problem:
                on_problem(item, True)
            continue
        report.read += 1
        article = prepare(item)
        if article.content_hash in seen or store.has_content(article.content_hash):
            warn(report, date_warning(article, "already stored, not analysed again"), on_problem)
            report.unchanged += 1
            if article.content_hash in seen:
                duplicates.append(article)
            else:
                store.add_source(article.content_hash, article.source, article.outlet, article.stated_date)
            continue
        seen.add(article.content_hash)
        articles.append(article)
    report.duplicates = duplicates
    return articles


def warn(report: IngestReport, warning: Rejection | None, on_problem) -> None:
    if warning is None:
        return
    report.warnings.append(warning)
    if on_problem:
        on_problem(warning, False)


def date_warning(article: Article, outcome: str | None = None) -> Rejection | None:
    """One line for an article whose stated date had a problem, saying what became of its date."""
    reasons = [flag.reason for flag in article.flags if flag.kind in DATE_PROBLEMS]
    if not reasons:
        return None
    if outcome is None:
        window = article.date_window or (article.date, article.date)
        last_reason = (article.meta.get("date_reasons") or [""])[-1]
        if article.date is None:
            outcome = "no date could be inferred"
        elif last_reason.startswith(NO_DAY):
            outcome = last_reason
        elif article.date_source == "inferred":
            outcome = f"inferred {article.date} (window {window[0]}…{window[1]})"
        else:
            outcome = (article.meta.get("date_reasons") or [f"dated {article.date}"])[-1]
    return Rejection(article.source, "; ".join(reasons) + "; " + outcome)


def with_stored_date(store, article: Article) -> Article:
    """The article with the date the store holds now (the reduce step may have dated it again)."""
    for row in store.query("SELECT date, date_source, date_from, date_to, date_confidence, meta FROM articles "
                           "WHERE id=?", (article.id,)):
        article.date, article.date_source = row["date"], row["date_source"]
        article.date_confidence = row["date_confidence"]
        article.date_window = (row["date_from"], row["date_to"]) if row["date_from"] else None
        article.meta["date_reasons"] = json.loads(row["meta"] or "{}").get("date_reasons", [])
    return article


def save(store, batch: list) -> list[str]:
    """Store a batch. On PostgreSQL the ingest takes the store's writer lock here and keeps it until
    its reduce step is done, so two ingests at once make the record they would make one after the
    other; an article the other ingest stored meanwhile is kept as one more place it was found."""
    store.hold_writer()
    saved = store.save(batch)
    if len(saved) < len(batch):
        for analysis in batch:
            a = analysis.article
            if a.id not in saved:
                store.add_source(a.content_hash, a.source, a.outlet, a.stated_date)
    return saved


def give_date_context(articles: list[Article], store, limit: int = 400) -> None:
    """Undated articles get the dates of the collection they came with (this run's dated
    articles and the store's), so an inferred date lands in the right year: a text that
    says "October 7" and "Wednesday" fits every year, the collection does not."""
    undated = [a for a in articles if a.date is None]
    if not undated:
        return
    dates = {a.date for a in articles if a.date}
    dates |= {r[0] for r in store.query(
        "SELECT DISTINCT date FROM articles WHERE date_source IN ('stated', 'metadata') ORDER BY date DESC LIMIT ?",
        (limit,))}
    for article in undated:
        article.meta["_context_dates"] = sorted(dates)


def ingest(
    store,
    paths: Iterable[str],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_problem: Callable[[Rejection, bool], None] | None = None,
    dask=None,
    items: Iterable[RawArticle | Rejection] | None = None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    if items is None:  # `items`: articles already read (a feed fetched by `newsline watch`)
        items = read_paths(paths, max_bytes=max_bytes, encoding=encoding)
    articles = collect(items, store, report, on_problem)
    give_date_context(articles, store)
    total = len(articles)
    if on_progress:
        on_progress(0, total)
    batch = []
    later: list[Article] = []
    done = 0
    if dask is not None and articles:  # a Dask address ("local:2", "tcp://host:8786") or a distributed Client
        from .cluster import analyse_on_dask

        results = analyse_on_dask(articles, dask)
    else:
        results = analyse_parallel(articles, workers)
    for analysis in results:
        done += 1
        if isinstance(analysis, Failure):  # this article only: the batch goes on
            problem = Rejection(analysis.article.source, f"could not be analysed ({analysis.reason})")
            report.rejected.append(problem)
            if on_problem:
                on_problem(problem, True)
            if on_progress:
                on_progress(done, total)
            continue
        batch.append(analysis)
        if redatable(analysis.article):  # its date may still move in the reduce step: warned after it
            later.append(analysis.article)
        else:
            warn(report, date_warning(analysis.article), on_problem)
        report.words += len(analysis.article.text.split())
        if len(batch) >= SAVE_EVERY:
            report.article_ids += save(store, batch)
            batch = []
        if on_progress:
            on_progress(done, total)
    if batch:
        report.article_ids += save(store, batch)
    report.stored = len(report.article_ids)
    for dup in report.duplicates:
        store.add_source(dup.content_hash, dup.source, dup.outlet, dup.stated_date)
    store.record_rejections(report.rejected, kind="rejected")
    # every unlinked mention, not just this run's: a run killed after saving but before linking is healed here
    store.hold_writer()
    report.linked = reduce_store(store)["mentions"]
    for article in later:
        warn(report, date_warning(with_stored_date(store, article)), on_problem)
    store.record_rejections(report.warnings, kind="warning")
    store.release_writer()
    report.seconds = time.perf_counter() - started
    return report
