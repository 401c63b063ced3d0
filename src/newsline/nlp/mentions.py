"""Entity mentions from spaCy's NER, with rule fixes for the slips the small model makes on news.

- A name is the name alone: no leading "a"/"the", no quote marks, brackets, colons or possessive
  around it, and a person's honorific or rank ("Dr", "Marine Lt. Gen.") is kept as their title,
  not as part of the name.
- Time zones and weekdays are not entities; a platform (X, Twitter) is never a person.
- An acronym defined in the text ("Israel Defense Forces (IDF)") gives mentions for the long form
  and for every later use of the acronym, even where NER missed them; the long form carries
  `same_as` = the acronym, so the linker joins them in every article. "X, formerly known as
  Twitter" does the same for renamed things.
- A span that starts with a defined acronym and runs on into common words ("IDF tanks") is cut
  back to the acronym; a span ending in a function word ("Global Coalition to") loses it.
- The surname of a person named in full in the same article is that person, whatever label NER
  gave it ("Oltenbrand" as GPE), unless the article uses the word as a place ("in Haiti") or a
  thing ("the Ledger"): "Yele Haiti" does not make Haiti a person. A name NER called a PRODUCT
  that says or tells something is a person; a "person" beside an organisation noun ("his Yele
  Haiti foundation") is an organisation.
- An organisation written "the Journal" after the same article named "the Wall Street Journal" is
  that one ("the Times", "the Agency"; the nearest earlier name that ends so): it carries
  `short_for` = the full name, which the linker reads in this article only (the bare word names
  nothing across articles), and an outlet NER took for a law or a product is an organisation when
  its short form is one. The short form is the end of the full name, not what follows "of" in it
  ("the Red Cross" is not "the International Committee of the Red Cross"), not an acronym, and not a
  word that names a body of its own ("the House" after "the White House").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from ..records import Mention, Sentence, sentence_of
from .components import doc_text
from .titles import TITLE_WORDS, title_before

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"}
CONNECTORS = {"of", "for", "and", "the", "on", "de", "&"}
TRAILING = {"to", "of", "for", "and", "the", "in", "on", "at", "by", "with", "from", "a", "an"}
DETERMINERS = {"a", "an", "the"}
FUNCTION_WORDS = CONNECTORS | TRAILING
MARKUP = set("[]{}<>")  # never inside a name: Markdown links and HTML tags the text carries as text
# Penn Treebank bracket and quote tokens, as tokenised corpora carry them
JUNK_TOKENS = {"-lrb-", "-rrb-", "-lsb-", "-rsb-", "-lcb-", "-rcb-", "``", "''", "`", "--"}
SPEECH_LEMMAS = {"say", "tell", "add", "write", "post", "warn", "insist", "note", "argue", "announce", "claim",
                 "describe", "explain", "deny", "confirm", "state"}
ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w’'.-]*|of|for|and|the|on|&)(?:[ \t]+(?:[A-Z][\w’'.-]*|of|for|and|the|on|&)){1,8})"
    r"[ \t]*\(([A-Z][A-Za-z]{1,7})\)"
)


@lru_cache(maxsize=1)
def rules() -> dict:
    text = resources.files("newsline.nlp").joinpath("rules/entities.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {key: set(value) if key != "formerly" else sorted(value, key=len, reverse=True)
            for key, value in data.items()}


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in CONNECTORS).upper()


def acronym_definitions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, acronym) of each long form followed by its acronym in brackets."""
    found = []
    for m in ACRONYM_DEF.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        # the long form is the shortest tail of the capitalised run whose initials spell the acronym
        for i in range(len(words)):
            tail = words[i:]
            if tail[0].lower() in CONNECTORS:
                continue
            if initials(tail) == acronym.upper():
                start = m.start(1) + len(" ".join(words[:i])) + (1 if i else 0)
                start = text.index(tail[0], start)
                found.append((start, start + len(" ".join(tail)), acronym))
                break
    return found


def is_junk(token) -> bool:
    return token.lower_ in JUNK_TOKENS or (token.is_punct and token.text not in ("&",)) or token.is_space


