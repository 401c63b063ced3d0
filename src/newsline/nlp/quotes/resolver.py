"""Speakers resolved within the article: the name the article knows best.

- a name becomes the fullest form of it in the article ("Netanyahu" -> "Benjamin Netanyahu",
  "IDF" -> "Israel Defense Forces" where the text defines it, "the Journal" -> "Wall Street
  Journal");
- a pronoun becomes the nearest earlier person (he/she) or organisation or group (it/they)
  that was the subject of a clause or spoke, skipping those of the other gender once known;
- a definite description ("the mayor", "the authority") becomes the person the article gave
  that title, or the organisation whose name holds that word; an unnamed source ("a senior
  official", "one official", "officials") stays as written: it is never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .rules import QuoteRules
from .speakers import SUBJECT_DEPS, Ref, SpeakerRef, description

COLLECTIVE = {"administration", "government", "campaign", "team", "company", "ministry", "army", "military",
              "police", "council", "committee", "party", "agency", "authority", "union", "court", "department",
              "office", "commission", "board", "group", "coalition", "alliance", "cabinet", "parliament"}
WINDOW = 2500  # characters a pronoun looks back for its antecedent
FULLEST_REACH = 40  # forms of one name looked at either side for its fullest form
LOOK_BACK = 400  # mentions a description ("the authority") looks back for the name it stands for


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


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
        for longer in (ref.same_as, ref.short_for):  # the mention step already knows its long form
            if longer and len(words(longer)) > len(ws):
                return Ref(ref.start, ref.end, longer, ref.label)
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


