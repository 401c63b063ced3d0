"""A month name that is not a month: "Theresa May", "Ethel May Weiss", "Mrs May told MPs", "May said",
the modal "May the relief reach them soon".

With a parse, what spaCy already found decides: the word sits in a person's (or an organisation's, a
work's) name, is tagged as a modal, or is the subject of a verb people do (say, tell, meet, resign).
Without one, the words around it decide: a capitalised word before it that is not a preposition or a
sentence start ("Robert May"), a verb of speech after it ("May said"), or, at a sentence start, the
words that follow the modal ("May God ...").
"""

from __future__ import annotations

import re
from typing import Any

_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+([A-Za-z][\w'’-]*)")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]?\s+|\n\s*|[\"“‘]\s*)$")


class MonthNameWords:
    """The `month_names:` section of `rules/<lang>.yaml`."""

    def __init__(self, data: dict[str, Any]):
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or ())

        self.name_labels = frozenset(str(w) for w in data.get("name_labels") or ())
        self.month_preps = words("month_preps")
        self.person_verbs = words("person_verbs")
        self.said_words = words("said_words")
        self.modal_next = words("modal_next")
        self.not_names = words("not_names")


def not_a_month(text: str, start: int, end: int, doc: Any, words: MonthNameWords) -> bool:
    """Is the month name at [start, end) a name or a modal rather than a month?"""
    if doc is not None:
        return _by_parse(doc, start, end, words)
    return _by_words(text, start, end, words)


def _by_parse(doc: Any, start: int, end: int, words: MonthNameWords) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span[-1]  # "early May": the month is the last word
    if tok.tag_ == "MD":
        return True
    by_prep = tok.dep_ == "pobj" and tok.head.lower_ in words.month_preps or any(
        t.lower_ in words.month_preps for t in doc[max(0, span.start - 1):span.start])
    if by_prep:
        return False
    if tok.ent_type_ in words.name_labels:
        return True
    # "Theresa May", "Robert May" (a first name joined to it), "Ethel May Weiss", "April Ryan" (joined
    # to a surname after it): the parse makes it part of a proper name even when NER misses the person
    if any(c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS") and c.i < tok.i and c.lower_ not in words.not_names
           for c in tok.children):
        return True
    if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.tag_ in ("NNP", "NNPS") \
            and tok.head.lower_ not in words.not_names:
        return True
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in words.person_verbs


def _by_words(text: str, start: int, end: int, words: MonthNameWords) -> bool:
    before = text[max(0, start - 40):start]
    after = _WORD_AFTER.match(text[end:end + 30])
    nxt = after.group(1).lower() if after else ""
    if _SENTENCE_START.search(before):
        return nxt in words.modal_next or nxt in words.said_words
    if nxt in words.said_words:
        return True
    prev = _WORD_BEFORE.search(before)
    return prev is not None and prev.group(1)[0].isupper() and prev.group(1).lower() not in words.not_names