def clean_tokens(tokens: list, label: str, acronyms: set[str]) -> list:
    """The name inside an NER span: junk, determiners and (for people) honorifics off the ends."""
    honorifics = rules()["honorifics"]
    while tokens and (is_junk(tokens[0]) or (len(tokens) > 1 and tokens[0].lower_ in DETERMINERS)
                      or (label == "PERSON" and len(tokens) > 1 and tokens[0].lower_ in honorifics)):
        tokens = tokens[1:]
    while tokens and (is_junk(tokens[-1]) or tokens[-1].text in ("'s", "’s")):
        tokens = tokens[:-1]
    if tokens and tokens[0].text in acronyms and len(tokens) > 1 and tokens[1].is_lower:
        tokens = tokens[:1]
    while len(tokens) > 1 and tokens[-1].lower_ in TRAILING:
        tokens = tokens[:-1]
    return tokens


def entity_mentions(article_id: str, doc, sentences: list[Sentence]) -> list[Mention]:
    text = doc_text(doc)
    table = rules()
    spans: list[tuple[int, int, str]] = []
    definitions = acronym_definitions(text)
    acronyms = {acr for _s, _e, acr in definitions}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        tokens = clean_tokens(list(ent), ent.label_, acronyms)
        if not tokens or not any(ch.isalpha() for ch in tokens[0].text + tokens[-1].text):
            continue
        if any(ch in MARKUP for t in tokens for ch in t.text):
            continue  # a link's or a tag's pieces ("files](javascript", "<b>Harbour"): markup, not a name
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if text[start:end].lower() in table["not_entities"]:
            continue
        spans.append((start, end, ent.label_))
    spans = join_cut_organisations(text, spans)
    # rule mentions for acronym definitions and later uses, where NER has nothing there
    same_as: dict[tuple[int, int], str] = {}
    for start, end, acronym in definitions:
        spans.append((start, end, "ORG"))
        same_as[(start, end)] = acronym
        for m in re.finditer(r"\b" + re.escape(acronym) + r"\b", text):
            spans.append((m.start(), m.end(), "ORG"))
    spans = [(start, end, organisation_label(doc, start, end, person_label(doc, start, end, label)))
             for start, end, label in spans]
    spans = [(s, e, "ORG" if label == "PERSON" and text[s:e].lower() in table["platforms"] else label)
             for s, e, label in spans]
    spans = [(s, e, label) for s, e, label in spans if not title_of_next_person(doc, s, e, spans)]
    surnames = person_surnames(doc, spans)
    spans = [(s, e, "PERSON" if text[s:e] in surnames else label) for s, e, label in spans]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    mentions = []
    last_end = -1
    for start, end, label in spans:
        if start < last_end:  # overlaps a kept (earlier or longer) span: NER's spans come first per offset
            continue
        title = None
        span = doc.char_span(start, end, alignment_mode="expand")
        if label == "PERSON" and span is not None:
            title = title_before([t.text for t in doc[max(0, span.start - 6): span.start]])
        mentions.append(Mention(article_id, start, end, text[start:end], label, sentence_of(sentences, start),
                                title=title, same_as=same_as.get((start, end))))
        last_end = end
    link_renamed(text, mentions)
    mark_short_forms(doc, mentions)
    return mentions


JOIN_ORG = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?")


def fullest_by_surname(persons) -> dict[str, str]:
    """Surname -> the longest name the article gives a person with it (the first, on a tie), so that
    "Vierling" reads as the "Tomas Vierling" named before."""
    out: dict[str, str] = {}
    for m in persons:
        words = m.text.split()
        surname = words[-1] if words else m.text
        if len(m.text) > len(out.get(surname, "")):
            out[surname] = m.text
    return out


