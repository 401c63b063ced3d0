"""Finding figures in text: a number (digits, words, a vague plural, a fraction) with what is
written around it: currency, scale, unit, qualifier, a range's other end.

Pure text work with compiled regular expressions; every lookaround is bounded, so the time is
linear in the text (a 10,000-number table costs 10,000 small matches). Syntax (the counted thing,
the source, change) is added afterwards from the parse, in `component`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .numbers import apply_scale, read_digits, read_words
from .rules import Vocabulary, alternation, vocabulary

WINDOW = 48  # characters looked at on either side of a number


@dataclass
class Figure:
    start: int  # the figure as written, qualifier to unit ("at least 220", "€2.3 billion")
    end: int
    text: str
    value: float | list[float]
    number_start: int  # the number itself, for the parse
    number_end: int
    unit: str | None = None
    qualifier: str | None = None
    vague: bool = False  # "hundreds of homes": a range read from a word
    share: bool = False  # a fraction ("half"): value in percent
    kind: str = "level"  # level | change
    direction: str | None = None  # up | down
    what: str | None = None
    what_key: str | None = None
    subject: str | None = None
    source: str | None = None
    source_is_pronoun: bool = False
    tokens: tuple[int, int] = (-1, -1)  # token indices [start, end) of the figure as written
    root: int = -1  # the token through which the figure hangs in the parse
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Patterns:
    core: re.Pattern
    currency_before: re.Pattern
    qualifier_before: re.Pattern
    between_before: re.Pattern
    scale_after: re.Pattern
    unit_after: re.Pattern
    currency_after: re.Pattern
    qualifier_after: re.Pattern
    connector: re.Pattern
    label_before: re.Pattern
    phone: re.Pattern


@functools.lru_cache(maxsize=4)
def patterns(lang: str = "en") -> Patterns:
    v = vocabulary(lang)
    words = [w for w in v.word_values]
    word = rf"(?:{alternation(words)})"
    article = alternation(v.raw["number_words"]["article"])
    vague = alternation(v.vague)
    fractions = alternation(v.fractions)
    core = (  # the lookahead first: most positions are inside a word, and it fails there at once
        r"(?=[-\u2212\d]|\b[^\W\d_])(?:"
        r"(?P<digits>(?<![\w.,:/])(?<![^\W\d_]-)[-\u2212]?\d(?:[\d,.]{0,40}\d)?(?P<suffix>[^\W\d_]{1,4})?(?![\w]|[:.,]\d))"
        rf"|(?P<words>\b(?:(?:{article})\s+)?{word}(?:(?:\s+and\s+|\s+|-){word}){{0,8}}\b)"
        rf"|(?P<aunit>\b(?:a|an)(?=\s+(?:{alternation(v.unit_of)})\b))"
        rf"|(?P<vague>\b(?:{vague})(?:\s+of\s+(?:thousands|millions|billions))?\b)"
        rf"|(?P<fraction>\b(?:{fractions})\b(?=\s+of\b)|(?<=\bby\s)(?:{fractions})\b))"
    )
    symbols = sorted(v.currency_symbols, key=len, reverse=True)
    symbol_re = "|".join(re.escape(s) for s in symbols)
    codes = "|".join(sorted(v.currency_codes))
    units = alternation(v.unit_of)
    return Patterns(
        core=re.compile(core, re.I),
        currency_before=re.compile(rf"(?:(?<![\w$])(?P<sym>{symbol_re})|\b(?P<code>{codes}))\s?$"),
        qualifier_before=re.compile(rf"\b(?P<q>{v.qualifier_re})\s+(?:of\s+)?$", re.I),
        between_before=re.compile(r"\b(?:between|from)\s+$", re.I),
        scale_after=re.compile(r"^\s+(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b", re.I),
        unit_after=re.compile(rf"^(?:\s?-\s?|\s?)(?P<unit>{units})(?![^\W\d_])", re.I),
        currency_after=re.compile(rf"^\s+(?P<word>{alternation(v.currency_word_of)})\b|^\s?(?P<code>{codes})\b", re.I),
        qualifier_after=re.compile(rf"^\s?(?P<q>{alternation(v.qualifier_after_of)})\b", re.I),
        connector=re.compile(r"^\s*(?P<c>-|–|—|to|and)\s*", re.I),
        label_before=re.compile(rf"\b(?:{alternation(v.label_words)})\s*$", re.I),
        phone=re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}"),
    )


@dataclass
class _Core:
    start: int
    end: int
    value: float | None
    low: float | None = None  # vague plural / fraction: [low, high]
    high: float | None = None
    kind: str = "digits"  # digits | words | vague | fraction
    scale: str | None = None
    unit: str | None = None


def find_figures(text: str, lang: str = "en") -> list[Figure]:
    """Every figure in `text`, in order, with character offsets."""
    v = vocabulary(lang)
    p = patterns(lang)
    cores = [c for c in (_read_core(m, text, v) for m in p.core.finditer(text))
             if c is not None and not _scale_of_previous(text, c, v)]
    figures: list[Figure] = []
    i = 0
    last_end = 0
    while i < len(cores):
        core = cores[i]
        if core.start < last_end:  # already read as part of the figure before
            i += 1
            continue
        nxt = cores[i + 1] if i + 1 < len(cores) else None
        figure, used = _build(text, core, nxt, v, p)
        if figure is not None:
            figures.append(figure)
            last_end = figure.end
        i += used
    return figures


def _scale_of_previous(text: str, core: "_Core", v: Vocabulary) -> bool:
    """'million' in '14 million' is the scale of 14, not a number of its own."""
    word = text[core.start: core.end].lower()
    return core.kind == "words" and word in v.scales and re.search(r"\d\s*$", text[max(0, core.start - 4): core.start])


def _read_core(m: re.Match, text: str, v: Vocabulary) -> _Core | None:
    if m.group("digits"):
        raw = m.group("digits")
        suffix = m.group("suffix")
        number = raw[: len(raw) - len(suffix)] if suffix else raw
        core = _Core(m.start(), m.end(), read_digits(number), kind="digits")
        if suffix:
            low = suffix.lower()
            if low in ("st", "nd", "rd", "th"):
                return None  # an ordinal: "4th Engineer Brigade"
            if low in v.suffixes:
                core.scale = low
            elif low in v.unit_of:
                core.unit = v.unit_of[low]
            else:
                return None  # "A320neo", "737MAX": part of a name
        return core if core.value is not None else None
    if m.group("aunit"):
        return _Core(m.start(), m.end(), 1.0, kind="aunit")
    if m.group("words"):
        tokens = re.findall(r"[^\W\d_]+", m.group("words"))
        value = read_words(tokens, v)
        if value is None:
            return None
        return _Core(m.start(), m.end(), value, kind="words")
    if m.group("vague"):
        phrase = " ".join(m.group("vague").lower().split())
        first, _, second = phrase.partition(" of ")
        low, high = v.vague[first]
        if second:  # "hundreds of thousands" -> [100 000, 999 999]
            unit = v.word_values[second.rstrip("s")]
            low, high = low * unit, (high + 1) * unit - 1
        elif first == "tens":
            return None  # bare "tens" is not a quantity in news prose
        return _Core(m.start(), m.end(), None, low, high, kind="vague")
    phrase = " ".join(m.group("fraction").lower().split())
    return _Core(m.start(), m.end(), v.fractions[phrase], kind="fraction")


def _build(text: str, core: _Core, nxt: _Core | None, v: Vocabulary, p: Patterns) -> tuple[Figure | None, int]:
    """Extend one number to the figure around it; a range consumes the next number too."""
    start, end = core.start, core.end
    left = text[max(0, start - WINDOW): start]
    if p.phone.fullmatch(_run_around(text, start, end)) and _looks_like_phone(_run_around(text, start, end)):
        return None, 1
    if core.kind == "digits" and p.label_before.search(left):
        return None, 1
    unit = core.unit
    value = core.value
    scale = core.scale
    right = text[end: end + WINDOW]
    if not scale and core.kind in ("digits", "words"):  # "aunit" reads no scale: "a million" is a word number
        m = p.scale_after.match(right)
        if m and not (m.group("scale").lower() == "m" and core.kind == "words"):
            scale = m.group("scale").lower()
            end += m.end()
            right = text[end: end + WINDOW]
    qualifier = None
    m = p.currency_before.search(left)
    if m:
        unit = v.currency_symbols.get(m.group("sym")) if m.group("sym") else m.group("code")
        start -= len(m.group(0))
        left = text[max(0, start - WINDOW): start]
    if unit is None and core.kind != "fraction":
        m = p.currency_after.match(right)
        if m:
            word = (m.group("word") or "").lower()
            unit = v.currency_word_of.get(" ".join(word.split())) if word else m.group("code").upper()
            if word in v.minor_units and value is not None:
                value = value * v.minor_units[word]
            end += m.end()
            right = text[end: end + WINDOW]
    if unit is None and core.kind != "fraction":
        m = p.unit_after.match(right)
        if m:
            unit = v.unit_of[" ".join(m.group("unit").lower().split())]
            end += m.end()
            right = text[end: end + WINDOW]
    if scale == "m" and unit is None and not _counted_noun_after(right):
        unit, scale = "m", None  # "64m" is metres unless money or a counted noun follows
    if scale and scale != "m" and scale not in v.suffixes and scale not in v.scales:
        scale = None
    if value is not None:
        value = apply_scale(value, scale, v)
    if core.kind == "fraction":
        unit = "percent"
    used = 1
    high: float | None = None
    if nxt is not None and core.kind in ("digits", "words") and nxt.kind in ("digits", "words"):
        between = p.between_before.search(_strip_qualifier(left, p))
        gap = text[end: nxt.start]
        cm = p.connector.match(gap)
        sym = gap[cm.end():] if cm else ""
        if cm and (sym == "" or p.currency_before.fullmatch(sym)) and len(gap) <= 8:
            joined = cm.group("c").lower()
            if joined != "and" or between:
                figure_end, other, other_unit = _range_end(text, nxt, unit, scale, v, p)
                if other is not None and value is not None:
                    lo = value
                    if not scale and other > value and scale is None and _shared_scale(text, nxt, p):
                        lo = apply_scale(value, _shared_scale(text, nxt, p), v)
                        lo = lo if lo <= other else value
                    if lo <= other and (joined != "to" or lo < other or between):
                        high, value, end, used = other, lo, figure_end, 2
                        unit = unit or other_unit
    m = p.qualifier_before.search(left)
    if m:
        qualifier = v.qualifier_of[" ".join(m.group("q").lower().split())]
        start -= len(m.group(0))
    elif p.between_before.search(left) and high is not None:
        start -= len(p.between_before.search(left).group(0))
    if qualifier is None:
        m = p.qualifier_after.match(text[end: end + WINDOW])
        if m:
            qualifier = v.qualifier_after_of[m.group("q").lower()]
            end += m.end()
    if core.kind == "aunit" and (qualifier is None or unit is None):
        return None, used  # "a metre" counts only with a qualifier: "about a metre", "more than a metre"
    if core.kind == "vague":
        values: float | list[float] = [core.low, core.high]
    elif high is not None:
        values = [value, high]
    else:
        values = value
    if values is None or _too_large(values, v):
        return None, used
    if core.kind == "digits" and unit is None and high is None and _is_year(text, core, v):
        return None, used
    figure = Figure(start, end, text[start:end].strip(), values, core.start, core.end if used == 1 else nxt.end,
                    unit=unit, qualifier=qualifier, vague=core.kind == "vague", share=core.kind == "fraction")
    return figure, used


def _range_end(text, nxt: _Core, unit, scale, v, p) -> tuple[int, float | None, str | None]:
    """The value, end offset and unit of a range's upper number, with its own scale and unit read."""
    if nxt.value is None:
        return nxt.end, None, None
    end = nxt.end
    value = nxt.value
    s = nxt.scale
    m = p.scale_after.match(text[end: end + WINDOW])
    if not s and m:
        s = m.group("scale").lower()
        end += m.end()
    if s == "m" and unit is None and not _counted_noun_after(text[end: end + WINDOW]):
        s = None
    value = apply_scale(value, s or scale, v)
    other_unit = nxt.unit
    m = p.unit_after.match(text[end: end + WINDOW])
    if m:
        end += m.end()
        other_unit = v.unit_of[" ".join(m.group("unit").lower().split())]
    else:
        m = p.currency_after.match(text[end: end + WINDOW])
        if m:
            end += m.end()
            word = " ".join((m.group("word") or "").lower().split())
            other_unit = v.currency_word_of.get(word) if word else m.group("code").upper()
    return end, value, other_unit


