"""Ingest: files and folders in, `RawArticle`s (or `Rejection`s with a reason) out.

Each reader handles one format; `read_paths` walks folders, applies the size
limit, picks the reader, and turns every failure into a `Rejection` so the run
goes on with the rest.

Which files are read is one rule, for files named and files found in a folder
alike: a known extension (`FORMATS`) is read in that format; a file with no
extension is sniffed (feed, HTML, JSON, JSON Lines, CSV with a `text` column,
else text); any other extension is skipped with a warning naming it. Hidden
files and folders (".git", ".DS_Store") in a folder are passed over silently.
A folder with nothing to read is a warning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import RawArticle
from .csvfile import csv_columns, read_csv
from .dates import set_stated_date, settle_by_file_order
from .decode import decode_text, looks_binary
from .errors import InputError, InputWarning, Rejection
from .feed import read_feed
from .headers import top_of_text
from .html import read_html
from .jsondoc import read_json
from .jsonl import read_jsonl
from .text import read_text

__all__ = ["read_paths", "read_file", "Rejection", "InputWarning", "RawArticle", "DEFAULT_MAX_BYTES", "FORMATS"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}


def file_rule(path: Path) -> str | None:
    """None when the file is read (by its extension's format, or sniffed when it has none), else
    why it is skipped."""
    suffix = path.suffix.lower()
    if not suffix or suffix in FORMATS:
        return None
    return f"skipped: not a format newsline reads ({suffix})"


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | InputWarning]:
    """Files named, and files in folders (walked recursively in sorted order, hidden entries
    passed over); a file the rule skips, or a folder with nothing to read, is an InputWarning."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = skipped = 0
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    reason = file_rule(file)
                    if reason:
                        skipped += 1
                        yield InputWarning(str(file), reason)
                    else:
                        found += 1
                        yield file
            if not found:
                what = f"only {skipped} file(s) of formats it does not read" if skipped else "no files"
                yield InputWarning(str(path), f"nothing to read in this folder ({what})")
        elif path.exists() and file_rule(path):
            yield InputWarning(str(path), file_rule(path))
        else:
            yield path


def sniff_format(data: bytes) -> str:
    """The format of a file with no extension, from its first bytes."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return "feed"
    if head.startswith((b"<rss", b"<feed")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        first_line = head.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") else "json"
    if b"text" in head.split(b"\n", 1)[0] and csv_columns(data[:2048].decode("utf-8", "replace")):
        return "csv"
    return "text"


def read_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
) -> Iterator[RawArticle | Rejection]:
    """Read one file into articles; every problem becomes a Rejection naming the file."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit (--max-bytes)")
        data = path.read_bytes()
        if not data.strip():
            raise InputError("empty file")
        kind = FORMATS.get(path.suffix.lower()) or sniff_format(data)
        if kind == "feed":
            if looks_binary(data):
                raise InputError("binary file, not a feed")
            yield from file_dates(read_feed(data, source=source, path=source))
        elif kind == "html":
            yield from file_dates(read_html(decode_html(data, encoding), source=source, path=source))
        elif kind == "jsonl":
            yield from file_dates(read_jsonl(decode_text(data, encoding), source=source, path=source))
        elif kind == "json":
            yield from file_dates(read_json(decode_text(data, encoding), source=source, path=source))
        elif kind == "csv":
            yield from file_dates(read_csv(decode_text(data, encoding), source=source, path=source))
        else:
            yield from file_dates(read_text(decode_text(data, encoding), source=source, path=source,
                                            markdown=kind == "markdown"), scan_text=False)
    except InputError as err:
        yield Rejection(source, str(err))
    except FileNotFoundError:
        yield Rejection(source, "no such file or folder")
    except PermissionError:
        yield Rejection(source, "permission denied")
    except IsADirectoryError:
        yield Rejection(source, "is a folder")
    except Exception as err:  # a reader bug must not stop the run: report it against the file
        yield Rejection(source, f"could not be read ({type(err).__name__}: {err})")


def file_dates(items: Iterable[RawArticle | Rejection], *, scan_text: bool = True) -> Iterator[RawArticle | Rejection]:
    """The dates of one file's articles. An article whose fields give no date takes the one the top of
    its text states (a Published or Date: line, a dateline; see `headers`), the text left as given
    (`scan_text`: text and Markdown readers have done this themselves). Ambiguous numeric dates are
    read in the order the file's other dates show, when they all show one (`settle_by_file_order`)."""
    collected: list[RawArticle | Rejection] = []
    failure = None
    try:
        collected.extend(items)
    except Exception as err:  # the articles read before a failure are still the file's: keep them
        failure = err
    items = collected
    articles = [item for item in items if isinstance(item, RawArticle)]
    for article in articles:
        if scan_text and not article.stated_date_raw:
            top = top_of_text(article.text)
            if top.date_raw:
                set_stated_date(article, top.date_raw, written=top.date_written)
                article.meta["stated_date_from"] = f"{top.date_from} in the text"
                article.meta["date_stated_by_publisher"] = True
    settle_by_file_order(articles)
    yield from items
    if failure is not None:
        raise failure


def decode_html(data: bytes, encoding: str | None) -> str:
    """HTML may declare its charset; honour a declared one before insisting on UTF-8."""
    if encoding is None:
        m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
        if m:
            encoding = m.group(1).decode("ascii").lower()
            if encoding in ("utf-8", "utf8"):
                encoding = None
    return decode_text(data, encoding)


def read_paths(
    paths: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
) -> Iterator[RawArticle | Rejection]:
    for path in iter_files(paths):
        if isinstance(path, InputWarning):
            yield path
        else:
            yield from read_file(path, max_bytes=max_bytes, encoding=encoding)