def join_cut_organisations(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation the model cut in two at "for" or "of" is one name ("Marevian Office" + "for the"
    + "Coordination of Flood Relief")."""
    spans = sorted(spans)
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out and label == "ORG" and out[-1][2] == "ORG" and JOIN_ORG.fullmatch(text[out[-1][1]:start]):
            out[-1] = (out[-1][0], end, "ORG")
        else:
            out.append((start, end, label))
    return out


def title_of_next_person(doc, start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    """Is this span only title words ahead of a person ("Defense" in "Defense Minister Yoav Gallant",
    "Marine" in "Marine Lt. Gen. James Glynn")? Then it is part of the title the person mention
    keeps, not an organisation or a nationality of its own."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not all(t.lower_ in TITLE_WORDS for t in span):
        return False
    i = span.end
    while i < len(doc) and doc[i].lower_ in TITLE_WORDS:
        i += 1
    if i >= len(doc):
        return False
    at = doc[i].idx
    return any(s <= at < e and label in ("PERSON", "PRODUCT") for s, e, label in spans)


def person_surnames(doc, spans: list[tuple[int, int, str]]) -> set[str]:
    """Last words of the article's full person names that the article never uses as a place or a
    thing: after "in"/"to"/... ("in Haiti") or "the" ("the Ledger")."""
    text = doc_text(doc)
    candidates = {text[s:e].split()[-1] for s, e, label in spans if label == "PERSON" and len(text[s:e].split()) > 1}
    if not candidates:
        return set()
    locative = set(rules()["locative"]) | {"the"}
    used_otherwise = set()
    # the word before each use of a candidate, read from the text (not token by token over the Doc)
    pattern = re.compile(r"(\w+)\s+(" + "|".join(re.escape(c) for c in sorted(candidates, key=len, reverse=True)) + r")\b")
    for m in pattern.finditer(text):
        if m.group(1).lower() in locative:
            used_otherwise.add(m.group(2))
    return candidates - used_otherwise


# what NER calls an organisation it does not know, an outlet's name among them ("the Ostrian Evening
# Courier" as LAW); not a place or a people ("the Caribbean" after "BBC Caribbean")
SHORT_FORM_LABELS = {"ORG", "PRODUCT", "EVENT", "FAC", "LAW"}


SHORT_FORM_REACH = 40  # earlier names ending in the same word looked at (linear on a book-length text)


def mark_short_forms(doc, mentions: list[Mention]) -> None:
    """"the Journal" after "the Wall Street Journal": a name written with "the" that is the last
    word(s) of the nearest earlier longer name is that name's short form (`short_for`), as a surname
    alone is the person named in full before. Where NER calls either of the two an organisation, both
    are one ("the Courier reported" says what the "Ostrian Evening Courier" it took for a law is)."""
    own_names = rules()["not_short_forms"]
    by_last_word: dict[str, list[tuple[list[str], Mention]]] = {}  # the article's names so far, lower-cased
    for m in mentions:
        if m.label not in SHORT_FORM_LABELS:
            continue
        words = m.text.split()
        lowered = [w.lower() for w in words]
        earlier = by_last_word.setdefault(lowered[-1], [])
        if earlier and words[0][:1].isupper() and not m.text.isupper() and " ".join(lowered) not in own_names \
                and the_names_it(doc, m):
            n = len(words)
            for long_words, long in reversed(earlier[-SHORT_FORM_REACH:]):
                if len(long_words) <= n or long_words[-n:] != lowered:
                    continue
                if long_words[-n - 1] not in FUNCTION_WORDS:  # the nearest such name, or none
                    if "ORG" in (m.label, long.label):
                        m.label = long.label = "ORG"
                    m.label, m.short_for = long.label, long.short_for or long.text
                break
        earlier.append((lowered, m))


def the_names_it(doc, m: Mention) -> bool:
    """Is the name written "the Journal", the article on the name itself (not "the Minustah camp",
    where "the" is the camp's)?"""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.lower_ == "the" and span.start <= before.head.i < span.end


def link_renamed(text: str, mentions: list[Mention]) -> None:
    """"X, formerly known as Twitter" / "X (formerly Twitter)": the first name is also the second."""
    phrases = rules()["formerly"]
    for first, second in zip(mentions, mentions[1:]):
        between = text[first.end:second.start].strip(" ,()–—-").lower()
        if between in phrases and first.same_as is None:
            first.same_as = second.text
            if first.label == "PERSON" or second.label == "PERSON":
                first.label = second.label = "ORG"


def organisation_label(doc, start: int, end: int, label: str) -> str:
    """A "person" named right beside an organisation noun is that organisation ("his Yele Haiti
    foundation", "the charity Tamsa Corven")."""
    if label != "PERSON":
        return label
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return label
    nouns = rules()["organisation_nouns"]
    after = doc[span.end].lemma_.lower() if span.end < len(doc) else ""
    before = doc[span.start - 1].lemma_.lower() if span.start > 0 else ""
    return "ORG" if after in nouns or before in nouns else label


def person_label(doc, start: int, end: int, label: str) -> str:
    """PRODUCT is the small model's usual guess for an unfamiliar name; one that speaks is a person."""
    if label != "PRODUCT":
        return label
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) > 3 or not all(t.text[:1].isupper() for t in span):
        return label
    if span.text.lower() in rules()["platforms"]:
        return label
    head = span.root
    if head.dep_ in ("nsubj", "appos") and head.head.lemma_ in SPEECH_LEMMAS:
        return "PERSON"
    if head.dep_ == "appos" or any(t.dep_ == "appos" for t in head.children):
        return "PERSON"
    return label
