"""HTML pages: the main text, title, author, outlet and date, via trafilatura.

trafilatura strips navigation, scripts and boilerplate (so hostile markup never
reaches the store as markup) and htmldate finds the publication date in the
page's metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import RawArticle
from .dates import set_stated_date
from .errors import InputError

MIN_WORDS = 8  # fewer words than a sentence is a menu or a stub, not an article
# A publication date the publisher states in the page's metadata; other dates htmldate finds
# (in the URL, in page furniture) are guesses and are kept as date_source "metadata".
PUBLISHED_META = re.compile(
    r"(article:published_time|datePublished|\bpubdate\b|publish[-_]?date|DC\.date\.issued|dcterms\.created)", re.I
)
FICTION_META = re.compile(r"<meta[^>]+name=[\"']newsline:fiction[\"'][^>]*content=[\"']true", re.I)


def read_html(html: str, *, source: str, path: str, url: str | None = None) -> Iterator[RawArticle]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip() if doc else ""
    if len(text.split()) < MIN_WORDS:
        raise InputError("HTML page with no main text" + (f" (only {text[:40]!r})" if text else ""))
    article = RawArticle(
        source=url or source,
        path=path,
        url=url or getattr(doc, "url", None),
        text=text,
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        outlet=getattr(doc, "sitename", None),
        format="html",
    )
    raw_date = getattr(doc, "date", None)
    set_stated_date(article, raw_date)
    if article.stated_date and PUBLISHED_META.search(html):
        article.meta["date_stated_by_publisher"] = True
    if FICTION_META.search(html):
        article.meta["fiction"] = True
    yield article
