"""Bytes to text, refusing what is not text with a reason a user can act on."""

from __future__ import annotations

import codecs

from .errors import InputError

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean this is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Decode `data` as UTF-8 (or the BOM's encoding, or `encoding` when given).

    A file that is not valid UTF-8 is refused rather than guessed at, because a
    wrong guess silently corrupts names and quotes; the message names the
    likely encoding so the user can pass --encoding.
    """
    if not data.strip():
        raise InputError("empty file")
    for bom, name in BOMS:
        if data.startswith(bom):
            encoding = encoding or name
            break
    if encoding is None and looks_binary(data):
        raise InputError("binary file, not text, HTML, a feed, JSON or CSV")
    try:
        text = data.decode(encoding or "utf-8")
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as err:
        guess = guess_encoding(data)
        hint = f"; it looks like {guess}: re-save it as UTF-8 or pass --encoding {guess}" if guess else ""
        raise InputError(
            f"not valid {encoding or 'UTF-8'} (byte 0x{data[err.start]:02X} at offset {err.start}){hint}"
        ) from None
    if not text.strip():
        raise InputError("empty file")
    return text


def guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None
