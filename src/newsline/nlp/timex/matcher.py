"""Compile a language's rule file into regular expressions and find matches.

The rule file (``rules/<lang>.yaml``) holds the word classes, macros and
patterns; see the comment at its top. This module turns it into:

* one *trigger* set: the words (and a regex for digit shapes) that can occur
  in a time expression, so the text is only searched near them;
* for each first character, the alternation of the rules that can start with it
  (read off the parsed patterns, built on first use);
* every rule compiled alone, to pick the longest match at a position.

Matching is linear in the text: all quantifiers in the rule file are bounded,
the search runs only in windows around trigger words, and a window is at
most a few hundred characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from typing import Any, Callable

import yaml

from .clock4 import FourDigitWords
from .months import MonthNameWords
from .numeric import NumericDateWords
from .words import ResolverWords
from .tense import TenseWords

_REF = re.compile(r"\{([A-Za-z_]\w*)(?::(\w+))?\}")
_NAMED = re.compile(r"\(\?P<(\w+)>")
_WS = r"\s{1,3}"
_FLAGS = re.IGNORECASE

# window around a trigger word inside which the rules are tried
_BACK = 60
_AHEAD = 80


@dataclass
class Rule:
    id: str
    type: str
    op: str
    params: dict[str, Any]
    regex: str  # expanded, group names unique within the rule
    groups: dict[str, tuple[str, str]]  # group name -> (slot, class/macro name)
    compiled: re.Pattern | None = None


@dataclass
class RuleSet:
    lang: str
    lexicon: dict[str, dict[str, Any]]
    rules: list[Rule]
    combined: re.Pattern | None
    triggers: frozenset[str]
    trigger_re: re.Pattern
    converters: dict[str, Callable[[str], Any]] = field(default_factory=dict)
    # the words the operations (resolve.py) and the tense cues (tense.py) consult
    resolver: ResolverWords | None = None
    tense: TenseWords | None = None
    # lower-case words a quoted Title Case name may contain ("Face the Nation"): see the tagger
    title_small_words: frozenset[str] = frozenset()
    speech_cues: re.Pattern | None = None  # words of an act of speech (`speech: cues:`)
    four_digit: FourDigitWords | None = None  # the words that tell a year from a clock time (clock4.py)
    month_names: MonthNameWords | None = None  # the words that tell "Theresa May" from May (months.py)
    numeric_dates: NumericDateWords | None = None  # day or month first in "03/05/2024" (numeric.py)


def _speech_regex(cues: str | None) -> re.Pattern | None:
    return re.compile(rf"\b(?:{cues})\b", re.IGNORECASE) if cues else None


def _norm_key(word: str) -> str:
    return re.sub(r"\s+", " ", word.strip().lower().replace("’", "'"))


class _Builder:
    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.lex: dict[str, dict[str, Any]] = {}
        self.lex_regex: dict[str, str] = {}
        for name, spec in (data.get("lexicon") or {}).items():
            words = {_norm_key(str(k)): v for k, v in (spec.get("words") or {}).items()}
            self.lex[name] = words
            self.lex_regex[name] = self._class_regex(words, spec.get("case"), spec.get("dot"))
        self.macros: dict[str, dict[str, Any]] = dict(data.get("macros") or {})
        self.fragments: dict[str, str] = dict(data.get("fragments") or {})
        self._macro_cache: dict[str, str] = {}

    @staticmethod
    def _variants(word: str, case: str | None) -> list[str]:
        if case != "title":
            return [word]
        first = word[:1].upper() + word[1:]
        titled = " ".join(w[:1].upper() + w[1:] for w in word.split(" "))
        return list(dict.fromkeys([first, titled, word.upper()]))

    def _class_regex(self, words: dict[str, Any], case: str | None, dot: bool | None) -> str:
        alts: list[str] = []
        for w in sorted(words, key=len, reverse=True):
            for v in self._variants(w, case):
                r = re.escape(v).replace(r"\ ", _WS).replace("'", "['’]")
                if dot and not w.endswith("."):
                    r += r"\.?"
                alts.append(r)
        body = "|".join(alts)
        # a word class never starts or ends inside a word
        core = f"(?:{body})"
        if case == "title":
            core = f"(?-i:{body})"
        return rf"(?<![\w]){core}(?![\w])" if not dot else rf"(?<![\w]){core}(?!\w)"

    # ---------------------------------------------------------------- expansion
    def macro_regex(self, name: str) -> str:
        if name not in self._macro_cache:
            raw = self.macros[name]["regex"]
            self._macro_cache[name] = self.expand(raw, capture=False, groups=None)
        return self._macro_cache[name]

    def expand(self, pattern: str, *, capture: bool, groups: dict[str, tuple[str, str]] | None,
               counter: list[int] | None = None) -> str:
        """Replace {class}/{macro}/{fragment} references; rename named groups uniquely."""
        if counter is None:
            counter = [0]

        def newname(slot: str, cls: str) -> str:
            counter[0] += 1
            g = f"g{counter[0]}"
            if groups is not None:
                groups[g] = (slot, cls)
            return g

        def sub_named(m: re.Match) -> str:
            if not capture:
                return "(?:"
            return f"(?P<{newname(m.group(1), '')}>"

        def sub_ref(m: re.Match) -> str:
            name, slot = m.group(1), m.group(2)
            if name in self.lex_regex:
                body = self.lex_regex[name]
            elif name in self.macros:
                body = self.macro_regex(name)
            elif name in self.fragments:
                # fragments are transparent: their own slots are kept
                inner = self.expand(self.fragments[name], capture=capture, groups=groups, counter=counter)
                if slot and capture:
                    return f"(?P<{newname(slot, '')}>{inner})"
                return f"(?:{inner})"
            else:
                raise ValueError(f"unknown class or macro {{{name}}} in timex rules")
            if capture:
                return f"(?P<{newname(slot or name, name)}>{body})"
            return f"(?:{body})"

        # plain spaces and "~" are flexible; protect character classes [ ... ]
        out = []
        i = 0
        n = len(pattern)
        while i < n:
            c = pattern[i]
            if c == "\\" and i + 1 < n:
                out.append(pattern[i : i + 2])
                i += 2
                continue
            if c == "[":
                j = i + 1
                if j < n and pattern[j] == "^":
                    j += 1
                if j < n and pattern[j] == "]":
                    j += 1
                while j < n and pattern[j] != "]":
                    j += 2 if pattern[j] == "\\" else 1
                out.append(pattern[i : j + 1])
                i = j + 1
                continue
            if c == " " and i + 1 < n and pattern[i + 1] == "?":
                # " ?" is optional white space ("5 pm" and "5pm"), not a lazy "\s{1,3}?"
                out.append(r"\s{0,3}")
                i += 1
            elif c == " ":
                out.append(_WS)
            elif c == "~":
                out.append(r"(?:\s{1,3}|[-–])")
            else:
                out.append(c)
            i += 1
        pat = "".join(out)
        pat = _NAMED.sub(sub_named, pat)
        # references are expanded after named groups so that their own groups are not renamed twice
        return _REF.sub(sub_ref, pat)


def _conv_number(text: str, lex: dict[str, dict[str, Any]]) -> Any:
    t = _norm_key(text)
    frac = Fraction(0)
    for tail, val in ((" and a half", Fraction(1, 2)), (" 1/2", Fraction(1, 2)), (" ½", Fraction(1, 2))):
        if t.endswith(tail):
            t = t[: -len(tail)].strip()
            frac = val
    if t in ("half a", "half an", "a half", "one half", "an half", "half"):
        return Fraction(1, 2)
    try:
        return Fraction(t) + frac if "." not in t else Fraction(t) + frac
    except (ValueError, ZeroDivisionError):
        pass
    nums = lex.get("number", {})
    ones = lex.get("article_one", {})
    total = 0
    cur = 0
    for part in re.split(r"[- ]+", t):
        if part in ("and", ""):
            continue
        v = nums.get(part, ones.get(part))
        if v is None:
            if part in lex.get("vague", {}):
                return "X"
            return None
        v = int(v)
        if v == 100:
            cur = max(cur, 1) * 100
        else:
            cur += v
    total += cur
    return Fraction(total) + frac


def _conv_day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _conv_hhmm(text: str) -> tuple[int, int]:
    h, m = re.split(r"[:.]", text)
    return int(h), int(m)


def _conv_hhmm4(text: str) -> tuple[int, int]:
    return int(text[:2]), int(text[2:4])


def _conv_ampm(text: str) -> str:
    return "pm" if text.strip().lower().startswith("p") else "am"


def _conv_decade(text: str) -> int:
    return int(re.search(r"\d{4}", text).group()) // 10


def _conv_decade2(text: str) -> int:
    return 190 + int(re.search(r"\d", text).group()) if False else int(re.search(r"\d\d", text).group()) // 10


_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _conv_yearw(text: str, lex: dict[str, dict[str, Any]]) -> int | None:
    t = _norm_key(text).replace("-", " ")
    words = t.split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        n = _conv_number(" ".join(rest), lex) if rest else 0
        return 2000 + int(n or 0)
    if words[0] == "nineteen":
        rest = words[1:]
        if rest == ["hundred"]:
            return 1900
        if rest and rest[0] == "oh":
            return 1900 + _ONES.get(rest[1], 0) if len(rest) > 1 else None
        n = _conv_number(" ".join(rest), lex)
        return 1900 + int(n) if n is not None and n != "X" and int(n) < 100 else None
    return None


def _conv_year2(text: str) -> int:
    return int(re.search(r"\d\d", text).group())


def read_lang_file(lang: str = "en") -> dict[str, Any]:
    """The parsed `rules/<lang>.yaml`."""
    src = resources.files("newsline.nlp.timex").joinpath("rules", f"{lang}.yaml")
    return yaml.safe_load(src.read_text(encoding="utf-8"))


def load_rules(lang: str = "en") -> RuleSet:
    data = read_lang_file(lang)
    b = _Builder(data)
    lex = b.lex
    convs: dict[str, Callable[[str], Any]] = {
        "int": lambda s: int(re.search(r"\d+", s).group()),
        "day": _conv_day,
        "number": lambda s: _conv_number(s, lex),
        "hhmm": _conv_hhmm,
        "hhmm4": _conv_hhmm4,
        "ampm": _conv_ampm,
        "decade": _conv_decade,
        "decade2": _conv_decade2,
        "year2": _conv_year2,
        "yearw": lambda s: _conv_yearw(s, lex),
        "str": lambda s: s,
    }
    rules: list[Rule] = []
    for spec in data.get("rules") or []:
        spec = dict(spec)
        rid = spec.pop("id")
        pattern = spec.pop("pattern")
        typ = spec.pop("type")
        op = spec.pop("op")
        groups: dict[str, tuple[str, str]] = {}
        rx = b.expand(pattern, capture=True, groups=groups)
        rx = rf"(?<![\w])(?:{rx})(?![\w])" if not pattern.startswith("(?<!") else rf"(?:{rx})(?![\w])"
        try:
            comp = re.compile(rx, _FLAGS)
        except re.error as e:  # pragma: no cover - a broken rule file is a programming error
            raise ValueError(f"timex rule {rid}: {e}") from e
        rules.append(Rule(rid, typ, op, spec, rx, groups, comp))
    combined = None  # built per first character on demand: see _dispatch
    triggers = set()
    for spec_name in data.get("triggers", {}).get("classes", []):
        for w in lex[spec_name]:
            for part in re.split(r"[\s\-]+", w):
                part = part.strip(".'")
                if len(part) >= 2 and part not in _STOP:
                    triggers.add(part)
    for w in data.get("triggers", {}).get("words", []):
        triggers.add(str(w).lower())
    trig_re = re.compile(data.get("triggers", {}).get("regex", r"(?!x)x"), _FLAGS)
    rs = RuleSet(lang, lex, rules, combined, frozenset(triggers), trig_re, convs,
                 resolver=ResolverWords(data.get("resolver") or {}), tense=TenseWords(data.get("tense") or {}),
                 title_small_words=frozenset(str(w) for w in (data.get("titles") or {}).get("small_words") or ()),
                 speech_cues=_speech_regex((data.get("speech") or {}).get("cues")),
                 four_digit=FourDigitWords(data.get("four_digit") or {}),
                 month_names=MonthNameWords(data.get("month_names") or {}),
                 numeric_dates=NumericDateWords(data.get("numeric_dates") or {}))
    rs.first = [first_chars(r.regex) for r in rules]  # type: ignore[attr-defined]
    rs.by_char = {}  # type: ignore[attr-defined]  # char -> (combined regex, rule indices)
    rs.alone = {}  # type: ignore[attr-defined]  # word -> whether a rule matches it without the words after it
    for c in "abcdefghijklmnopqrstuvwxyz0123456789'’":  # the usual first characters, compiled now
        _dispatch(rs, c)
    # words that can start a time expression: every word of the rule file (an over-approximation)
    starters = set(triggers)
    for words in lex.values():
        for w in words:
            starters.update(x for x in re.split(r"[\s\-'’.]+", w))
    for r in data.get("rules") or []:
        pat = re.sub(r"\(\?P<\w+>|\{[^}]*\}|\\\\[a-zA-Z]", " ", r["pattern"])
        starters.update(x.lower() for x in _LITERAL_WORD.findall(pat))
    for frag in (data.get("fragments") or {}).values():
        pat = re.sub(r"\(\?P<\w+>|\{[^}]*\}|\\\\[a-zA-Z]", " ", frag)
        starters.update(x.lower() for x in _LITERAL_WORD.findall(pat))
    rs.starters = frozenset(w for w in starters if w)  # type: ignore[attr-defined]
    rs._builder = b  # type: ignore[attr-defined]
    return rs


_STOP = frozenset({"the", "of", "a", "an", "at", "in", "on", "to", "and", "or", "so", "for", "more", "than",
                   "up", "no", "as", "is", "it", "by", "be", "just", "well", "little", "many", "some", "only",
                   "over", "under", "about", "around", "this", "that", "last", "next", "one", "two",
                   "first", "second", "third", "fourth", "several", "few", "couple", "number", "within",
                   "early", "late", "mid", "middle", "end", "start", "beginning", "close", "part", "at",
                   "least", "most", "fewer", "less", "nearly", "almost", "roughly", "approximately",
                   "previous", "following", "coming", "upcoming", "present", "long",
                   "short", "medium", "far", "thus", "being", "distant", "immediate",
                   "foreseeable", "longer", "these", "times", "until", "former", "formerly", "final",
                   "preceding", "prior", "every", "each", "per", "once", "twice", "other", "latter",
                   "right", "then", "later", "earlier", "after", "before", "hence", "afterwards",
                   "afterward", "this", "half"})


# ---------------------------------------------------------------- first characters
# The combined alternation is slow to try (every rule at every word start). Each rule's set of
# possible first characters is read off its parsed pattern, so that only the rules that can
# start with the character at hand are tried there.
from re import _constants as _C  # noqa: E402
from re import _parser as _P  # noqa: E402

_SPACES = frozenset(" \t\n\r\f\v\xa0")


def _first_seq(items: Any) -> tuple[set[str] | None, bool]:
    acc: set[str] | None = set()
    for item in items:
        f, nullable = _first_item(item)
        acc = None if acc is None or f is None else acc | f
        if not nullable:
            return acc, False
    return acc, True


def _first_item(item: Any) -> tuple[set[str] | None, bool]:
    op, av = item
    if op is _C.LITERAL:
        return {chr(av).lower()}, False
    if op is _C.IN:
        out: set[str] = set()
        for sop, sav in av:
            if sop is _C.LITERAL:
                out.add(chr(sav).lower())
            elif sop is _C.RANGE and sav[1] - sav[0] < 300:
                out.update(chr(c).lower() for c in range(sav[0], sav[1] + 1))
            elif sop is _C.CATEGORY and sav is _C.CATEGORY_DIGIT:
                out.update("0123456789")
            elif sop is _C.CATEGORY and sav is _C.CATEGORY_SPACE:
                out.update(_SPACES)
            else:
                return None, False
        return out, False
    if op is _C.BRANCH:
        acc: set[str] | None = set()
        nullable = False
        for alt in av[1]:
            f, n = _first_seq(alt)
            acc = None if acc is None or f is None else acc | f
            nullable = nullable or n
        return acc, nullable
    if op is _C.SUBPATTERN:
        return _first_seq(av[-1])
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        f, n = _first_seq(av[2])
        return f, n or av[0] == 0
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _first_seq(av)
    if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
        return set(), True
    return None, False


def first_chars(regex: str) -> set[str] | None:
    """Lower-case characters a match of `regex` can start with (None: any)."""
    try:
        f, nullable = _first_seq(_P.parse(regex, _FLAGS))
    except Exception:  # pragma: no cover - unknown regex construct: no filtering
        return None
    return None if nullable else f


@dataclass
class Match:
    start: int
    end: int
    rule: Rule
    slots: dict[str, Any]


def _extract(rs: RuleSet, rule: Rule, m: re.Match, prefix: str = "") -> dict[str, Any]:
    slots: dict[str, Any] = {}
    lex = rs.lexicon
    b = rs._builder  # type: ignore[attr-defined]
    for g, (slot, cls) in rule.groups.items():
        val = m.group(prefix + g)
        if val is None:
            continue
        if cls in lex:
            key = _norm_key(val)
            v = lex[cls].get(key)
            if v is None:
                v = lex[cls].get(key.rstrip("."))
            if v is None:
                v = lex[cls].get(re.sub(r"\s*-\s*", "-", key))
            if v is None:
                v = lex[cls].get(key.replace("-", " "))
        elif cls in b.macros:
            conv = b.macros[cls].get("conv", "str")
            try:
                v = rs.converters[conv](val)
            except Exception:  # a shape the converter does not know: keep the text
                v = None
        else:
            v = val
        if slot not in slots or slots[slot] is None:
            slots[slot] = v
        slots.setdefault("_raw", {})[slot] = val
    return slots


def _dispatch(rs: RuleSet, c: str) -> tuple[re.Pattern | None, list[int]]:
    """The rules that can start with character `c`, and their alternation (built once)."""
    got = rs.by_char.get(c)  # type: ignore[attr-defined]
    if got is None:
        idx = [i for i, f in enumerate(rs.first) if f is None or c in f]  # type: ignore[attr-defined]
        if idx:
            parts = []
            for i in idx:
                inner = re.sub(r"\(\?P<(g\d+)>", lambda m, i=i: f"(?P<r{i}_{m.group(1)}>", rs.rules[i].regex)
                parts.append(f"(?P<R{i}>{inner})")
            got = (re.compile("|".join(parts), _FLAGS), idx)
        else:
            got = (None, [])
        rs.by_char[c] = got  # type: ignore[attr-defined]
    return got


def find(rs: RuleSet, text: str) -> list[Match]:
    """All non-overlapping rule matches in `text`, left to right, longest at each start.

    One pass over the words: at each trigger word, the rules are tried at the word starts
    a little before it (only words that can start a time expression) and at the trigger.
    """
    if not text:
        return []
    n = len(text)
    trig = rs.triggers
    starters = rs.starters  # type: ignore[attr-defined]
    trig_re = rs.trigger_re
    rules = rs.rules
    out: list[Match] = []
    covered = 0  # text before this offset is inside a match or already tried
    recent: list[int] = []  # starts of starter words not yet tried
    for tm in _TOK.finditer(text):
        s = tm.start()
        w = tm.group()
        c = w[0]
        if c.isdigit() or c in "'’":
            is_start = True
            is_trig = trig_re.match(text, s) is not None
        else:
            lw = w.lower()
            is_start = lw in starters
            is_trig = lw in trig
        if is_start and s >= covered:
            recent.append(s)
        if not is_trig:
            continue
        lo = s - _BACK
        cands = [p for p in recent if p >= lo and p >= covered]
        recent = []
        if not cands or cands[-1] != s:
            if s >= covered:
                cands.append(s)
        endpos = min(n, tm.end() + _AHEAD)
        for p in cands:
            if p < covered or (p != s and _dead_start(rs, text, p)):
                continue
            comb, idx = _dispatch(rs, text[p].lower())
            if comb is None:
                continue
            m = comb.match(text, p, endpos)
            if m is None:
                continue
            best_end = m.end()
            best_idx = int(m.lastgroup[1:])
            best_m: re.Match | None = None
            # another rule can only match longer if it reaches into the next word: when that
            # word cannot be part of any time expression, the first match is the longest
            if _extendable(text, best_end, endpos, starters):
                for i in idx:
                    if i == best_idx:
                        continue
                    mm = rules[i].compiled.match(text, p, endpos)
                    if mm is not None and mm.end() > best_end:
                        best_end, best_idx, best_m = mm.end(), i, mm
            if best_end <= p:
                continue
            rule = rules[best_idx]
            slots = _extract(rs, rule, m, prefix=f"r{best_idx}_") if best_m is None else _extract(rs, rule, best_m)
            out.append(Match(p, best_end, rule, slots))
            covered = best_end
        if covered < tm.end():
            covered = max(covered, s)
    return out


_TOK = re.compile(r"[A-Za-z]+|\d+|['’](?=\d)")


def _dead_start(rs: RuleSet, text: str, p: int) -> bool:
    """No rule can match at `p`, a word that starts time expressions only with the words after it
    ("the" of "the first week") followed by a word no rule holds ("the dam"). Most tries before a
    trigger are of this kind; the rules' alternation is far slower to say so."""
    m = _TOK.match(text, p)
    if m is None:
        return False
    word = m.group().lower()
    if not word.isalpha() or word in rs.triggers or _alone(rs, word):
        return False
    following = _TOK.search(text, m.end())
    if following is None:
        return True
    w = following.group().lower()
    # as _extendable reads the next word, and a plural too: a rule may write "nights" as "{pod}s"
    return not (w[0].isdigit() or len(w) <= 2 or w in rs.starters or w[:-1] in rs.starters or w[:-2] in rs.starters)


