"""Four-digit numbers read as years that are not years ("1653 local time", a live blog's "2155 The
World Bank says ..."), and clock times not read as times, measured against a hand annotation.

The annotation is a tab-separated file, one line per four-digit number standing alone in an article
(`NUMBER` below): the article's key (the last part of its URL or source: "mj-0040" for
"tls://mj-0040"), the number, which occurrence of that number in the article it is (0, 1, ...),
and what it is: year, clock, count or other (a phone number, a code, a title). Numbers are found by
occurrence, not by offset, so the annotation holds for any detokenisation of the same article.

    gold = load_annotation("bench/data/t17-four-digit.tsv")
    report = four_digit_report(export, gold, texts)   # export: a newsline/1 object; texts: id -> text
    report.year_readings, report.not_years, report.clocks_missed
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# a four-digit number standing alone: not part of a longer number, a decimal, a date or a price
NUMBER = re.compile(r"(?<![\w$£€.,/:#-])(\d{4})(?![\w%]|[.,:/-]\d)")
LABELS = ("year", "clock", "count", "other")


def article_key(article: dict[str, Any]) -> str:
    """"mj-0040" for an article whose URL (or source) is "tls://mj-0040"."""
    where = article.get("url") or article.get("source") or article.get("id") or ""
    return where.rstrip("/").rsplit("/", 1)[-1]


def load_annotation(path: str | Path) -> dict[tuple[str, str, int], str]:
    """(article key, number, occurrence) -> label, from the tab-separated annotation ('#' lines are comments)."""
    gold: dict[tuple[str, str, int], str] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.reader(handle, delimiter="\t"), 1):
            if not row or row[0].startswith("#"):
                continue
            key, number, occurrence, label = row[:4]
            if label not in LABELS:
                raise ValueError(f"{path}:{line_no}: label {label!r} is not one of {', '.join(LABELS)}")
            gold[key, number, int(occurrence)] = label
    return gold


def occurrences(text: str) -> dict[int, tuple[str, int]]:
    """Start offset -> (number, occurrence) for every four-digit number standing alone in `text`."""
    seen: dict[str, int] = {}
    out: dict[int, tuple[str, int]] = {}
    for m in NUMBER.finditer(text):
        n = m.group(1)
        out[m.start(1)] = (n, seen.get(n, 0))
        seen[n] = seen.get(n, 0) + 1
    return out


@dataclass
class FourDigitReport:
    articles: int = 0  # articles of the export the annotation covers
    numbers: dict[str, int] = field(default_factory=dict)  # annotated numbers by label
    year_readings: int = 0  # bare four-digit expressions read as a year (DATE, value = the number)
    not_years: list[dict[str, Any]] = field(default_factory=list)  # ... that the annotation says are not
    clocks_missed: list[dict[str, Any]] = field(default_factory=list)  # annotated clock times not read as a TIME
    unannotated: int = 0  # year readings of numbers the annotation does not list

    def line(self) -> str:
        return (f"{self.year_readings} four-digit year readings, {len(self.not_years)} of them not years; "
                f"{len(self.clocks_missed)} of {self.numbers.get('clock', 0)} clock times not read as times")


def four_digit_report(data: dict[str, Any], gold: dict[tuple[str, str, int], str],
                      texts: dict[str, str] | None = None) -> FourDigitReport:
    """Score an export's four-digit readings against the annotation (articles it does not cover are skipped).
    `texts`: article id -> text, when the export's articles do not carry their `text`."""
    keys = {k for k, _, _ in gold}
    texts = texts or {a["id"]: a.get("text", "") for a in data["articles"]}
    report = FourDigitReport()
    by_article: dict[str, list[dict[str, Any]]] = {}
    for t in data["timexes"]:
        by_article.setdefault(t["article"], []).append(t)
    for article in data["articles"]:
        key = article_key(article)
        if key not in keys:
            continue
        report.articles += 1
        text = texts.get(article["id"], "")
        where = occurrences(text)
        for start, (n, k) in where.items():
            label = gold.get((key, n, k))
            if label:
                report.numbers[label] = report.numbers.get(label, 0) + 1
            if label == "clock":
                covering = [t for t in by_article.get(article["id"], []) if t["start"] <= start < t["end"]]
                if not any(t["type"] == "TIME" for t in covering):
                    report.clocks_missed.append(_item(key, n, k, text, start, covering))
        for t in by_article.get(article["id"], []):
            if t["type"] != "DATE" or t["text"].strip() != t["value"] or not NUMBER.fullmatch(t["value"]):
                continue
            report.year_readings += 1
            n, k = where.get(t["start"], (t["value"], -1))
            label = gold.get((key, n, k))
            if label is None:
                report.unannotated += 1
            elif label != "year":
                report.not_years.append(dict(_item(key, n, k, text, t["start"], [t]), label=label))
    return report


def _item(key: str, number: str, occurrence: int, text: str, start: int, timexes: list[dict[str, Any]]
          ) -> dict[str, Any]:
    return {"article": key, "number": number, "occurrence": occurrence, "start": start,
            "read_as": [(t["type"], t["value"]) for t in timexes],
            "context": text[max(0, start - 50):start + 50].replace("\n", " ")}
