"""One article from a record of named fields: a JSON object, a JSON Lines line, a CSV row.

Fields: `text` (required), `title`, `date`, `url`, `source` (the outlet; `outlet` also works),
`author` (a string or a list of strings), `locale` (how the outlet writes dates, e.g. "en-GB"),
`fiction` (true). The article's own source is its URL, or `where` ("file:LINE", "file#item-N")
when it has none.
"""

from __future__ import annotations

from typing import Any

from ..records import RawArticle
from .dates import set_stated_date
from .errors import Rejection


def text_field(item: dict, name: str) -> str | None:
    value = item.get(name)
    if isinstance(value, list) and name == "author":
        value = ", ".join(v for v in value if isinstance(v, str)) or None
    if not isinstance(value, str):
        return None
    return value.strip() or None


def article_from_fields(item: dict[str, Any], *, where: str, path: str, fmt: str) -> RawArticle | Rejection:
    body = item.get("text")
    if not isinstance(body, str) or not body.strip():
        return Rejection(where, 'no "text" field with content')
    url = text_field(item, "url")
    article = RawArticle(
        source=url or where,
        path=where if not url else path,
        url=url,
        text=body.strip(),
        title=text_field(item, "title"),
        outlet=text_field(item, "source") or text_field(item, "outlet"),
        author=text_field(item, "author"),
        format=fmt,
    )
    locale = text_field(item, "locale")
    if locale:
        article.meta["locale"] = locale
    if item.get("fiction") is True or str(item.get("fiction", "")).lower() == "true":
        article.meta["fiction"] = True
    raw_date = item.get("date")
    if isinstance(raw_date, bool) or isinstance(raw_date, (dict, list)):
        article.warnings.append(f"date {raw_date!r} is not a date")
    else:
        set_stated_date(article, None if raw_date is None or raw_date == "" else str(raw_date))
    return article
