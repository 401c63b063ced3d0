"""Text out of small HTML fragments (feed items), keeping paragraph breaks."""

from __future__ import annotations

import html as html_lib
import re

BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr|section|article)\s*>|<br\s*/?>", re.I)
DROP = re.compile(r"<(script|style|noscript|iframe|object|template)\b.*?</\1\s*>", re.I | re.S)
TAG = re.compile(r"<[^>]*>", re.S)
BLANKS = re.compile(r"\n[ \t]*\n\s*")
SPACES = re.compile(r"[ \t\r\f\v]+")


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: scripts dropped, tags removed, entities decoded."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    text = DROP.sub(" ", fragment)
    text = BLOCK_END.sub("\n\n", text)
    text = TAG.sub(" ", text)
    text = html_lib.unescape(text)
    text = "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return BLANKS.sub("\n\n", text).strip()
