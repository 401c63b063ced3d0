"""An attribution as the parse gives it (cue, speaker token, content pieces) and the character
ranges its parts are read as: shared by the verb cues (cues.py) and the other shapes an
attribution takes (other_cues.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..components import doc_text

EMPTY_CONTENT = {"it", "this", "that", "them", "him", "her", "so", "nothing", "something", "anything", "much",
                 "more", "one", "these", "those", "otherwise", "yes", "no", "what", "which", "everything"}
MARKS = {"that", "whether", "if"}
PUNCT_EDGE = set(",;:.!?—–-") | {"“", "”", '"', "‘", "’", "'"}


@dataclass
class Attribution:
    cue: int  # token index of the cue word
    cue_text: str  # "said", "point out", "according to"
    cue_start: int
    cue_end: int
    subject: int | None  # token index of the speaker's head, None when the clause names nobody
    content: list[tuple[int, int]] = field(default_factory=list)  # character pieces of what was said
    addressee: int | None = None  # "told CNN": the token CNN
    according: bool = False
    sentence: int = -1  # index of the cue's sentence (doc.sents order)


def char_range(doc, first: int, last: int) -> tuple[int, int]:
    """Characters of tokens first..last (inclusive), trimmed of edge punctuation other than quote marks."""
    while first < last and doc[first].text in PUNCT_EDGE - {"“", '"', "‘"}:
        first += 1
    while last > first and doc[last].text in PUNCT_EDGE - {"”", '"', "’"}:
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def subtree_range(doc, token, *, drop_mark: bool = False) -> tuple[int, int]:
    first, last = token.left_edge.i, token.right_edge.i
    if drop_mark:
        while first < token.i and (doc[first].lower_ in MARKS and doc[first].dep_ == "mark" or doc[first].is_punct):
            first += 1
    return char_range(doc, first, last)


def minus(outer: tuple[int, int], inner: tuple[int, int]) -> list[tuple[int, int]]:
    pieces = []
    if inner[0] > outer[0]:
        pieces.append((outer[0], inner[0]))
    if inner[1] < outer[1]:
        pieces.append((inner[1], outer[1]))
    return pieces


def trim_pieces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in pieces:
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def word_count(doc, pieces: list[tuple[int, int]]) -> int:
    return sum(len(doc_text(doc)[s:e].split()) for s, e in pieces)
