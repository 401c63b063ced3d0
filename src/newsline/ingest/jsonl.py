"""JSON Lines: one article per line (fields: see `fields`). A bad line is rejected on its own,
named `file:LINE`."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..records import RawArticle
from .errors import Rejection
from .fields import article_from_fields


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
        yield article_from_fields(item, where=where, path=path, fmt="jsonl")
