"""Quotation marks: pair openers with closers, the way a careful reader would.

News text is not tidy. Straight marks say nothing about direction; curly marks are
sometimes typed the wrong way round ("ran,“ said Marta", a curly opener closing a
quote); a quotation that runs over several paragraphs leaves each paragraph open and
reopens the next one; single marks nest inside double ones and double as apostrophes.
So a mark's role comes from what stands either side of it (like Markdown's flanking
rules), the glyph only breaking ties, and pairing is one linear pass per paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..components import doc_text

OPENERS = {"“": "open", "„": "open", "«": "open", "``": "open"}
CLOSERS = {"”": "close", "»": "close", "''": "close"}
STRAIGHT = '"'
SINGLE_OPEN, SINGLE_CLOSE, SINGLE_STRAIGHT = "‘", "’", "'"
OPEN_BEFORE = set("([{—–-/") | {"“", "‘", '"', "'"}
CLOSE_AFTER = set(".,;:!?)]}—–-…") | {"”", "’", '"', "'"}


@dataclass
class QuotedSpan:
    """Words between quotation marks: `start`/`end` are the content's offsets (marks excluded)."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark (== end when the quote ran to a paragraph's end unclosed)
    paragraphs: int = 1  # > 1: the quote ran over several paragraphs (each reopened)
    broken: bool = False  # closed by a mark that is an opener's glyph (“…,“ said)
    unclosed: bool = False  # no closing mark at all (the paragraph's end closed it)
    nested: list[tuple[int, int]] = field(default_factory=list)  # single-quoted spans inside (content offsets)


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def mark_role(text: str, i: int, mark: str) -> str:
    """'open', 'close' or 'either' for the double mark `mark` at offset `i`."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + len(mark)] if i + len(mark) < len(text) else ""
    can_open = not _is_space(after) and (_is_space(before) or before in OPEN_BEFORE)
    can_close = not _is_space(before) and (_is_space(after) or after in CLOSE_AFTER)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if mark in OPENERS:
        return "open"
    if mark in CLOSERS:
        return "close"
    return "either"


def double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str, str]]:
    """(offset, mark, role) of every double quotation mark in text[lo:hi]."""
    found = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch in "“”„«»\"":
            if ch == STRAIGHT and i > 0 and text[i - 1] == "=":  # markup left in the text: id="..."
                close = text.find('"', i + 1, min(hi, i + 200))
                if close > 0:
                    i = close + 1
                    continue
            found.append((i, ch, mark_role(text, i, ch)))
        elif ch in "`'" and text.startswith(ch * 2, i):  # ``PTB-style'' marks
            found.append((i, ch * 2, mark_role(text, i, ch * 2)))
            i += 1
        i += 1
    return found


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, or between line breaks that follow
    a sentence's end (hard-wrapped prose keeps its single line breaks inside a paragraph)."""
    spans = []
    start = None
    offset = last_end = 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        if not stripped.strip():
            if start is not None:
                spans.append((start, last_end))
                start = None
        else:
            if start is None:
                start = offset + (len(line) - len(line.lstrip()))
            last_end = offset + len(stripped)
            if stripped[-1] in ".!?:\"”’»":
                spans.append((start, last_end))
                start = None
        offset += len(line) + 1
    if start is not None:
        spans.append((start, last_end))
    return spans


def _first_char(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def quoted_spans_of(doc) -> list[QuotedSpan]:
    """`quoted_spans` of a spaCy doc's text, worked out once per doc."""
    spans = doc.user_data.get("newsline_quoted_spans")
    if spans is None:
        spans = doc.user_data["newsline_quoted_spans"] = quoted_spans(doc_text(doc))
    return spans


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every double-quoted passage in `text`, in order, with the single-quoted passages nested in it.

    A quote left open at a paragraph's end goes on in the next paragraph when that one opens
    with a quotation mark (the convention for a quotation over several paragraphs). Left open
    and not continued, it is kept up to the paragraph's end only when it opened the paragraph;
    a stray mark inside a paragraph opens nothing."""
    out: list[QuotedSpan] = []
    carry: QuotedSpan | None = None  # a quote left open at the end of the previous paragraph
    carry_opened_paragraph = False
    for p_start, p_end in paragraphs(text):
        marks = double_marks(text, p_start, p_end)
        first = _first_char(text, p_start, p_end)
        opens_with_mark = bool(marks) and marks[0][0] == first and marks[0][2] != "close"
        if carry is not None and not opens_with_mark:
            if carry_opened_paragraph or carry.paragraphs > 1:
                out.append(carry)
            carry = None
        open_at: tuple[int, str] | None = None
        for pos, mark, role in marks:
            if open_at is None or role == "open":
                if role != "close":
                    open_at = (pos, mark)  # a second opener while open: the first one never closed
                continue
            if carry is not None:
                carry.end = carry.close_mark = pos
                carry.paragraphs += 1
                carry.broken = mark in OPENERS
                carry.unclosed = False
                out.append(carry)
                carry = None
            else:
                out.append(QuotedSpan(open_at[0] + len(open_at[1]), pos, open_at[0], pos, broken=mark in OPENERS))
            open_at = None
        if open_at is None:
            continue
        end = p_end
        while end > open_at[0] and text[end - 1].isspace():
            end -= 1
        if carry is not None:  # a third (fourth...) paragraph of the same quote
            carry.end = carry.close_mark = end
            carry.paragraphs += 1
        else:
            carry = QuotedSpan(open_at[0] + len(open_at[1]), end, open_at[0], end, unclosed=True)
            carry_opened_paragraph = open_at[0] == first
    if carry is not None and (carry_opened_paragraph or carry.paragraphs > 1):
        out.append(carry)
    out.sort(key=lambda s: s.start)
    for span in out:
        span.nested = single_quoted(text, span.start, span.end)
    return [s for s in out if s.end > s.start and text[s.start:s.end].strip()]


def single_quoted(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Single-quoted passages inside text[lo:hi]: an opener after a space or a double mark, a closer
    before a space or punctuation; an apostrophe inside a word ("we’ve") is neither."""
    found = []
    open_at = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in (SINGLE_OPEN, SINGLE_CLOSE, SINGLE_STRAIGHT):
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isalnum() and after.isalnum():
            continue  # an apostrophe: don't, we’ve
        can_open = (i == lo or _is_space(before) or before in OPEN_BEFORE) and not _is_space(after) and ch != SINGLE_CLOSE
        can_close = not _is_space(before) and (_is_space(after) or after in CLOSE_AFTER or i + 1 == hi)
        if open_at is None:
            if can_open:
                open_at = i
        elif can_close and ch != SINGLE_OPEN:
            if i > open_at + 1:
                found.append((open_at + 1, i))
            open_at = None
    return found
