"""Long texts in pieces: the statistical pipes never see more than a bounded stretch of text.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters), and the parser's and NER's
working memory grows with the length of the Doc they are given. So the model's pipes read an
article in paragraph-aligned pieces of at most `PIECE_CHARS` characters, and the pieces are joined
back into one Doc whose text is the article's text, character for character: every offset that
the rule components and the records compute is an offset into the article. Most news articles are
one piece (a piece is about the length of a long news story, so a batch of them through the model
weighs what a batch of articles does), and are never copied.
"""

from __future__ import annotations

PIECE_CHARS = 5_000
# where to cut, best first: after a blank line, a line break, a sentence end, a space
CUTS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Pieces whose concatenation is `text`, each at most `limit` characters, cut at the last
    paragraph break before the limit (else a line break, a sentence end, a space; a run with none
    of them is cut at the limit)."""
    if len(text) <= limit:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for separator in CUTS:
            at = text.rfind(separator, start + limit // 4, window_end - len(separator) + 1)
            if at >= 0:
                cut = at + len(separator)
                break
        if cut <= start:
            cut = window_end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def join_docs(docs: list):
    """One Doc from the parsed pieces of one text (sentences, parse and entities kept). The
    pieces' tensors and extension data are dropped: newsline's rule components run on the joined
    Doc afterwards, and nothing reads the tensor."""
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
