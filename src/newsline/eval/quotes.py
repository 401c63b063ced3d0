"""Scoring quotations the way the field does (Gender Gap Tracker, PARC-style corpora).

A predicted quote matches a gold quote when its character ranges cover at least 30% of the
gold content's words; pairs are made greedily, best coverage first, one to one, per article.
Precision, recall and F1 count matched quotes. Speaker accuracy is measured on matched pairs
whose gold speaker is a name (a pronoun or a description in the gold cannot be checked
against a name): correct when the names agree. Recall is also split by the gold quote's kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

WORD = re.compile(r"\w+")
MIN_COVERAGE = 0.3
TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "lt", "col", "president", "senator",
          "secretary", "the", "of", "prof", "sir", "dame", "judge", "justice", "speaker", "minister", "prime"}


@dataclass
class Item:
    """One quote, gold or predicted: character pieces into the article text."""

    pieces: list[tuple[int, int]]
    kind: str | None = None  # gold: direct | indirect | mixed
    speaker: str | None = None
    speaker_is_name: bool = False  # gold: the speaker can be checked as a name
    aliases: tuple[str, ...] = ()  # gold: other names of the same speaker
    text: str = ""
    cue: str | None = None  # gold: the cue as written (for error reports)
    channel: str | None = None  # in newsline's vocabulary (gold mapped to it), None when not stated


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_checked: int = 0
    speaker_correct: int = 0
    channel_checked: int = 0  # matched pairs whose gold has a channel vocabulary (the sample gold)
    channel_kind_correct: int = 0  # tv_address / interview / social / briefing / ... agree
    channel_correct: int = 0  # and the outlet, platform or place too
    gold_by_kind: Counter = field(default_factory=Counter)
    matched_by_kind: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("gold", "predicted", "matched", "speaker_checked", "speaker_correct", "channel_checked",
                     "channel_kind_correct", "channel_correct"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.gold_by_kind.update(other.gold_by_kind)
        self.matched_by_kind.update(other.matched_by_kind)
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_checked if self.speaker_checked else 0.0

    def recall_of(self, kind: str) -> float:
        return self.matched_by_kind[kind] / self.gold_by_kind[kind] if self.gold_by_kind[kind] else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "speaker_checked": self.speaker_checked, "speaker_accuracy": round(self.speaker_accuracy, 4),
            "recall_by_kind": {k: round(self.recall_of(k), 4) for k in sorted(self.gold_by_kind)},
            "channel_checked": self.channel_checked,
            "channel_kind_accuracy": round(self.channel_kind_correct / self.channel_checked, 4) if self.channel_checked else None,
            "channel_accuracy": round(self.channel_correct / self.channel_checked, 4) if self.channel_checked else None,
            "gold_by_kind": dict(self.gold_by_kind),
        }


def word_spans(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for start, end in pieces for m in WORD.finditer(text[start:end])]


def coverage(text: str, gold: Item, predicted: Item) -> float:
    """Share of the gold content's words that lie inside the predicted quote's ranges."""
    spans = word_spans(text, gold.pieces)
    if not spans:
        return 0.0
    inside = sum(1 for ws, we in spans if any(ps <= (ws + we) // 2 < pe for ps, pe in predicted.pieces))
    return inside / len(spans)


def name_words(name: str) -> set[str]:
    return {w.lower() for w in WORD.findall(name or "")} - TITLES


def names_agree(ours: str | None, gold: Item) -> bool:
    """Same name: equal (any case) to the gold name or one of its aliases, or the gold name's last
    word (a surname, 'Clinton' in 'Mrs. Clinton') is one of ours and vice versa for the shorter."""
    if not ours:
        return False
    candidates = [gold.speaker or ""] + list(gold.aliases)
    if any(ours.casefold() == c.casefold() for c in candidates if c):
        return True
    mine = name_words(ours)
    for c in candidates:
        words = [w.lower() for w in WORD.findall(c or "") if w.lower() not in TITLES]
        if words and words[-1] in mine and (len(mine) == 1 or len(words) == 1 or mine <= set(words) or set(words) <= mine):
            return True
    return False


def score_article(text: str, gold: list[Item], predicted: list[Item], *, label: str = "") -> Tally:
    tally = Tally(gold=len(gold), predicted=len(predicted))
    for g in gold:
        tally.gold_by_kind[g.kind or "?"] += 1
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p.pieces and g.pieces and p.pieces[0][0] < g.pieces[-1][1] and p.pieces[-1][1] > g.pieces[0][0]:
                c = coverage(text, g, p)
                if c >= MIN_COVERAGE:
                    pairs.append((c, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p = set(), set()
    for c, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold[gi], predicted[pi]
        tally.matched += 1
        tally.matched_by_kind[g.kind or "?"] += 1
        if g.channel is not None:
            tally.channel_checked += 1
            ours = p.channel or "none"
            if ours.split(":")[0] == g.channel.split(":")[0] or {ours, g.channel} == {"testimony", "speech"}:
                tally.channel_kind_correct += 1
                if ours.casefold() == g.channel.casefold() or ":" not in g.channel or ours in ("testimony", "speech"):
                    tally.channel_correct += 1
            else:
                tally.errors.append({"article": label, "error": "channel", "gold": g.channel, "ours": p.channel,
                                     "text": g.text[:160]})
        if g.speaker_is_name:
            tally.speaker_checked += 1
            if names_agree(p.speaker, g):
                tally.speaker_correct += 1
            else:
                tally.errors.append({"article": label, "error": "speaker", "gold": g.speaker, "ours": p.speaker,
                                     "cue": g.cue, "text": g.text[:160]})
    best: dict[int, float] = {}
    for c, gi, _pi in pairs:
        best[gi] = max(best.get(gi, 0.0), c)
    for gi, g in enumerate(gold):
        if gi not in used_g:
            overlap = max((coverage(text, g, p) for p in predicted if p.pieces and g.pieces
                           and p.pieces[0][0] < g.pieces[-1][1] and p.pieces[-1][1] > g.pieces[0][0]), default=0.0)
            tally.errors.append({"article": label, "error": "missed", "kind": g.kind, "gold": g.speaker,
                                 "cue": g.cue, "coverage": round(overlap, 2), "text": g.text[:160]})
    for pi, p in enumerate(predicted):
        if pi not in used_p:
            tally.errors.append({"article": label, "error": "spurious", "ours": p.speaker, "cue": p.cue,
                                 "text": p.text[:160]})
    return tally


def quote_kind(text: str) -> str:
    """direct / mixed / indirect from the quotation marks in a content span (for gold without a kind)."""
    stripped = text.strip()
    marks = re.findall(r"[\"“”«»„]|``|''", stripped)
    if not marks:
        return "indirect"
    inner = re.sub(r"[\"“”«»„]|``|''", "", stripped).strip(" .,;:")
    opens = stripped[:1] in "\"“«„`" or stripped.startswith("``")
    closes = stripped.rstrip(" .,;:")[-1:] in "\"”»'"
    return "direct" if opens and closes and inner else "mixed"


# -- the sample corpus gold (newsline/1 shape, spans by text) ------------------------------------
def gold_quote_items(gold: dict, ids: dict[str, str], texts: dict[str, str]) -> dict[str, list[Item]]:
    """Gold quotes per article id; a speaker is a name when it is a gold entity's name or alias."""
    from .gold import locate

    aliases: dict[str, tuple[str, ...]] = {}
    for e in gold["entities"]:
        for name in [e["name"], *e["aliases"]]:
            aliases[name] = tuple(e["aliases"]) + (e["name"],)
    items: dict[str, list[Item]] = {}
    for q in gold["quotes"]:
        aid = ids.get(q["article"])
        if aid is None or aid not in texts:
            continue
        span = locate(texts[aid], q["text"], q.get("occurrence", 0))
        if span is None:
            continue
        items.setdefault(aid, []).append(Item([span], q["kind"], q["speaker"], q["speaker"] in aliases,
                                              aliases.get(q["speaker"], ()), q["text"], q["cue"], gold_channel(q)))
    return items


