"""`newsline watch DIR_OR_FEED_URL`: ingest what is new, look again every few seconds, until stopped.

A folder: files that are new or changed (size or modification time) since the last look, once
they have settled (unchanged for one look, or older than `SETTLE` seconds: a file still being
written is not stored half-written). A feed: a conditional GET (If-None-Match / If-Modified-Since
from the last answer), so an unchanged feed costs one 304; a body identical to the last one is
not read again. A failed fetch waits twice as long each time (up to `MAX_BACKOFF`, or longer
when the server's Retry-After says so) and the usual interval comes back after a success.

Each look that finds something runs one ingest (new articles stored and linked, as `newsline
ingest` does); the store skips what it has by content hash, so a restart re-reads but does not
re-analyse. Stopping (Ctrl-C, SIGINT) between or during looks loses nothing stored.
"""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from . import __version__
from .ingest import InputWarning, Rejection, iter_files

SETTLE = 1.0  # seconds a file must be left alone before it is read
MAX_BACKOFF = 3600.0
TIMEOUT = 30.0


@dataclass
class Look:
    """What one look found: `report` is the ingest's when something was new."""

    target: str
    report: Any = None
    error: str | None = None
    wait: float = 0.0  # seconds until the next look
    fetched: str = ""  # feeds: "200", "304" or "same" (a 200 with the body already read)


class FetchError(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class FolderSource:
    def __init__(self, folder: str):
        self.folder = Path(folder)
        self.seen: dict[str, tuple[int, int]] = {}  # path -> (size, mtime_ns) when last ingested
        self.last: dict[str, tuple[int, int]] = {}  # path -> the same at the last look

    def changed(self, now: float | None = None) -> list[str]:
        """Files new or changed since they were last ingested, and settled."""
        now = time.time() if now is None else now
        ready, looked = [], {}
        if not self.folder.is_dir():
            raise FetchError(f"{self.folder}: no such folder")
        for path in iter_files([self.folder]):
            if isinstance(path, InputWarning):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            key, sig = str(path), (stat.st_size, stat.st_mtime_ns)
            looked[key] = sig
            if self.seen.get(key) == sig:
                continue
            if self.last.get(key) == sig or now - stat.st_mtime >= SETTLE:
                ready.append(key)
        self.last = looked
        return ready

    def mark(self, paths: list[str]) -> None:
        for p in paths:
            if p in self.last:
                self.seen[p] = self.last[p]


@dataclass
class FeedSource:
    url: str
    etag: str | None = None
    modified: str | None = None
    body_hash: str | None = None
    fetches: list[str] = field(default_factory=list)

    def fetch(self) -> bytes | None:
        """The feed's body when it changed since the last fetch, else None."""
        headers = {"User-Agent": f"newsline/{__version__} (+watch)", "Accept": "application/rss+xml, "
                   "application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.modified:
            headers["If-Modified-Since"] = self.modified
        request = urllib.request.Request(self.url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                body = response.read()
                self.etag = response.headers.get("ETag") or self.etag
                self.modified = response.headers.get("Last-Modified") or self.modified
        except urllib.error.HTTPError as err:
            if err.code == 304:
                self.fetches.append("304")
                return None
            raise FetchError(f"HTTP {err.code} {err.reason}", retry_after(err.headers.get("Retry-After"))) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise FetchError(f"cannot fetch ({reason})") from None
        digest = hashlib.sha256(body).hexdigest()
        if digest == self.body_hash:
            self.fetches.append("same")
            return None
        self.body_hash = digest
        self.fetches.append("200")
        return body


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def is_feed_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


class Watcher:
    """Looks at one folder or feed and ingests what is new into `record` (a `newsline.Newsline`)."""

    def __init__(self, record, target: str, every: float = 60.0, **ingest_options: Any):
        self.record = record
        self.target = target
        self.every = every
        self.options = ingest_options
        self.failures = 0
        self.source = FeedSource(target) if is_feed_url(target) else FolderSource(target)

    def look(self) -> Look:
        """One look: ingest what changed. Never raises for a fetch or a folder problem (the Look says)."""
        look = Look(self.target)
        try:
            if isinstance(self.source, FeedSource):
                body = self.source.fetch()
                look.fetched = self.source.fetches[-1]
                if body is not None:
                    look.report = self._ingest(items=feed_items(body, self.target))
            else:
                paths = self.source.changed()
                if paths:
                    look.report = self._ingest(paths=paths)
                    self.source.mark(paths)
        except FetchError as err:
            self.failures += 1
            look.error = str(err)
            backoff = min(max(self.every, MAX_BACKOFF), self.every * 2 ** self.failures)
            look.wait = max(backoff, err.retry_after or 0.0)
            return look
        self.failures = 0
        look.wait = self.every
        return look

    def _ingest(self, paths: list[str] | None = None, items=None):
        try:
            return self.record.ingest(paths or [], items=items, **self.options)
        finally:
            self.record.store.release_writer()  # a failed ingest must not keep other writers waiting

    def run(self, *, on_look=None, looks: int | None = None) -> int:
        """Look, wait, look again; `looks` stops after that many (else only KeyboardInterrupt stops it).
        Returns the number of looks made."""
        made = 0
        while looks is None or made < looks:
            look = self.look()
            made += 1
            if on_look:
                on_look(look)
            if looks is not None and made >= looks:
                break
            time.sleep(look.wait)
        return made


def feed_items(body: bytes, url: str):
    """The feed's articles (sources are the items' links; an item without one is URL#item-N)."""
    from .ingest import file_dates
    from .ingest.errors import InputError
    from .ingest.feed import read_feed

    try:
        return list(file_dates(read_feed(body, source=url, path=url)))
    except InputError as err:
        return [Rejection(url, str(err))]


__all__ = ["Watcher", "Look", "FolderSource", "FeedSource", "is_feed_url", "SETTLE", "MAX_BACKOFF"]