def _shared_scale(text, nxt: _Core, p) -> str | None:
    """'between 5 and 10 million': the scale written after the second number covers the first."""
    m = p.scale_after.match(text[nxt.end: nxt.end + WINDOW])
    return (nxt.scale or (m.group("scale").lower() if m else None))


def _strip_qualifier(left: str, p: Patterns) -> str:
    m = p.currency_before.search(left)
    return left[: m.start()] if m else left


def _counted_noun_after(right: str) -> bool:
    """'1.2m people', '1.2m displaced residents': a plural noun follows, so m is a million."""
    words = re.findall(r"[a-z]+", right[:30].lower())[:2]
    return any(w.endswith("s") and len(w) > 3 or w in ("people", "children", "men", "women") for w in words)


def _run_around(text: str, start: int, end: int) -> str:
    lo = start
    while lo > 0 and start - lo < 24 and (text[lo - 1].isdigit() or text[lo - 1] in "+()-. "):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < 24 and (text[hi].isdigit() or text[hi] in "()-. "):
        hi += 1
    return text[lo:hi].strip(" .-")


def _looks_like_phone(run: str) -> bool:
    digits = sum(ch.isdigit() for ch in run)
    groups = re.findall(r"\d+", run)
    return digits >= 7 and len(groups) >= 2 and ("-" in run or "(" in run or "+" in run or " " in run.strip())\
        and not all(len(g) == 3 for g in groups[1:]) or digits >= 7 and run.startswith(("+", "("))


def _too_large(values, v: Vocabulary) -> bool:
    items = values if isinstance(values, list) else [values]
    return any(abs(x) > v.max_value for x in items)


def _is_year(text: str, core: _Core, v: Vocabulary) -> bool:
    raw = text[core.start: core.end]
    lo, hi = v.year_range
    return raw.isdigit() and len(raw) == 4 and lo <= int(raw) <= hi
