"""RSS and Atom feeds: one article per item, via feedparser.

A truncated or malformed feed still yields the items that parsed, with a
warning; a feed with no items is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..records import RawArticle
from .dates import set_stated_date, struct_time_to_iso
from .errors import InputError, Rejection
from .markup import fragment_to_text


def read_feed(data: bytes, *, source: str, path: str) -> Iterator[RawArticle | Rejection]:
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.entries
    if not entries:
        reason = "feed with no items"
        if parsed.bozo:
            reason += f" (malformed: {parsed.bozo_exception})"
        raise InputError(reason)
    outlet = parsed.feed.get("title")
    complete = len(entries)
    for number, entry in enumerate(entries, 1):
        item_source = entry.get("link") or f"{source}#item-{number}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        body = body or entry.get("summary", "") or ""
        text = fragment_to_text(body)
        if not text:
            if parsed.bozo and number == len(entries):
                complete -= 1  # the item the feed breaks off in: the truncation line below says so
            else:
                yield Rejection(f"{source}#item-{number}", "feed item with no text")
            continue
        article = RawArticle(
            source=item_source,
            path=path,
            url=entry.get("link"),
            text=text,
            title=fragment_to_text(entry.get("title", "")) or None,
            author=entry.get("author"),
            outlet=outlet,
            format="feed",
        )
        raw_date = entry.get("published") or entry.get("updated")
        parsed_struct = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed_struct:  # feedparser has already read the RFC 822 date
            article.stated_date_raw, article.stated_date = raw_date, struct_time_to_iso(parsed_struct)
        else:
            set_stated_date(article, raw_date)
        if entry.get("newsline_fiction") or "fiction" in str(entry.get("tags", "")).lower():
            article.meta["fiction"] = True
        yield article
    if parsed.bozo:
        yield Rejection(source, f"feed is malformed or truncated after item {complete}: {parsed.bozo_exception}")
