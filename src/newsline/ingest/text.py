"""Plain text and Markdown reports.

A leading ` date YYYY-MM-DD` token (as in the reference reports) is the stated
date; the text may go on on the same line. A first short line that does not
end like a sentence is taken as the title; a Markdown `# Heading` always is.
The title line stays in the text: headlines carry claims and forecasts too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import RawArticle
from .dates import set_stated_date

DATE_HEADER = re.compile(r"^\ufeff?[ \t]*date[ \t]+(\S*\d\S*)[ \t]*(?:\r?\n)?")
MD_TITLE = re.compile(r"^#{1,2}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
TITLE_MAX_CHARS = 140


def split_date_header(text: str) -> tuple[str | None, str]:
    """Return (the raw date token or None, the text after the header)."""
    m = DATE_HEADER.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end():]


def guess_title(body: str, markdown: bool) -> str | None:
    first = body.lstrip().split("\n", 1)[0].strip()
    if markdown:
        m = MD_TITLE.match(first)
        if m:
            return m.group(1).strip()
    if not first or len(first) > TITLE_MAX_CHARS or "\n" not in body.strip():
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        # a headline may end with a full stop, but only when it is short and alone on its line
        if len(first.split()) > 16:
            return None
    return first.lstrip("# ").strip()


META_COMMENT = re.compile(r"\n?[ \t]*<!--\s*newsline:(.*?)-->[ \t]*", re.S)


def read_text(text: str, *, source: str, path: str, markdown: bool) -> Iterator[RawArticle]:
    raw_date, body = split_date_header(text)
    meta: dict[str, str] = {}
    comment = META_COMMENT.search(body)
    if comment:  # <!-- newsline: outlet=...; fiction=true --> is metadata, not article text
        for item in comment.group(1).split(";"):
            key, _, value = item.partition("=")
            if key.strip() and value.strip():
                meta[key.strip()] = value.strip()
        body = body[: comment.start()] + body[comment.end():]
    article = RawArticle(source=source, path=path, text=body.strip("\n"), format="markdown" if markdown else "text")
    set_stated_date(article, raw_date)
    article.title = meta.pop("title", None) or guess_title(article.text, markdown)
    article.outlet = meta.pop("outlet", None)
    article.author = meta.pop("author", None)
    if meta.pop("fiction", "").lower() == "true":
        article.meta["fiction"] = True
    article.meta.update(meta)
    yield article
