"""Plain text and Markdown reports.

The top of the text says when it was published and by whom (`headers`: the ` date YYYY-MM-DD`
token, YAML front matter, `Date:` / `Published` / `Updated` lines, a wire dateline); header lines
and front matter are metadata and leave the text. A first short line that does not end like a
sentence is taken as the title; a Markdown `# Heading` always is. The title line stays in the
text: headlines carry claims and forecasts too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import RawArticle
from .dates import set_stated_date
from .errors import InputWarning
from .headers import read_header

MD_TITLE = re.compile(r"^#{1,2}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
TITLE_MAX_CHARS = 140


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


def read_text(text: str, *, source: str, path: str, markdown: bool) -> Iterator[RawArticle | InputWarning]:
    header = read_header(text)
    body = header.body
    meta: dict[str, str] = {}
    comment = META_COMMENT.search(body)
    if comment:  # <!-- newsline: outlet=...; fiction=true --> is metadata, not article text
        for item in comment.group(1).split(";"):
            key, _, value = item.partition("=")
            if key.strip() and value.strip():
                meta[key.strip()] = value.strip()
        body = body[: comment.start()] + body[comment.end():]
    fields = {**header.fields, **meta}
    article = RawArticle(source=source, path=path, text=body.strip("\n"), format="markdown" if markdown else "text")
    article.title = fields.pop("title", None) or guess_title(article.text, markdown)
    article.outlet = fields.pop("outlet", None)
    article.author = fields.pop("author", None)
    article.url = fields.pop("url", None)
    if fields.pop("fiction", "").lower() == "true":
        article.meta["fiction"] = True
    article.meta.update(fields)  # locale, and the comment's other keys
    if header.front_matter:
        article.meta["front_matter"] = header.front_matter
    for problem in header.problems:
        yield InputWarning(source, problem)
    set_stated_date(article, header.date_raw, written=header.date_written)
    if header.date_from and header.date_from != "date token":
        article.meta["stated_date_from"] = header.date_from
        if header.updated_raw and header.updated_raw != header.date_raw:
            article.meta["updated_date_raw"] = header.updated_raw
    yield article
