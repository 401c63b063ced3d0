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
from .dates import DateProblem, parse_stated_date

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


def read_text(text: str, *, source: str, path: str, markdown: bool) -> Iterator[RawArticle]:
    raw_date, body = split_date_header(text)
    article = RawArticle(source=source, path=path, text=body.strip("\n"), format="markdown" if markdown else "text")
    article.stated_date_raw = raw_date
    if raw_date:
        try:
            article.stated_date = parse_stated_date(raw_date)
        except DateProblem as problem:
            article.warnings.append(str(problem))
    article.title = guess_title(article.text, markdown)
    meta = re.search(r"<!--\s*newsline:(.*?)-->", body, re.S)
    if meta:
        for key, value in re.findall(r"(\w+)\s*[:=]\s*([^;\n]+)", meta.group(1)):
            article.meta[key.strip()] = value.strip()
    yield article
