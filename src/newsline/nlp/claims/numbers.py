"""Reading one number as written: digits with separators ("1,400", "2.5", "١٢٣"), number words
("twenty-six", "two hundred and fifty thousand", "a dozen"), scale words and suffixes ("14 billion",
"1.2m"). Returns None for what is not one well-formed number ("1,2,3,4", a 200-digit string)."""

from __future__ import annotations

import re
import unicodedata

from .rules import Vocabulary

GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")  # 1,400  12,000.5
PLAIN = re.compile(r"^\d+(?:\.\d+)?$")  # 1400  2.5  .5 is not written in news
DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}$")  # 1.400.000 (European grouping, unambiguous)
MAX_DIGITS = 18  # longer digit strings are serial numbers or junk, not figures


def ascii_digits(text: str) -> str:
    """Any script's decimal digits as ASCII ("١٢٣" -> "123"); other characters unchanged."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def read_digits(text: str) -> float | None:
    """'1,400' -> 1400.0; '2.5' -> 2.5; '1,2,3,4' -> None (not one number); too long -> None."""
    text = ascii_digits(text.replace("\u2212", "-"))
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None
    if GROUPED.match(text):
        value = float(text.replace(",", ""))
    elif PLAIN.match(text):
        value = float(text)
    elif DOTTED_THOUSANDS.match(text):
        value = float(text.replace(".", ""))
    else:
        return None
    return -value if negative else value


def read_words(words: list[str], vocab: Vocabulary) -> float | None:
    """Compose number words: ['two', 'hundred', 'and', 'fifty', 'thousand'] -> 250000.
    A sequence that is not one number ("two three", "million million") gives None."""
    words = [w.lower() for w in words if w.lower() not in ("and", "-")]
    if not words:
        return None
    if words[0] in vocab.raw["number_words"]["article"]:
        words = words[1:] or [""]
        if words[0] not in vocab.scales and words[0] not in ("hundred", "dozen", "score"):
            return None
        words = ["one"] + words
    total, current = 0, 0
    last_kind = None  # unit | ten | hundred | scale | dozen
    last_scale = float("inf")
    for word in words:
        value = vocab.word_values.get(word)
        if value is None:
            return None
        kind = ("scale" if word in vocab.scales else "hundred" if word == "hundred"
                else "dozen" if word in ("dozen", "score") else "ten" if value >= 20 else "unit")
        if kind in ("unit", "ten"):
            if last_kind == "unit" or (last_kind == "ten" and kind == "ten") or (kind == "ten" and last_kind == "unit"):
                return None  # "two three", "twenty thirty"
            if last_kind == "ten" and value >= 10:
                return None  # "twenty eleven"
            current += value
        elif kind == "hundred":
            if last_kind not in ("unit", "ten") or current >= 100:
                return None
            current *= 100
        elif kind == "dozen":
            current = (current or 1) * value
        else:  # thousand, million, ...
            if value >= last_scale or last_kind == "scale" and current == 0:
                return None  # "million million", "thousand million"
            total += (current or 1) * value
            current = 0
            last_scale = value
        last_kind = kind
    return float(total + current)


def apply_scale(value: float, scale: str | None, vocab: Vocabulary) -> float:
    if not scale:
        return value
    factor = vocab.scales.get(scale.lower()) or vocab.suffixes.get(scale.lower()) or 1
    return value * factor
