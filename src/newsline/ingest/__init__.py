"""Ingest: files and folders in, `RawArticle`s (or `Rejection`s with a reason) out.

Each reader handles one format; `read_paths` walks folders, applies the size
limit, picks the reader by extension (or by sniffing the content), and turns
every failure into a `Rejection` so the run goes on with the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import RawArticle
from .decode import decode_text, looks_binary
from .errors import InputError, Rejection
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text

__all__ = ["read_paths", "read_file", "Rejection", "RawArticle", "DEFAULT_MAX_BYTES", "FORMATS"]

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
}


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and files in folders (walked recursively in sorted order, hidden entries
    skipped, only known extensions taken). A named file of unknown extension is sniffed."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in FORMATS:
                        yield Path(root) / name
        else:
            yield path


def sniff_format(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return "feed"
    if head.startswith((b"<rss", b"<feed")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
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
            yield from read_feed(data, source=source, path=source)
        elif kind == "html":
            yield from read_html(decode_html(data, encoding), source=source, path=source)
        elif kind == "jsonl":
            yield from read_jsonl(decode_text(data, encoding), source=source, path=source)
        else:
            yield from read_text(decode_text(data, encoding), source=source, path=source, markdown=kind == "markdown")
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
        yield from read_file(path, max_bytes=max_bytes, encoding=encoding)