_FOLLOWERS = ("", " xq", ", xq", ". Xq", "-xq", "'s xq")  # a word followed by one no rule holds


def _alone(rs: RuleSet, word: str) -> bool:
    """Can a rule match a stretch of text that starts with `word` and takes no other word?"""
    known = rs.alone.get(word)  # type: ignore[attr-defined]
    if known is None:
        comb, _ = _dispatch(rs, word[0])
        known = comb is not None and any(
            (m := comb.match(variant + tail)) is not None and m.end() > 0
            for variant in (word, word.capitalize(), word.upper()) for tail in _FOLLOWERS)
        rs.alone[word] = known  # type: ignore[attr-defined]
    return known
_NEXT = re.compile(r"[\s,.;:/'’()\-–]{0,4}([A-Za-z]+|\d)?")


def _extendable(text: str, end: int, endpos: int, starters: frozenset[str]) -> bool:
    """Could a match ending at `end` be extended by some rule? (the next word is a rule word)"""
    m = _NEXT.match(text, end, endpos)
    if m is None:
        return False
    w = m.group(1)
    if w is None:
        return m.end() > end  # only punctuation follows: "p.m" + "."
    return w[0].isdigit() or len(w) <= 2 or w.lower() in starters
_LITERAL_WORD = re.compile(r"(?<![\\?])\b[A-Za-z]{2,}\b")