def gold_channel(q: dict) -> str:
    """The sample gold's channel (channel + outlet / platform / place) in newsline's vocabulary;
    'none' where the gold says the text marks no channel ('other')."""
    channel = q.get("channel") or "other"
    if channel == "other":
        return "none"
    if channel == "interview":
        return f"interview:{q['outlet']}" if q.get("outlet") else "interview"
    if channel == "social_media":
        platform = (q.get("platform") or "").lower()
        return f"social:{'x' if platform in ('x', 'twitter') else platform}" if platform else "social"
    if channel == "briefing":
        return f"briefing:{q['place']}" if q.get("place") else "briefing"
    return channel  # tv_address, statement, report, speech


def export_quote_items(export: dict) -> dict[str, list[Item]]:
    items: dict[str, list[Item]] = {}
    for q in export["quotes"]:
        items.setdefault(q["article"], []).append(Item([(q["start"], q["end"])], speaker=q["speaker"], text=q["text"],
                                                       cue=q["cue"], channel=q["channel"]))
    return items


def score_quotes(gold: dict, export: dict, ids: dict[str, str], texts: dict[str, str]) -> Tally:
    """The export's quotes against the gold's, article by article (the bench/quotes metric)."""
    gold_items = gold_quote_items(gold, ids, texts)
    ours = export_quote_items(export)
    tally = Tally()
    for aid in sorted({aid for aid in ids.values() if aid in texts}):
        tally.add(score_article(texts[aid], gold_items.get(aid, []), ours.get(aid, []), label=aid))
    return tally
