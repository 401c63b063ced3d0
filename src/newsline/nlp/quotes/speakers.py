"""Speakers: how the clause names who spoke, and whom that refers to in the article.

`speaker_ref` reads the subject of a cue: a name ("IDF spokesperson Peter Lerner"), a
pronoun ("he"), or a description ("the defense minister", "a senior official who asked not
to be named"). `SpeakerResolver` turns it into the name the article knows best:

- a name becomes the fullest form of it in the article ("Netanyahu" -> "Benjamin Netanyahu",
  "IDF" -> "Israel Defense Forces" where the text defines it, "the Journal" -> "Wall Street
  Journal");
- a pronoun becomes the nearest earlier person (he/she) or organisation (it/they) that was
  the subject of a clause or spoke, skipping those of the other gender once one is known;
- a definite description ("the mayor", "the authority") becomes the person the article gave
  that title, or the organisation whose name holds that word; an unnamed source ("a senior
  official", "one official", "officials") stays as written: it is never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .rules import QuoteRules

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC", "WORK_OF_ART", "EVENT", "LAW"}
SPEAKING_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")
COLLECTIVE = {"administration", "government", "campaign", "team", "company", "ministry", "army", "military",
              "police", "council", "committee", "party", "agency", "authority", "union", "court", "department",
              "office", "commission", "board", "group", "coalition", "alliance", "cabinet", "parliament"}
WINDOW = 2500  # characters a pronoun looks back for its antecedent
FULLEST_REACH = 40  # forms of one name looked at either side for its fullest form
LOOK_BACK = 400  # mentions a description ("the authority") looks back for the name it stands for


@dataclass
class SpeakerRef:
    """The speaker as the clause writes it."""

    start: int
    end: int
    text: str
    kind: str  # name | pronoun | description
    head: int  # token index of its head
    label: str | None = None  # NER label for a name
    definite: bool = False  # "the mayor", "its commander", "Brannock's mayor"
    unnamed: bool = False  # "a senior official", "officials"


@dataclass
class Ref:
    """A mention the resolver can point at (an entity mention, or an NER span)."""

    start: int
    end: int
    text: str
    label: str
    title: str | None = None


def ent_span(doc, token):
    """The named-entity span holding `token` (walks the IOB tags: no scan over doc.ents)."""
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _ent_of(doc, token):
    if not token.ent_type_:
        return None
    span = ent_span(doc, token)
    span.label_ = token.ent_type_
    return span


def speaker_ref(doc, token, rules: QuoteRules) -> SpeakerRef | None:
    """The speaker expression headed by `token`."""
    lower = token.lower_
    if lower in rules.relative and token.dep_ in SUBJECT_DEPS:
        return None  # resolved by the caller through the relative clause's head
    if token.pos_ == "PRON" or lower in rules.pronouns:
        if lower in rules.pronouns:
            return SpeakerRef(token.idx, token.idx + len(token.text), token.text, "pronoun", token.i)
        return None
    if token.lower_ in rules.documents or token.lemma_.lower() in rules.documents:
        # "reporting by the New York Times", "a statement from the ministry": whose document it is
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of", "in"):
                author = next((g for g in child.children if g.dep_ == "pobj"), None)
                if author is not None and (author.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or author.pos_ == "PROPN"):
                    return speaker_ref(doc, author, rules)
    ent = _ent_of(doc, token)
    if ent is not None and ent.label_ in NAME_LABELS:
        return _name(doc, ent.start, ent.end, ent.label_, token.i)
    for child in token.children:  # "the NFA's director-general, Matthias Orren,"
        if child.dep_ == "appos":
            inner = _ent_of(doc, child)
            if inner is not None and inner.label_ in ("PERSON", "ORG"):
                return _name(doc, inner.start, inner.end, inner.label_, child.i)
    if token.pos_ == "PROPN":
        first = token.i
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN" and doc[first - 1].head.i == token.i:
            first -= 1
        return _name(doc, first, token.i + 1, None, token.i)
    return description(doc, token, rules)


def _name(doc, start: int, end: int, label: str | None, head: int) -> SpeakerRef:
    if start < end - 1 and doc[start].lower_ == "the":
        start += 1
    while end - 1 > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    span = doc[start:end]
    return SpeakerRef(span.start_char, span.end_char, span.text, "name", head, label)


def description(doc, token, rules: QuoteRules) -> SpeakerRef:
    """The noun phrase: its left edge to the head, plus what follows the head up to a comma
    ("a spokeswoman for the authority", "a senior official who asked not to be named")."""
    first = token.left_edge.i
    while first < token.i and (doc[first].is_punct or doc[first].text in ("#", "*")):
        first += 1
    last = token.i
    for child in token.rights:
        if child.dep_ in ("prep", "relcl", "acl", "amod", "nummod", "compound", "poss") and not _comma_between(doc, last, child.left_edge.i):
            last = max(last, child.right_edge.i)
        else:
            break
    last = min(last, first + 15)
    while last > first and doc[last].is_punct:
        last -= 1
    span = doc[first:last + 1]
    determiners = [t for t in doc[first:token.i] if t.dep_ in ("det", "poss", "nummod", "amod") and t.head.i == token.i]
    det_words = {t.lower_ for t in determiners}
    definite = bool(det_words & {"the", "this", "that", "its", "their", "his", "her"}) or any(
        t.dep_ == "poss" for t in determiners)
    unnamed = bool(det_words & rules.unnamed) or (not definite and token.tag_ in ("NNS", "NNPS"))
    if not determiners and token.tag_ == "NN" and not any(t.dep_ == "det" for t in token.lefts):
        definite = True  # headlinese drops the article: "Opposition leader says ..." is the leader
    return SpeakerRef(span.start_char, span.end_char, span.text, "description", token.i,
                      definite=definite and not unnamed, unnamed=unnamed or not definite)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _comma_between(doc, a: int, b: int) -> bool:
    return any(doc[i].text == "," for i in range(a + 1, b))


# -- resolution ---------------------------------------------------------------------------------------
def words(text: str) -> list[str]:
    text = re.sub(r"['’]s?$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return re.findall(r"[\w.&-]+", text)


def initials(text: str) -> str:
    return "".join(w[0] for w in words(text) if w[0].isupper())


class SpeakerResolver:
    """Resolves speaker expressions against the article's mentions, in reading order."""

    def __init__(self, doc, mentions: list[Ref], rules: QuoteRules, quoted: list[tuple[int, int]],
                 contents: list[tuple[int, int]] = ()):
        self.doc = doc
        self.rules = rules
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        # what was said (quoted, or reported): a name in there is rarely who speaks next
        self.quoted = sorted(_merge(list(quoted) + list(contents)))
        self.quoted_starts = [q[0] for q in self.quoted]
        self.gender: dict[str, str] = {}
        self.speakers: list[tuple[int, Ref | None, str, str | None]] = []  # (offset, ref, name, label)
        self._subjects: dict[int, bool] = {}
        self._name_index()
        self._learn_gender()
        self._titles = self._title_index()

    # -- lookups
    def mention_at(self, start: int, end: int) -> Ref | None:
        i = bisect_left(self.starts, start)
        best = None
        for j in range(max(0, i - 3), min(len(self.mentions), i + 3)):
            m = self.mentions[j]
            if m.start < end and m.end > start:
                if best is None or (m.end - m.start) > (best.end - best.start):
                    best = m
        return best

    def in_quote(self, offset: int) -> bool:
        i = bisect_left(self.quoted_starts, offset + 1) - 1
        return i >= 0 and self.quoted[i][0] <= offset < self.quoted[i][1]

    def _name_index(self) -> None:
        """Mentions by last word and by initials, with their words, so `fullest` is a lookup."""
        self._words = {id(m): words(m.text) for m in self.mentions}
        self._by_last: dict[tuple[bool, str], list[Ref]] = {}
        self._by_initials: dict[str, list[Ref]] = {}
        self._starts_cache: dict[int, list[int]] = {}
        for m in self.mentions:
            ws = self._words[id(m)]
            if not ws:
                continue
            self._by_last.setdefault((m.label == "PERSON", ws[-1].lower()), []).append(m)
            if m.label != "PERSON" and len(ws) > 1:
                self._by_initials.setdefault(initials(m.text).upper(), []).append(m)

    def fullest(self, ref: Ref) -> Ref:
        """The fullest form of a name in the article: the nearest earlier longer form, else the
        first later one (looks at most FULLEST_REACH forms either side: linear on long articles)."""
        ws = words(ref.text)
        if not ws:
            return ref
        person = ref.label == "PERSON"
        if ref.text.isupper() and 2 <= len(ref.text) <= 6 and not person:
            candidates = self._by_initials.get(ref.text.replace(".", ""), [])
            fits = lambda m: True  # noqa: E731
        else:
            candidates = self._by_last.get((person, ws[-1].lower()), [])
            lowered = [w.lower() for w in ws]

            def fits(m: Ref) -> bool:
                mw = self._words[id(m)]
                return len(mw) > len(ws) and [w.lower() for w in mw[-len(ws):]] == lowered
        if not candidates:
            return ref
        i = bisect_left([m.start for m in candidates], ref.start) if len(candidates) < 64 else \
            bisect_left(self._candidate_starts(candidates), ref.start)
        for j in range(i - 1, max(-1, i - 1 - FULLEST_REACH), -1):
            if candidates[j] is not ref and fits(candidates[j]):
                return candidates[j]
        for j in range(i, min(len(candidates), i + FULLEST_REACH)):
            if candidates[j] is not ref and fits(candidates[j]):
                return candidates[j]
        return ref

    def _candidate_starts(self, candidates: list[Ref]) -> list[int]:
        key = id(candidates)
        if key not in self._starts_cache:
            self._starts_cache[key] = [m.start for m in candidates]
        return self._starts_cache[key]

    # -- gender and titles
    def _learn_gender(self) -> None:
        doc = self.doc
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            near = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
            near += [t.lower_ for t in span.root.children if t.dep_ in ("appos", "compound")]
            if span.root.dep_ == "appos":
                near.append(span.root.head.lower_)
            gender = self._gender_of_words(near)
            if gender:
                self.gender.setdefault(self.key(m), gender)

    def _gender_of_words(self, ws) -> str | None:
        for w in ws:
            if w in self.rules.female and w not in ("she", "her"):
                return "f"
            if w in self.rules.male and w not in ("he", "his", "him"):
                return "m"
        return None

    def key(self, m: Ref) -> str:
        ws = words(m.text)
        return ws[-1].lower() if ws else m.text.lower()

    def _title_index(self) -> dict[str, list[Ref]]:
        """Title words -> people the article gives them ("Defense Minister Yoav Gallant",
        "Lida Fenwright, the mayor", "Brannock's mayor, Lida Fenwright")."""
        index: dict[str, list[Ref]] = {}
        self._titles_by_mention: dict[int, set[str]] = {}
        doc = self.doc
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            titles = set()
            if m.title:
                titles |= {w.lower() for w in m.title.split()}
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                root = span.root
                window = doc[max(0, span.start - 4):span.start]
                for t in reversed(list(window)):  # the compound chain in front: "Energy Minister Dorian ..."
                    if t.dep_ == "compound" and span.start - 4 <= t.head.i <= root.i and t.pos_ in ("NOUN", "PROPN"):
                        titles.add(t.lower_)
                    else:
                        break
                for child in root.children:
                    if child.dep_ == "appos" and child.pos_ == "NOUN":
                        titles |= _title_words(child)
                if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                    titles |= _title_words(root.head)
            self._titles_by_mention[id(m)] = titles
            for title in titles:
                index.setdefault(title, []).append(m)
        return index

    def is_subject(self, m: Ref) -> bool:
        if m.start not in self._subjects:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            ok = False
            if span is not None:
                root = span.root
                ok = root.dep_ in SUBJECT_DEPS or (root.dep_ in ("appos", "compound", "conj") and root.head.dep_ in SUBJECT_DEPS)
                ok = ok or (root.dep_ == "pobj" and root.head.head.lower_ == "according")
            self._subjects[m.start] = ok
        return self._subjects[m.start]

    # -- resolving
    def resolve(self, ref: SpeakerRef | None, at: int) -> tuple[str | None, Ref | None]:
        """(speaker as the article best knows it, the mention it points at) for a speaker
        expression at offset `at`."""
        if ref is None:
            return None, None
        if ref.kind == "name":
            m = self.mention_at(ref.start, ref.end) or Ref(ref.start, ref.end, ref.text, ref.label or "PERSON")
            full = self.fullest(m)
            return self._spoke(at, m, full.text)
        if ref.kind == "pronoun":
            m = self.antecedent(ref, at)
            if m is None:
                return None, None
            found, label = m
            if label in ("speaker", "description"):  # an unnamed speaker before: "officials ... they said"
                self.speakers.append((at, None, found.text, found.label))
                return found.text, None
            return self._spoke(at, found, self.fullest(found).text)
        # descriptions
        if ref.definite:
            m = self.describe(ref, at)
            if m is not None:
                return self._spoke(at, m, self.fullest(m).text)
        self.speakers.append((at, None, ref.text, "description-plural" if self.doc[ref.head].tag_ in ("NNS", "NNPS") else "description"))
        return ref.text, None

    def _spoke(self, at: int, m: Ref, name: str) -> tuple[str, Ref]:
        self.speakers.append((at, m, name, m.label))
        return name, m

    def antecedent(self, ref: SpeakerRef, at: int):
        lower = ref.text.lower()
        if lower in self.rules.person_pronouns:
            want = {"PERSON"}
            gender = "f" if lower in self.rules.female else "m"
        elif lower in self.rules.thing_pronouns:
            want, gender = {"ORG", "GPE", "NORP"}, None
        elif lower in self.rules.plural_pronouns:
            want, gender = {"ORG", "NORP", "GPE", "description-plural"}, None
        else:
            return None
        if gender is None:
            group = self.previous_subject(at)
            if group is not None:
                later = [o for o, m, _n, label in self.speakers if group[0] < o < at and label in want]
                if not later:
                    return group[1], group[2]
        # the latest speaker of the right kind, unless a nearer subject of that kind came after it
        last_speaker = None
        for offset, m, name, label in reversed(self.speakers):
            if at - offset > WINDOW:
                break
            if offset >= at:
                continue
            if label in want and (m is None or self._gender_ok(m, gender)):
                last_speaker = (offset, m, name, label)
                break
        i = bisect_left(self.starts, at) - 1
        while i >= 0 and at - self.mentions[i].start <= WINDOW:
            m = self.mentions[i]
            i -= 1
            if m.label not in want or self.in_quote(m.start) or not self._gender_ok(m, gender):
                continue
            if last_speaker is not None and m.start <= last_speaker[0]:
                break
            if self.is_subject(m):
                self._note_gender(m, gender)
                return m, m.label
        if last_speaker is not None:
            offset, m, name, label = last_speaker
            if m is None:
                return Ref(offset, offset, name, label), "speaker"
            self._note_gender(m, gender)
            return m, m.label
        i = bisect_left(self.starts, at) - 1
        while i >= 0 and at - self.mentions[i].start <= WINDOW:
            m = self.mentions[i]
            i -= 1
            if m.label in want and not self.in_quote(m.start) and self._gender_ok(m, gender):
                self._note_gender(m, gender)
                return m, m.label
        return None

    def previous_subject(self, at: int):
        """(offset, ref, kind) of the subject of the sentence before `at` when it is a group or an
        organisation ('The administration is calling ... They are proposing'), else None."""
        if not hasattr(self, "_sent_starts"):
            self._sents = list(self.doc.sents)
            self._sent_starts = [s.start_char for s in self._sents]
        i = bisect_left(self._sent_starts, at + 1) - 1
        for j in range(i - 1, max(-1, i - 3), -1):
            root = self._sents[j].root
            subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is None or subject.pos_ == "PRON":
                continue
            mention = self.mention_at(subject.idx, subject.idx + len(subject.text))
            if mention is not None and mention.label in ("ORG", "NORP", "GPE"):
                return mention.start, mention, mention.label
            if subject.pos_ == "NOUN" and (subject.tag_ in ("NNS", "NNPS") or subject.lower_ in COLLECTIVE):
                ref = description(self.doc, subject, self.rules)
                return ref.start, Ref(ref.start, ref.end, ref.text, "description-plural"), "description"
            return None
        return None

    def _gender_ok(self, m: Ref, gender: str | None) -> bool:
        if gender is None or m.label != "PERSON":
            return True
        known = self.gender.get(self.key(self.fullest(m))) or self.gender.get(self.key(m))
        return known is None or known == gender

    def _note_gender(self, m: Ref, gender: str | None) -> None:
        if gender and m.label == "PERSON":
            self.gender.setdefault(self.key(m), gender)

    def describe(self, ref: SpeakerRef, at: int) -> Ref | None:
        """A definite description to the person with that title or the organisation whose name
        holds its head word; None when the article gives no one that fits."""
        head = self.doc[ref.head]
        head_word = head.lower_
        title_words = {t.lower_ for t in self.doc[ref.head].lefts if t.pos_ in ("NOUN", "ADJ", "PROPN")} | {head_word}
        people = self._titles.get(head_word, [])
        if people:
            fitting = [m for m in people if title_words <= self._titles_of(m) or len(title_words) == 1]
            chosen = [m for m in (fitting or people) if m.start < at] or fitting or people
            return chosen[-1] if chosen[-1:] else None
        if head_word in self.rules.media:
            for offset, m, _name, label in reversed(self.speakers[-50:]):
                if m is not None and label == "ORG" and offset < at:
                    return m
        i = bisect_left(self.starts, at) - 1
        lowest = max(-1, i - LOOK_BACK)
        while i > lowest:
            m = self.mentions[i]
            i -= 1
            if m.label in ("ORG", "GPE", "NORP", "FAC") and head_word in (w.lower() for w in words(m.text)):
                return m
        return None

    def _titles_of(self, m: Ref) -> set[str]:
        return self._titles_by_mention.get(id(m), set())


def _title_words(noun) -> set[str]:
    """'a spokesman for the union' -> {spokesman}; 'the NFA's director-general' -> {director-general};
    'the energy minister' -> {energy, minister}: the noun and the words right in front of it."""
    found = {noun.lower_}
    for t in noun.lefts:
        if t.dep_ in ("compound", "amod") and t.pos_ in ("NOUN", "ADJ", "PROPN"):
            found.add(t.lower_)
    return found


def label_name(m: Ref) -> str:
    return m.text
