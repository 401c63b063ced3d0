"""JSON files: one article object ({"text": ...}), a list of them, or {"articles": [...]}.

Fields as in `fields`. An item of a list is named `file#item-N`; a bad item is rejected alone. A
`.json` file that is really JSON Lines (one object per line) is read as such.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..records import RawArticle
from .errors import InputError, Rejection
from .fields import article_from_fields
from .jsonl import read_jsonl

SHAPES = 'newsline reads {"text": ...}, a list of such objects, or {"articles": [...]}'


def read_json(text: str, *, source: str, path: str) -> Iterator[RawArticle | Rejection]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{") and "\n" in text.strip():
            yield from read_jsonl(text, source=source, path=path)  # JSON Lines under a .json name
            return
        raise InputError(f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list) and "text" not in data:
        data = data["articles"]
    if isinstance(data, dict):
        if not isinstance(data.get("text"), str):
            keys = ", ".join(list(map(str, data))[:6]) or "none"
            raise InputError(f'a JSON object with no "text" field (keys: {keys}) is not an article; {SHAPES}')
        article = article_from_fields(data, where=source, path=path, fmt="json")
        if isinstance(article, Rejection):
            raise InputError(article.reason)
        yield article
        return
    if not isinstance(data, list):
        raise InputError(f"JSON {type(data).__name__} is not an article; {SHAPES}")
    if not data:
        raise InputError("a JSON list with no articles")
    for number, item in enumerate(data, 1):
        where = f"{source}#item-{number}"
        if not isinstance(item, dict):
            yield Rejection(where, f"a JSON {type(item).__name__}, not an article object")
            continue
        yield article_from_fields(item, where=where, path=path, fmt="json")
