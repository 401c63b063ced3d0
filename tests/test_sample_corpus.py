"""The bundled sample corpus (fiction) and its gold annotation, checked against each other.

These tests read the files directly with the standard library, not through newsline's
readers. That way a reader bug cannot hide a corpus bug, and the other way round.
"""

from __future__ import annotations

import datetime as dt
import difflib
import email.utils
import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "newsline" / "data" / "sample"
ARTICLES = SAMPLE / "articles"
GOLD = SAMPLE / "gold.json"

DATE_HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2})( |\n)")
META_COMMENT = re.compile(r"\n?[ \t]*<!--\s*newsline:.*?-->[ \t]*", re.S)  # metadata, not text
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
GOLD_KEYS = ("articles", "timexes", "entities", "quotes", "claims", "events", "forecasts", "discrepancies")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strip_html(fragment: str) -> str:
    """Visible text of an HTML page or fragment: scripts dropped, tags removed, entities decoded."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", fragment, flags=re.S | re.I)
    text = re.sub(r"</(p|div|li|h[1-6]|header|footer|nav|aside|article)\s*>|<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def meta(page: str, attr: str, name: str) -> str | None:
    m = re.search(rf'<meta\s+{attr}="{re.escape(name)}"\s+content="([^"]*)"', page)
    return html.unescape(m.group(1)) if m else None


@lru_cache(maxsize=1)
def corpus() -> dict[str, dict]:
    """source key -> {format, text (for span checks), body, stated, outlet, fiction, header}."""
    items: dict[str, dict] = {}
    for path in sorted(ARTICLES.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(ARTICLES).as_posix()
        raw = path.read_text(encoding="utf-8")
        suffix = path.suffix.lower()
        if suffix in (".txt", ".md"):
            m = DATE_HEADER.match(raw)
            body = META_COMMENT.sub("", raw[m.end():] if m else raw)
            items[rel] = {
                "format": "markdown" if suffix == ".md" else "text",
                "text": raw,
                "body": body.strip("\n"),
                "stated": m.group(1) if m else None,
                "header": ("inline" if m.group(2) == " " else "newline") if m else None,
                "outlet": (re.search(r"outlet=([^;]+);", raw) or [None, None])[1],
                "fiction": "newsline: fiction=true" in raw and "fiction" in raw.lower(),
            }
        elif suffix == ".html":
            article = re.search(r"<article>(.*?)</article>", raw, re.S).group(1)
            footer = re.search(r"<footer.*?</footer>", raw, re.S).group(0)
            items[rel] = {
                "format": "html",
                "text": strip_html(raw),
                "body": squash(strip_html(article)),
                "stated": (meta(raw, "property", "article:published_time") or "")[:10] or None,
                "outlet": meta(raw, "property", "og:site_name"),
                "author": meta(raw, "name", "author"),
                "title": re.search(r"<title>(.*?)</title>", raw, re.S).group(1),
                "fiction": meta(raw, "name", "newsline:fiction") == "true" and "fiction" in footer.lower(),
            }
        elif suffix in (".rss", ".xml"):
            channel = ET.fromstring(raw).find("channel")
            outlet = channel.findtext("title")
            channel_fiction = "fiction" in (channel.findtext("description") or "").lower()
            for item in channel.findall("item"):
                content = item.findtext(CONTENT_NS) or item.findtext("description") or ""
                text = strip_html(content)
                categories = [c.text or "" for c in item.findall("category")]
                items[item.findtext("link")] = {
                    "format": "feed",
                    "text": text,
                    "body": squash(text),
                    "stated": email.utils.parsedate_to_datetime(item.findtext("pubDate")).date().isoformat(),
                    "outlet": outlet,
                    "title": item.findtext("title"),
                    "fiction": channel_fiction and "fiction" in categories,
                }
        elif suffix == ".jsonl":
            for line in raw.splitlines():
                if not line.strip():
                    continue
                obj = json.loads(line)
                assert set(obj) >= {"text", "title", "date", "url", "source", "fiction"}, obj.keys()
                items[obj["url"]] = {
                    "format": "jsonl",
                    "text": obj["text"],
                    "body": obj["text"],
                    "stated": obj["date"][:10],
                    "outlet": obj["source"],
                    "title": obj["title"],
                    "fiction": obj["fiction"] is True,
                }
    return items


@lru_cache(maxsize=1)
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def text_of(source: str) -> str:
    return squash(corpus()[source]["text"])


# ----------------------------------------------------------------------------- the corpus itself
def test_size_and_formats():
    items = corpus()
    assert len(items) >= 20
    formats = Counter(item["format"] for item in items.values())
    assert formats["text"] >= 5
    assert 1 <= formats["markdown"] <= 2
    assert 3 <= formats["html"] <= 4
    assert 4 <= formats["feed"] <= 5
    assert 4 <= formats["jsonl"] <= 5


def test_articles_are_short_news_items():
    for source, item in corpus().items():
        words = len(item["body"].split())
        assert 110 <= words <= 360, (source, words)


def test_outlets_and_dates():
    items = corpus().values()
    outlets = {item["outlet"] for item in items}
    assert None not in outlets
    assert len(outlets) >= 4
    stated = sorted(dt.date.fromisoformat(item["stated"]) for item in items if item["stated"])
    assert (stated[-1] - stated[0]).days >= 21


def test_every_file_is_marked_fiction():
    for source, item in corpus().items():
        assert item["fiction"], source
    assert "fiction" in (SAMPLE / "README.md").read_text(encoding="utf-8").lower()


def test_date_header_conventions():
    texts = {s: i for s, i in corpus().items() if i["format"] in ("text", "markdown")}
    headers = Counter(i["header"] for i in texts.values())
    assert headers["inline"] >= 1 and headers["newline"] >= 1
    assert headers[None] == 1, "exactly one article without a date header"
    for source, item in texts.items():
        if item["format"] == "markdown":
            assert item["body"].startswith("# "), source


def test_html_pages_carry_their_metadata():
    for source, item in corpus().items():
        if item["format"] == "html":
            assert item["author"] and item["title"] and item["stated"], source
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["stated"])


# ----------------------------------------------------------------------------- gold.json
def test_gold_loads_with_the_export_shape():
    g = gold()
    assert g["schema"] == "newsline/1"
    for key in GOLD_KEYS:
        assert isinstance(g[key], list) and g[key], key


def test_gold_articles_are_the_corpus():
    sources = [a["source"] for a in gold()["articles"]]
    assert len(sources) == len(set(sources))
    assert set(sources) == set(corpus())
    for a in gold()["articles"]:
        item = corpus()[a["source"]]
        assert a["stated_date"] == item["stated"], a["source"]
        assert a["outlet"] == item["outlet"], a["source"]
        assert a["date_source"] in ("stated", "inferred")
        if a["date_source"] == "stated":
            assert a["date"] == a["stated_date"]
        else:
            lo, hi = a["date_window"]
            assert lo <= a["date"] <= hi


def test_every_record_points_at_a_known_article():
    sources = set(corpus())
    g = gold()
    for key in ("timexes", "quotes", "claims", "forecasts"):
        for rec in g[key]:
            assert rec["article"] in sources, (key, rec)
    for ev in g["events"]:
        for m in ev["mentions"]:
            assert m["article"] in sources, ev["id"]
    for d in g["discrepancies"]:
        for it in d["items"]:
            assert it["article"] in sources, d["kind"]


def spans():
    g = gold()
    for t in g["timexes"]:
        yield "timex", t["article"], t["text"], t.get("occurrence", 0)
    for q in g["quotes"]:
        yield "quote", q["article"], q["text"], q.get("occurrence", 0)
    for c in g["claims"]:
        yield "claim", c["article"], c["sentence"], 0
    for e in g["events"]:
        for m in e["mentions"]:
            yield "event", m["article"], m["sentence"], 0
    for f in g["forecasts"]:
        yield "forecast", f["article"], f["text"], f.get("occurrence", 0)
        for ev in f["evidence"]:
            yield "evidence", ev["article"], ev["sentence"], 0
    for d in g["discrepancies"]:
        for it in d["items"]:
            yield "discrepancy", it["article"], it["text"], 0


def test_every_span_is_in_its_article():
    missing = []
    for kind, source, text, occurrence in spans():
        haystack = text_of(source)
        if haystack.count(squash(text)) < occurrence + 1:
            missing.append((kind, source, text[:60], occurrence))
    assert not missing, missing


def test_claim_anchors_are_in_their_sentences():
    for c in gold()["claims"]:
        assert c["anchor"] in c["sentence"], c
        assert c["qualifier"] in (None, "at_least", "more_than", "nearly", "about", "up_to", "exactly")
        value = c["value"]
        assert isinstance(value, (int, float)) or (len(value) == 2 and value[0] <= value[1]), c
        dt.date.fromisoformat(c["as_of"])


TIMEX_VALUE = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T(\d{2}:\d{2}|MO|AF|EV|NI))?)?|-W\d{2}(-WE)?|-(SP|SU|FA|WI))?"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF|P(\d+|X)[DWMY]|PT(\d+|X)[HM]|XXXX-(SP|SU|FA|WI)|XXXX-XX-XXT(MO|AF|EV|NI)")


def test_timexes_are_well_formed_and_do_not_overlap():
    by_article: dict[str, list[tuple[int, int]]] = {}
    for t in gold()["timexes"]:
        assert t["type"] in ("DATE", "TIME", "DURATION", "SET"), t
        assert TIMEX_VALUE.fullmatch(t["value"]), t
        text = text_of(t["article"])
        needle = squash(t["text"])
        start = -1
        for _ in range(t.get("occurrence", 0) + 1):
            start = text.index(needle, start + 1)
        by_article.setdefault(t["article"], []).append((start, start + len(needle)))
    for source, found in by_article.items():
        found.sort()
        for (s1, e1), (s2, e2) in zip(found, found[1:]):
            assert s2 >= e1, (source, s1, s2)
    assert {t["type"] for t in gold()["timexes"]} == {"DATE", "TIME", "DURATION", "SET"}


def test_entities_and_their_aliases():
    everything = "\n".join(text_of(s) for s in corpus())
    names = set()
    for e in gold()["entities"]:
        assert e["name"] not in names, e["name"]
        names.add(e["name"])
        for alias in e["aliases"]:
            assert re.search(rf"(?<![A-Za-z]){re.escape(alias)}(?![A-Za-z])", everything), alias
    for ev in gold()["events"]:
        assert set(ev["entities"]) <= names, ev["id"]
    nfa = next(e for e in gold()["entities"] if e["name"] == "National Flood Authority")
    assert {"NFA", "National Floods Authority"} <= set(nfa["aliases"])


# ----------------------------------------------------------------------------- the phenomena
def test_undated_and_misdated_articles():
    arts = {a["source"]: a for a in gold()["articles"]}
    undated = [a for a in arts.values() if a["stated_date"] is None]
    assert len(undated) == 1
    u = undated[0]
    assert u["date_source"] == "inferred" and u["date"] and u["date_window"]
    misdated = [a for a in arts.values() if any(f["kind"] == "content_predates_stated_date" for f in a["flags"])]
    assert len(misdated) == 1
    m = misdated[0]
    gap = dt.date.fromisoformat(m["stated_date"]) - dt.date.fromisoformat(m["date"])
    assert gap.days >= 10
    # its latest concrete date mention lies well before the stated date
    dates = [t["value"] for t in gold()["timexes"]
             if t["article"] == m["source"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t["value"])]
    assert max(dates) < m["stated_date"]


def test_discrepancies_cover_rank_figures_and_dates():
    kinds = Counter(d["kind"] for d in gold()["discrepancies"])
    assert kinds["attribute"] >= 1 and kinds["figure"] >= 1 and kinds["date"] >= 1
    rank = next(d for d in gold()["discrepancies"] if d["kind"] == "attribute")
    texts = " ".join(it["text"] for it in rank["items"])
    assert "Col." in texts and "Brig. Gen." in texts


def test_forecasts_resolve_every_way():
    statuses = Counter(f["status"] for f in gold()["forecasts"])
    assert set(statuses) == {"confirmed", "refuted", "mixed", "open"}
    assert len(gold()["forecasts"]) >= 6
    ids = {f["id"] for f in gold()["forecasts"]}
    for f in gold()["forecasts"]:
        assert 0 <= f["probability"] <= 1
        assert f.get("restates") in (None, *ids)
        if f["status"] in ("confirmed", "refuted", "mixed"):
            assert f["evidence"], f["id"]


def test_quotes_cover_kinds_and_channels():
    quotes = gold()["quotes"]
    assert {q["kind"] for q in quotes} == {"direct", "indirect", "mixed"}
    channels = {q["channel"] for q in quotes}
    assert {"tv_address", "interview", "social_media", "briefing", "statement", "report"} <= channels
    assert any(q.get("broken") for q in quotes)
    assert any(q.get("nested_in") for q in quotes)
    assert any(q.get("paragraphs", 1) > 1 for q in quotes)
    assert any(q["channel"] == "interview" and q.get("outlet") for q in quotes)
    assert any(q["channel"] == "briefing" and q.get("place") for q in quotes)


def test_figures_cover_series_conflicts_and_qualifiers():
    claims = gold()["claims"]
    assert {"at_least", "more_than", "nearly", "about", "up_to"} <= {c["qualifier"] for c in claims}
    assert {"USD", "EUR", "percent"} <= {c["unit"] for c in claims}
    assert any(isinstance(c["value"], list) for c in claims)
    tolls = {c["as_of"] for c in claims if c["what"] == "people killed"}
    assert len(tolls) >= 5, "a death toll that changes over several days"


def test_exact_and_near_duplicates():
    arts = gold()["articles"]
    dups = [a for a in arts if a["duplicate_of"]]
    nears = [a for a in arts if a["near_duplicate_of"]]
    assert dups and nears
    for a in dups:
        assert corpus()[a["source"]]["body"] == corpus()[a["duplicate_of"]]["body"]
    for a in nears:
        one = squash(corpus()[a["source"]]["body"]).split()
        other = squash(corpus()[a["near_duplicate_of"]]["body"]).split()
        ratio = difflib.SequenceMatcher(None, one, other).ratio()
        assert one != other and ratio > 0.85, ratio


@pytest.mark.parametrize("seed_word", ["Gaza", "Israel", "Hamas", "IDF", "Netanyahu"])
def test_the_story_is_invented(seed_word):
    for source, item in corpus().items():
        assert seed_word.lower() not in item["text"].lower(), source
