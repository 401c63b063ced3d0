"""JSON Lines: one article per line, {"text", "title"?, "date"?, "url"?, "source"?}.

`source` in a line names the outlet; the article's own source is its URL, or
`file:LINE` when it has none. A bad line is rejected on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..records import RawArticle
from .dates import set_stated_date
from .errors import Rejection


def read_jsonl(text: str, *, source: str, path: str) -> Iterator[RawArticle | Rejection]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            yield Rejection(where, f"not valid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(item, dict):
            yield Rejection(where, "a JSON Lines record must be an object")
            continue
        body = item.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Rejection(where, 'no "text" field with content')
            continue
        url = item.get("url") if isinstance(item.get("url"), str) else None
        article = RawArticle(
            source=url or where,
            path=where if not url else path,
            url=url,
            text=body.strip(),
            title=item.get("title") if isinstance(item.get("title"), str) else None,
            outlet=item.get("source") if isinstance(item.get("source"), str) else None,
            author=item.get("author") if isinstance(item.get("author"), str) else None,
            format="jsonl",
        )
        if item.get("fiction") is True:
            article.meta["fiction"] = True
        raw_date = item.get("date")
        set_stated_date(article, None if raw_date is None else str(raw_date))
        yield article
