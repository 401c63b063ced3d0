"""Channels: where the words were said or published, from the words around the cue.

The value is one of tv_address | interview[:<outlet>] | social[:<platform>] |
briefing[:<place>] | statement | report | court_filing | testimony | speech (the
vocabulary and its words are in rules/en.yaml). Only the attribution's own words count
(the cue's clause without what was said and without quoted text), so "a briefing" inside
a quotation is not the channel of that quotation.
"""

from __future__ import annotations

import functools
import re

from .rules import Channel, QuoteRules
from .speakers import ent_span

PLACE_LABELS = {"GPE", "LOC", "FAC", "ORG"}
OUTLET_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "GPE", "NORP", "PERSON", ""}


class Words:
    """Lower-case words of a clause, searchable for word sequences in one string scan."""

    def __init__(self, words: list[str]):
        self.words = words
        self.joined = " " + " ".join(words) + " "

    def find(self, phrase: tuple[str, ...]) -> int:
        """Index of the first word of `phrase` in the clause, or -1."""
        at = self.joined.find(" " + " ".join(phrase) + " ")
        return -1 if at < 0 else self.joined.count(" ", 0, at)

    def find_any(self, phrases: tuple[tuple[str, ...], ...]) -> int:
        """Index of the first word of the earliest-listed phrase found, or -1 (one regex scan decides
        whether any is there at all)."""
        if not phrases or not _alternation(phrases).search(self.joined):
            return -1
        for phrase in phrases:
            at = self.find(phrase)
            if at >= 0:
                return at
        return -1

    def __getitem__(self, i: int) -> str:
        return self.words[i]


def _find(words: Words, phrase: tuple[str, ...]) -> int:
    return words.find(phrase)


@functools.lru_cache(maxsize=64)
def _alternation(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern:
    return re.compile(" (?:" + "|".join(re.escape(" ".join(p)) for p in phrases) + ") ")


def clause_tokens(doc, cue, excluded: list[tuple[int, int]], *, according: bool = False) -> list:
    """The attribution's own tokens: the cue's subtree (or the 'according to' phrase) minus
    the excluded character ranges (the content, quoted text)."""
    tokens = [t for t in doc[cue.left_edge.i: cue.right_edge.i + 1]]
    if according:
        tokens = [t for t in cue.subtree]
    return [t for t in tokens if not any(s <= t.idx < e for s, e in excluded)]


def channel_of(doc, tokens: list, rules: QuoteRules, *, cue=None, addressee=None) -> str | None:
    words = Words([t.lower_.replace(" ", "_") for t in tokens])
    lemma = cue.lemma_.lower() if cue is not None else ""
    addressee_words = ()
    if addressee is not None:
        addressee_words = tuple(t.lower_ for t in addressee.subtree)
    for channel in rules.channels:
        if addressee_words and any(addressee_words[-len(a):] == a for a in channel.addressees):
            return _detail(doc, channel, tokens, words, addressee)
        if channel.name == "social":
            platform = _platform(channel, tokens, words)
            if platform or lemma == "tweet":
                return f"social:{platform or 'x'}"
            if words.find_any(channel.phrases) >= 0:
                return "social"
            continue
        if channel.name == "interview" and lemma == "tell" and addressee is not None and _is_outlet(doc, addressee):
            return f"interview:{_outlet_text(doc, addressee)}"
        if channel.name == "report" and lemma == "report":
            return "report"
        at = words.find_any(channel.phrases)
        if at >= 0:
            return _detail(doc, channel, tokens, words, addressee, tokens[at])
    return None


def _detail(doc, channel: Channel, tokens, words, addressee=None, anchor=None) -> str:
    if channel.name == "briefing" and anchor is not None:
        place = _place(doc, anchor)
        return f"briefing:{place}" if place else "briefing"
    if channel.name == "interview" and anchor is not None:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "on", "to"):
                for grand in child.children:
                    if grand.dep_ == "pobj" and _is_outlet(doc, grand):
                        return f"interview:{_outlet_text(doc, grand)}"
        if addressee is not None and _is_outlet(doc, addressee):
            return f"interview:{_outlet_text(doc, addressee)}"
        for t in tokens:  # "told Vox in an interview": the interview's outlet is who was told
            if t.dep_ in ("dobj", "dative") and t.head.lemma_ == "tell" and _is_outlet(doc, t):
                return f"interview:{_outlet_text(doc, t)}"
        return "interview"
    return channel.name


def _platform(channel: Channel, tokens, words) -> str | None:
    for key, names in channel.platforms.items():
        for name in names:
            at = _find(words, name)
            if at < 0:
                continue
            token = tokens[at]
            if key == "x" and name == ("x",):
                # the letter X is a platform only as a name after "on"/"network"/"platform"
                if token.text != "X" or at == 0 or words[at - 1] not in ("on", "network", "platform", "site", "via"):
                    continue
            return key
    return None


def _place(doc, anchor) -> str | None:
    for t in anchor.subtree:
        if t.ent_type_ in PLACE_LABELS and t.i != anchor.i and t.ent_iob_ == "B":
            return _strip_the(ent_span(doc, t).text)
    return None


def _is_outlet(doc, token) -> bool:
    """An addressee that is a named organisation (CNN, Vox, the Ledger), not a person or a group."""
    if token.pos_ != "PROPN":
        return False
    if any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return True  # "told the Gazette": a person is not "the Gazette", whatever NER says
    return token.ent_type_ in ("ORG", "PRODUCT", "WORK_OF_ART", "GPE", "")


def _outlet_text(doc, token) -> str:
    if token.ent_type_:
        return _strip_the(ent_span(doc, token).text)
    first = token.i
    while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN":
        first -= 1
    return _strip_the(doc[first: token.i + 1].text)


def _strip_the(text: str) -> str:
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text
