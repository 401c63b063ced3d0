"""Four digits: a year, a clock time or a count.

"in 1987" is a year; "1653 local time (2153 GMT)" is a clock time (the rule file's `clock_four_digit`
rules, told by the zone); so is a live blog's entry stamp ("2155 The World Bank says ...") and "at 1100";
"between 1040 and 1050" is one in a report that tells time that way elsewhere; "2000 people" is a count.

The rule `four_digit` matches a bare four-digit number and `reading` decides here what it is, from the
text (and the parse) alone, so that the match can be resolved again against another DCT. The one
decision that needs the DCT, a "year" later than the article's date in a past-tense report, is taken
by `op_four_digit` when the match is resolved: it is then a clock time, not a year.

Readings: "stamp" (a live-blog entry: a time on the article's day), "clock" (a time on the day under
discussion), "year", "year_or_clock" (a year unless the DCT rules it out), None (not a time expression).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .context import Ctx, Result, on_day
from .days import op_clock
from .points import Pt, fmt

_CLOCK_RULES = frozenset({"clock_four_digit", "clock_four_digit_hours", "clock_four_digit_day"})

# a four-digit number that opens a line, or is followed by a colon, and then a capitalised word: the
# shape of a live blog's entry ("1423 Frank Thorp, a US citizen ...", "BBC News 1132: Christian Fraser")
# and of a chronology's ("1994 - Hurricane Gordon", "2000 Dr Murray opens a practice")
_ENTRY = re.compile(r"(?m)(?:^[ \t]*(\d{4}):?|(?<![\w$£€.,/:#-])(\d{4}):)(?=[ \t]+[\"“‘'(]?[A-Z])")
# inside a live blog, any number that opens a line ("0907 fredodupoux tweets: ...") and one before a
# capitalised word inside a line, where the text lost its line break ("... hospital 1210 David Darg")
_LINE_START = re.compile(r"(?m)^[ \t]*(\d{4})(?=[ \t]+[\"“‘'(]?\w)")
_INLINE = re.compile(r"(?<![\w$£€.,/:#-])(\d{4})(?=[ \t]+[\"“‘']?[A-Z])")


class FourDigitWords:
    """The words `reading` consults (the `four_digit:` section of `rules/<lang>.yaml`)."""

    def __init__(self, data: dict[str, Any]):
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or ())

        self.year_words = words("year_words")
        self.at_words = words("at_words")
        self.clock_words = words("clock_words")
        self.range_words = words("range_words")
        self.clock_after = words("clock_after")
        self.count_of = words("count_of")
        self.count_nouns = words("count_nouns")
        self.number_words = words("number_words")
        self.likely_years_from = int(data.get("likely_years_from") or 1900)


def clock_parts(n: int) -> tuple[int, int] | None:
    """(hour, minute) when the four digits can be a 24-hour time, else None."""
    h, m = divmod(n, 100)
    return (h, m) if h <= 23 and m <= 59 else None


def is_year_number(n: int) -> bool:
    """The range a written year takes in news (the rule file's `year` macro)."""
    return 1000 <= n <= 2199


@dataclass
class TextClocks:
    """What the whole text says about four-digit numbers: where its live-blog stamps are, and whether it
    writes clock times in four digits at all."""

    stamps: frozenset[int]
    tells_clock: bool


def text_clocks(text: str, matches: list[Any], ref_year: int, words: FourDigitWords) -> TextClocks:
    """Read once per text. `matches`: the rule matches of the text; `ref_year`: the article's year (or this
    year): a "year" after it cannot be one.

    A live blog: two or more entry-shaped numbers, every one a valid clock time, most of them no likely
    year (before `likely_years_from`, after `ref_year`). A chronology ("1994 - Hurricane Gordon ...",
    "2000 Dr Murray opens ...") has 1994 or 1983 among them, or likely years throughout. In a live blog
    a number of the same shape inside a line is a stamp too. Outside one, a single entry-shaped number
    that cannot be a year (0910, 2155 in a 2010 report) is a stamp all the same."""
    entries = [(m.start(1) if m.group(1) else m.start(2), int(m.group(1) or m.group(2)))
               for m in _ENTRY.finditer(text)]

    def unlikely_year(n: int) -> bool:
        return not (words.likely_years_from <= n <= ref_year)

    live = (len(entries) >= 2 and all(clock_parts(n) for _, n in entries)
            and 2 * sum(unlikely_year(n) for _, n in entries) > len(entries))
    if live:
        stamps = {p for p, _ in entries}
        for m in _LINE_START.finditer(text):  # "0907 fredodupoux tweets: ..."
            if clock_parts(int(m.group(1))):
                stamps.add(m.start(1))
        for m in _INLINE.finditer(text):
            n = int(m.group(1))
            if clock_parts(n) and _before(text, m.start(1))[0] not in words.year_words:
                stamps.add(m.start(1))
    else:
        stamps = {p for p, n in entries if clock_parts(n) and (not is_year_number(n) or n > ref_year)}
    tells = bool(stamps) or any(m.rule.id in _CLOCK_RULES for m in matches) or any(
        m.rule.id == "four_digit" and clock_parts(int(text[m.start:m.end]))
        and _at(text, m.start, words) for m in matches)
    return TextClocks(frozenset(stamps), tells)


def _before(text: str, start: int) -> tuple[str, str]:
    """The word before `start` and the two words before it, lower case ("" when there are none)."""
    lo = max(0, start - 40)
    words = text[lo:start].lower().split()
    if lo and not text[lo - 1].isspace() and words and not text[lo].isspace():
        words = words[1:]  # the window cut its first word
    if not words:
        return "", ""
    return words[-1], " ".join(words[-2:]) if len(words) >= 2 else ""


def _at(text: str, start: int, words: FourDigitWords) -> bool:
    one, two = _before(text, start)
    return one in words.at_words or two in words.at_words


def _is_count(text: str, start: int, end: int, doc: Any, words: FourDigitWords) -> bool:
    """"2000 people", "for 1000 orphaned Haitians", "1000 of his bottles": a number of things."""
    after = text[end:end + 16].lower().split()
    if after and after[0].rstrip(",.;:") in words.count_nouns:
        return True
    if len(after) >= 2 and after[0] == "of" and after[1] in words.count_of:
        return True
    if doc is None:
        return False
    span = doc.char_span(start, end)
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    if tok.dep_ != "nummod" or tok.head.i <= tok.i or tok.head.tag_ not in ("NNS", "NNPS"):
        return False
    if any(t.dep_ != "amod" for t in doc[tok.i + 1:tok.head.i]):
        return False  # "predicting 1990 BellSouth earnings": a year before a name
    if tok.i > 0:
        prev = doc[tok.i - 1]
        if prev.tag_ in ("DT", "PRP$", "POS") or prev.lower_ in words.year_words:
            return False  # "the 2004 floods", "Haiti's 2004 floods"
    return True


def reading(text: str, start: int, end: int, clocks: TextClocks, ref_year: int, words: FourDigitWords,
            doc: Any = None, previous: tuple[int, str | None] | None = None) -> str | None:
    """What the bare four-digit number at [start, end) is (see the module docstring). `previous`: the end
    and reading of the four-digit number before it, for ranges ("between 1040 and 1050")."""
    n = int(text[start:end])
    clock = clock_parts(n)
    year = is_year_number(n)
    if start in clocks.stamps:
        return "stamp"
    one, two = _before(text, start)
    if one.rstrip(":#.") in words.number_words:
        return None  # "Freepay number: 1449", "flight 2155"
    after_year_word = one in words.year_words or two in words.year_words or one.endswith(("'s", "’s"))
    if not after_year_word and _is_count(text, start, end, doc, words):
        return None
    if clock is None:
        return "year" if year else None
    if one in words.at_words or two in words.at_words or one.rstrip(",") in words.clock_after:
        return "clock"  # "at 1100", "Saturdays, 1130"
    if one in words.range_words and previous is not None and start - previous[0] <= 8:
        if previous[1] in ("clock", "stamp"):
            return "clock"  # "between 1040 and 1050": the second end of a range of clock times
        return "year" if year else None  # "in 1684, 1673, and 1618": a list of years
    if clocks.tells_clock and (one in words.clock_words or two in words.clock_words) \
            and not (words.likely_years_from <= n <= ref_year):
        return "clock"
    if not year:
        return None
    return "year" if after_year_word else "year_or_clock"


def op_four_digit(f: Any, ctx: Ctx) -> Result:
    """Resolve a `four_digit` match by its reading; "year_or_clock" is a clock time when, as a year, it
    would be later than the DCT in a report told in the past tense."""
    n = int(f.slots["n"])
    how = f.slots.get("_reading") or "year"
    if how == "year_or_clock":
        later = ctx.dct is not None and n > ctx.dct.year and f.tense == "PAST"
        how = "clock" if later else "year"
    if how == "year":
        p = Pt("Y", n)
        return Result("DATE", fmt(p), None, None, p)
    h, m = clock_parts(n) or (0, 0)
    if how == "stamp":
        if ctx.dct is None:
            return Result("TIME", f"XXXX-XX-XXT{h:02d}:{m:02d}", None, "dct")
        r = on_day(ctx.dct, f"{h:02d}:{m:02d}", None, "dct")
        r.tud = False  # an entry's time stamp does not change the day the entry tells about
        return r
    return op_clock(replace(f, slots={"hhmm": (h, m), "_raw": {}}), ctx)


def reference_year(dct: date | None) -> int:
    """The latest year a report can name as past: its own (or, undated, this one)."""
    return (dct or date.today()).year


FOUR_DIGIT_OPS = {"four_digit": op_four_digit}
