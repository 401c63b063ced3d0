"""What people write at the top of a report to say when it was published, and who wrote it.

Read, in this order of trust (the first that gives a date is the stated date):
1. the ` date YYYY-MM-DD` token newsline's reference reports use;
2. YAML front matter (`---` ... `---`, at the very start): title, date, author, url, outlet or
   source, locale; other keys are kept in meta `front_matter`. It is metadata, never article text;
3. a header line: `Date: ...` (also `Title:`, `Author:`, `Source:`, `URL:` lines in the same block),
   a line that is only a date ("2024-03-05", "Tuesday 5 March 2024"; only when there is one: several
   are a list of events, and stay text), a `Published ...` line,
   then an `Updated ...` line (the published date wins; the update is kept in meta `updated_date_raw`);
4. a wire dateline opening a paragraph: "LONDON, March 5, 2024 (Reuters) - ...".

Only the top counts, so a date in a headline or in the body is never taken for the article's own:
header lines are looked for among the first TOP_LINES non-blank lines, and no further than the first
line long enough to be a paragraph (PARAGRAPH_CHARS); a dateline must open one of those lines. Header
lines (1-3) are removed from the text; a headline, a byline and a dateline stay, being the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

TOP_LINES = 6
PARAGRAPH_CHARS = 200

DATE_TOKEN = re.compile(r"^\ufeff?[ \t]*date[ \t]+(\S*\d\S*)[ \t]*(?:\r?\n)?")
FRONT_MATTER = re.compile(r"^\ufeff?---[ \t]*\r?\n(.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)
FRONT_MATTER_KEY = re.compile(r"^\s*(?:#.*\n\s*)*[A-Za-z_][\w -]*:", re.M)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WORD_DATE = rf"{_DAY}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
# a full date as people write it, with its year: in words, ISO, or numbers (read by the outlet's order)
FULL_DATE = re.compile(rf"(?i:{_WEEKDAY}?(?:{_WORD_DATE}|{_ISO_DATE}|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
                       rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}))(?![\w/])")
# what may stand beside a date on a header line: a time, a zone, "at", "UK time", punctuation
TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?|\b[01]?\d[0-5]\d\b", re.I)
FURNITURE = {"at", "on", "uk", "time", "local", "gmt", "utc", "z"}
ZONE = re.compile(r"^(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2})$")  # "EST", "AEDT", "+0100"

KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(.+)$")
DATE_KEYS = {"date": "Date: line", "dated": "Date: line", "published": "Published line",
             "first published": "Published line", "date published": "Published line",
             "updated": "Updated line", "last updated": "Updated line", "page last updated": "Updated line",
             "last modified": "Updated line", "modified": "Updated line", "posted": "Published line"}
FIELD_KEYS = {"title": "title", "headline": "title", "author": "author", "by": "author", "byline": "author",
              "source": "outlet", "outlet": "outlet", "publisher": "outlet", "url": "url", "link": "url",
              "locale": "locale", "language": "locale", "lang": "locale"}
PUBLISHED_LINE = re.compile(
    r"^((?:first\s+)?published|posted|(?:(?:page\s+)?last\s+)?updated|last\s+modified)\b(?:\s+(?:on|at))?\s+(.+)$",
    re.I)
# "By Petra Lind", "By Ana de la Cruz and Tom Bell, canals desk": names, then a short role at most
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:de|da|van|von|der|la|le|al|bin)\b)*(?:\s+[A-Z][\w'’.-]+)+"
BYLINE = re.compile(rf"^[Bb]y\s+({_NAME}(?:(?:,\s+|\s+and\s+|\s*&\s*){_NAME})*)\s*(?:[,|]\s*[^.]{{0,40}})?$")
_CITY = r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}"  # in capitals, as wires write it
_REGION = r"(?:,\s+[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,2})?"
_AGENCY = r"(?:\s*\([A-Za-z][\w .&'-]{0,30}\)|\s*/[A-Za-z][\w .&'-]{0,30}/)"
_DASH = r"\s*(?:--?|—|–)\s"
_DATELINE_DATE = rf"(?i:{_WEEKDAY}?(?:{_WORD_DATE}|{_ISO_DATE}))"
# "LONDON, March 5, 2024 (Reuters) - ", "WASHINGTON, 5 March 2024 — "; a city not in capitals only
# with an agency: "Paris, 5 March 2024 (AFP) — "
DATELINE = re.compile(
    rf"^(?:{_CITY}{_REGION},\s+(?P<date>{_DATELINE_DATE}){_AGENCY}?{_DASH}"
    rf"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}{_REGION},\s+(?P<date2>{_DATELINE_DATE}){_AGENCY}{_DASH})")
MD_EMPHASIS = re.compile(r"[*_]{1,3}")
RANK = {"date token": 0, "front matter": 1, "Date: line": 2, "date line": 3, "Published line": 4,
        "front matter updated": 5, "Updated line": 5, "dateline": 6}
UPDATED_KINDS = ("front matter updated", "Updated line")


@dataclass
class Header:
    """What the top of a text says about it; `body` is the text with header lines removed."""

    body: str
    date_raw: str | None = None  # as written
    date_written: str | None = None  # the part of it that is the date
    date_from: str | None = None  # which header gave it (a RANK key)
    updated_raw: str | None = None  # an Updated line's date, when a published date won
    fields: dict[str, str] = field(default_factory=dict)  # title, author, outlet, url, locale, fiction
    front_matter: dict = field(default_factory=dict)  # other front matter keys
    problems: list[str] = field(default_factory=list)

    def offer_date(self, kind: str, raw: str, written: str | None = None) -> None:
        if not raw.strip():
            return
        if kind in UPDATED_KINDS and self.updated_raw is None:
            self.updated_raw = raw
        if self.date_from is None or RANK[kind] < RANK[self.date_from]:
            self.date_raw, self.date_written, self.date_from = raw, written, kind


def written_date(value: str) -> str | None:
    """The date in a header value, when the value is a full date and nothing but time furniture."""
    plain = MD_EMPHASIS.sub("", value).strip()
    m = FULL_DATE.search(plain)
    if not m:
        return None
    rest = TIME.sub(" ", plain[: m.start()] + " " + plain[m.end():])
    words = [w for w in re.split(r"[\s,;|()\[\]–—-]+", rest.rstrip(".")) if w]
    if any(w.lower() not in FURNITURE and not ZONE.match(w) for w in words):
        return None
    return m.group(0)


def read_header(text: str) -> Header:
    """Find the stated date and metadata at the top of a text report (see the module docstring)."""
    text = text.lstrip("\ufeff")
    m = DATE_TOKEN.match(text)
    if m:
        header = Header(body=text[m.end():])
        header.offer_date("date token", m.group(1))
    else:
        header = Header(body=text)
        read_front_matter(header)
    read_top_lines(header)
    return header


def read_front_matter(header: Header) -> None:
    m = FRONT_MATTER.match(header.body)
    if not m or not FRONT_MATTER_KEY.match(m.group(1) + "\n"):
        return  # a leading rule and a paragraph, not key: value metadata
    header.body = header.body[m.end():]
    try:
        data = yaml.load(m.group(1), Loader=yaml.BaseLoader)  # every value a string: dates kept as written
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        at = f" at line {where.line + 2}" if where is not None else ""
        header.problems.append(f"front matter is not valid YAML ({getattr(err, 'problem', None) or err}{at}); "
                               f"its fields are ignored")
        return
    if not isinstance(data, dict):
        header.problems.append("front matter is not a list of key: value fields; ignored")
        return
    for key, value in data.items():
        name = str(key).strip().lower()
        if isinstance(value, list) and name in ("author", "authors"):
            value = ", ".join(str(v) for v in value if isinstance(v, str))
        if name in ("date", "published", "pubdate", "date_published", "published_at") and isinstance(value, str):
            header.offer_date("front matter", value)
        elif name in ("updated", "lastmod", "modified", "last_modified") and isinstance(value, str):
            header.offer_date("front matter updated", value)
        elif name in ("authors",) and isinstance(value, str):
            header.fields.setdefault("author", value)
        elif name in FIELD_KEYS and isinstance(value, str) and value.strip():
            header.fields.setdefault(FIELD_KEYS[name], value.strip())
        elif name == "fiction":
            header.fields["fiction"] = str(value).lower()
        else:
            header.front_matter[str(key)] = value


def read_top_lines(header: Header) -> None:
    """Header lines among the first TOP_LINES non-blank lines, up to the first paragraph."""
    lines = header.body.split("\n")
    drop: set[int] = set()
    date_lines: list[tuple[int, str, str]] = []  # lines that are only a date: one is a header, several a list
    seen = 0
    block = True  # still in a block of key: value lines at the very top
    for index, line in enumerate(lines):
        plain = MD_EMPHASIS.sub("", line).strip()
        if not plain:
            continue
        seen += 1
        if seen > TOP_LINES:
            break
        paragraph = len(plain) > PARAGRAPH_CHARS
        written = None if paragraph or KEY_LINE.match(plain) else written_date(plain)
        if written:
            date_lines.append((index, plain, written))
            continue
        if not paragraph and read_header_line(header, plain, in_block=block):
            drop.add(index)
            continue
        block = False
        m = DATELINE.match(plain)
        if m:
            header.offer_date("dateline", m.group("date") or m.group("date2"))
        elif "author" not in header.fields and (b := BYLINE.match(plain)):
            header.fields["author"] = b.group(1).strip()
        if paragraph:
            break
    if len(date_lines) == 1:
        index, plain, written = date_lines[0]
        header.offer_date("date line", plain, written)
        drop.add(index)
    if drop:
        header.body = "\n".join(line for i, line in enumerate(lines) if i not in drop).lstrip("\n")


def read_header_line(header: Header, plain: str, *, in_block: bool) -> bool:
    """True when `plain` is a header line (then taken in and removed from the text)."""
    m = KEY_LINE.match(plain)
    if m:
        key, value = m.group(1).strip().lower(), m.group(2).strip()
        if key in ("date", "dated"):  # a Date: line is a date header even when its date is bad
            header.offer_date("Date: line", value, written_date(value))
            return True
        dates = split_published_updated(DATE_KEYS[key], value) if key in DATE_KEYS else []
        for kind, raw, part in dates:
            header.offer_date(kind, raw, part)
        if dates:
            return True
        if in_block and key in FIELD_KEYS:
            header.fields.setdefault(FIELD_KEYS[key], value)
            return True
        return False
    m = PUBLISHED_LINE.match(plain)
    dates = split_published_updated(published_or_updated(m.group(1)), m.group(2)) if m else []
    for kind, raw, part in dates:
        header.offer_date(kind, raw, part)
    if dates:
        return True
    return False


def published_or_updated(word: str) -> str:
    return "Updated line" if re.search(r"updated|modified", word, re.I) else "Published line"


def split_published_updated(kind: str, value: str) -> list[tuple[str, str, str | None]]:
    """"5 March 2024, updated 6 March 2024" (or "... | Last updated: ...") is two dates."""
    parts = re.split(r"\s*[|·•;]\s*|,?\s+(?=(?:last\s+)?(?:updated|modified)\b)", value, flags=re.I)
    out = []
    for number, part in enumerate(p for p in parts if p.strip()):
        if number:
            m = PUBLISHED_LINE.match(part) or KEY_LINE.match(part)
            if not m:
                continue
            part_kind = published_or_updated(m.group(1))
            part = m.group(2).lstrip(": ")
        else:
            part_kind = kind
        written = written_date(part)
        if written:
            out.append((part_kind, part.strip(), written))
    return out


def top_of_text(text: str) -> Header:
    """The dates the top of a text states (header lines and a dateline), without changing the text."""
    header = Header(body=text)
    read_top_lines(header)
    header.body = text
    return header
