"""Where an article is inside a direct quotation: someone's words, not the report's.

The same reading as the time-expression tagger's (`nlp.timex._in_quotation`): curly and
``PTB'' marks open and close, a straight double quote toggles, single quotes are left alone
(apostrophes as often as not), and a paragraph break ends any quotation. It is worked out once
per article in one pass over the quote marks, not once per word (the per-word scan back to the
paragraph start, with `doc.text` rebuilt each time, cost more than the rest of the stage).
"""

from __future__ import annotations

import bisect
import re

MARKS = re.compile(r"\n\n|``|''|[“”\"]")
REACH = 1500  # a quotation left open longer than this is taken to have closed unmarked


class Quotations:
    def __init__(self, text: str):
        starts: list[int] = []
        ends: list[int] = []
        opened: int | None = None

        def close(at: int) -> None:
            nonlocal opened
            if opened is not None:
                starts.append(opened)
                ends.append(min(at, opened + REACH))
                opened = None

        for m in MARKS.finditer(text):
            mark = m.group()
            if mark in ("\n\n", "''", "”"):
                close(m.start())
            elif mark in ("``", "“"):
                if opened is None:
                    opened = m.end()
            elif opened is None:  # a straight quote toggles
                opened = m.end()
            else:
                close(m.start())
        close(len(text))
        self.starts, self.ends = starts, ends

    def inside(self, offset: int) -> bool:
        """Is the character at `offset` within a quotation opened before it?"""
        k = bisect.bisect_right(self.starts, offset) - 1
        return k >= 0 and offset <= self.ends[k]
