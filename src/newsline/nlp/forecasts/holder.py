"""Who holds a forecast: the speaker of the quote it sits in (the quotes stage, when it has run),
the subject of the expectation or intent verb ("forecasters expect"), the source the sentence names
("X said", "according to X"; a pronoun is the person last named), the speaker a direct quotation is
attributed to in its paragraph ("... hold. It has come through worse," he said.), else the outlet.
A holder given by post only ("The agency's chief said ...") is the person the article names for it
(`person_for_role`); someone not named ("a spokesman") stays as written."""

from __future__ import annotations

import bisect
import re

from ...records import sentence_of
from ..claims.rules import vocabulary
from ..claims.source import PRONOUNS, _phrase, sentence_source
from ..components import doc_text
from ..mentions import fullest_by_surname
from ..timex import _in_quotation
from .probability import load_rules

SAYING = {"say", "tell", "add", "state", "announce", "insist", "claim", "warn", "write", "explain", "note", "predict"}
SOURCE_CUE = re.compile(r"\b(?:according to|citing|as reported by)\b", re.I)
INDEFINITE = {"a", "an", "one", "another", "some", "any", "each", "every"}
ATTRIBUTION = re.compile(r"^[^\"“”]*[\"”]\s*,?\s*(?:(?P<pron>he|she|they|it)\s+)?(?P<verb>\w+)")


class HolderFinder:
    def __init__(self, analysis, doc):
        self.analysis = analysis
        self.doc = doc
        self.text = doc_text(doc)
        self.vocab = vocabulary()
        self.persons = [m for m in analysis.mentions if m.label == "PERSON"]
        self.person_ends = [m.end for m in self.persons]  # (mentions come in text order, never overlapping)
        self.person_starts = [m.start for m in self.persons]
        self.person_texts = list(dict.fromkeys(m.text for m in self.persons))
        self.by_surname = fullest_by_surname(self.persons)
        self.quotes = sorted((q for q in analysis.quotes if q.speaker), key=lambda q: q.start)
        self.quote_starts = [q.start for q in self.quotes]
        self.longest_quote = max((q.end - q.start for q in self.quotes), default=0)
        self.reporting = set(self.vocab.what["reporting_verbs"])
        self.roles = set(load_rules()["role_nouns"])

    def holder(self, candidate, start: int, end: int) -> str | None:
        name = self._holder(candidate, start, end)
        if name and len(name.split()) == 1 and name.split()[-1] in self.by_surname:
            return self.fullest(name)  # "Vierling said": the Tomas Vierling the article named before
        return self.post_holder(name, start) or name

    def post_holder(self, name: str | None, near: int) -> str | None:
        """A holder given by post only in the forecast's sentence ("The agency's chief said ... he had no
        plans to resign"): the person the article names for that post (`person_for_role`), else None."""
        if not name or any(text in name for text in self.person_texts):
            return None
        index = sentence_of(self.analysis.sentences, near)
        sentence = self.analysis.sentences[index] if index >= 0 else None
        at = self.text.find(name, sentence.start, sentence.end) if sentence is not None else -1
        span = self.doc.char_span(at, at + len(name), alignment_mode="expand") if at >= 0 else None
        if span is None or not self.is_role(span.root):
            return None
        return self.person_for_role(span.root)

    def _holder(self, candidate, start: int, end: int) -> str | None:
        doc, analysis = self.doc, self.analysis
        cue_at = doc[candidate.cue_tokens[0]].idx if candidate.cue_tokens else start
        reporter = self.reporting_subject(doc[candidate.top])
        around = self.quotes_around(cue_at)
        if around:  # the innermost quote's speaker, unless the words inside it report someone else's
            q = min(around, key=lambda q: q.end - q.start)  # ('"He told this country the dam would hold"')
            if reporter is None or not q.start <= reporter.idx < q.end:
                return q.speaker
        if candidate.holder_token is not None:
            own = doc[candidate.holder_token]
            # "The agency's chief said ... he had no plans to": the reporting verb's subject names him
            if not (own.lower_ in PRONOUNS and reporter is not None and reporter.lower_ not in PRONOUNS):
                name = self.noun_phrase(own)
                if name:
                    return name
        if reporter is not None:  # the clause is what someone said: that is the holder, quoted or not
            name = self.noun_phrase(reporter)
            if name:
                return name
        if _in_quotation(self.text, cue_at):
            speaker = self.quotation_speaker(cue_at)
            if speaker:
                return speaker
        source, is_pronoun = None, False
        if SOURCE_CUE.search(self.text, start, end + 200):  # "according to X" (claims' reader; it is slow to ask)
            source, is_pronoun = sentence_source(doc, candidate.top, self.vocab)
        if source and not is_pronoun:
            return self.name_in(source) or source
        if source and is_pronoun:
            person = self.last_person(start)
            if person:
                return person
        return analysis.article.outlet or analysis.article.author

    def reporting_subject(self, top):
        """The subject of the reporting verb the forecast's clause is the complement of ("X said the
        bridge could reopen ... if divers found ...": X, not the divers), climbing through clauses."""
        for child in top.children:  # "... will vote on Thursday, its chairman, Tomas Vierling, said"
            if child.dep_ in ("conj", "parataxis", "advcl") and child.i > top.i and child.pos_ == "VERB" \
                    and child.lemma_.lower() in SAYING and not any(c.dep_ == "mark" for c in child.children):
                subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    return subject
                person = self.person_before(child)
                if person is not None:
                    return person
        node = top
        for _ in range(5):
            if node.head.i == node.i or node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "parataxis", "relcl"):
                return None
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "because")
                                            for c in node.children):
                return None
            node = node.head
            if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in self.reporting:
                subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    return subject
                if node.dep_ == "relcl":  # "the spillway he had said would hold"
                    continue
        return None

    def person_before(self, verb):
        """The person named just before a reporting verb whose subject the parse lost ("its chairman,
        Tomas Vierling, said"): the token of that mention, or None."""
        for m in reversed(self.persons):
            if m.end <= verb.idx and verb.idx - m.end < 30 and not self.text.count("\n", m.end, verb.idx):
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                return span.root if span is not None else None
        return None

    def noun_phrase(self, token) -> str | None:
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":  # "experts who expected": the experts
            token = token.head.head
        if token.lower_ in ("its", "their"):  # "calling on Israel to reevaluate its plans": Israel
            named = [m for m in self.analysis.mentions if m.label in ("ORG", "GPE", "NORP") and m.end <= token.idx
                     and not self.text.count("\n", m.end, token.idx)]
            return named[-1].text if named else None
        if token.lower_ in ("his", "her"):
            return self.last_person(token.idx)
        if token.lower_ in PRONOUNS:
            if token.lower_ in ("we", "i", "you", "it"):
                return None
            return self.last_person(token.idx)
        text = _phrase(token)
        return self.name_in(text) or text

    def quotation_speaker(self, offset: int) -> str | None:
        """The speaker a direct quotation is attributed to after it closes, in its paragraph:
        '"...," he said.' or '"...," Orren said.' (the quotes stage does this properly)."""
        text = self.text
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        window = text[offset:min(line_end, offset + 600)]
        m = ATTRIBUTION.search(window)
        if not m:
            return self.speaker_before(offset)
        after = offset + m.start("verb")
        sent = self.doc.char_span(after, after + len(m.group("verb")), alignment_mode="expand")
        if sent is None:
            return self.speaker_before(offset)
        verb = sent.root
        if verb.lemma_.lower() not in self.reporting and m.group("verb").lower() not in self.reporting:
            return self.speaker_before(offset)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        if subject.lower_ in PRONOUNS:
            return self.last_person(offset)
        return self.name_in(_phrase(subject)) or _phrase(subject)

    def speaker_before(self, offset: int) -> str | None:
        """A quotation that goes on after its attribution ('"...," Korvath said. "The water will ..."'):
        the speaker of the last reporting verb before it in the paragraph (its line)."""
        lo = self.text.rfind("\n", 0, offset) + 1  # the paragraph (a line; blank lines between)
        best = None
        for token in self.doc.char_span(lo, offset, alignment_mode="contract") or []:
            if token.pos_ == "VERB" and token.lemma_.lower() in self.reporting:
                subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    best = subject
        if best is None:
            return None
        if best.lower_ in PRONOUNS:
            return self.last_person(best.idx)
        return self.name_in(_phrase(best)) or _phrase(best)

    def name_in(self, phrase: str) -> str | None:
        bare = re.sub(r"^(the|a|an)\s+", "", phrase, flags=re.I)
        inside = [m for m in self.analysis.mentions if m.label in ("ORG", "PERSON", "GPE", "NORP") and m.text in bare
                  and len(m.text) >= 0.6 * len(bare)]
        if not inside:
            return None
        best = max(inside, key=lambda m: len(m.text))
        if best.label == "PERSON" or any(p.text.split()[-1] == best.text for p in self.persons):
            return self.fullest(best.text)  # "Vierling" (even when the model takes it for a place): Tomas Vierling
        return best.text

    def referent(self, pronoun) -> str | None:
        """Whom "he" or "she" stands for: the one who says so when the clause is a person's report
        ("The agency's chief said ... that he had no plans to resign": the chief, whom the article
        names next; "Dr Murray tells Judge Pastor he will not testify": Murray), unless the reported
        words name someone before it ("Williams said Murray had asked him to clear what he would not
        want ...": Murray); else the person last named."""
        reporter = self.reporting_subject(pronoun.head) if pronoun.head.i != pronoun.i else None
        if reporter is not None and reporter.lower_ not in PRONOUNS and not self.named_in_report(pronoun, reporter):
            named = next((m for m in self.persons if m.start <= reporter.idx < m.end), None)
            if named is not None:
                return self.fullest(named.text)
            if self.is_role(reporter):
                return self.person_for_role(reporter) or reporter.lemma_.lower()
        return self.last_person(pronoun.idx)

    def named_in_report(self, pronoun, reporter) -> bool:
        """Does the clause the reporter's verb reports name a person before the pronoun?"""
        clause = pronoun
        while clause.head.i != clause.i and clause.head.i != reporter.head.i:
            clause = clause.head
        lo = clause.left_edge.idx
        i = bisect.bisect_left(self.person_starts, lo)  # the first name from there ends first
        return i < len(self.persons) and self.persons[i].end <= pronoun.idx

    def is_role(self, token) -> bool:
        """One holder of a post, with no name in its phrase ("the agency's chief", "flood chief"; not
        "Chief Ravel", nor "foreign ministers": a group, nor "a spokesman": someone not named)."""
        return token.pos_ == "NOUN" and token.tag_ == "NN" and token.lemma_.lower() in self.roles and not any(
            c.dep_ == "det" and c.lower_ in INDEFINITE for c in token.children) and not any(
            self.person_at(t.idx) for t in token.subtree)

    def person_at(self, offset: int) -> bool:
        """Is character `offset` inside a person's name?"""
        i = bisect.bisect_right(self.person_starts, offset) - 1
        return i >= 0 and offset < self.persons[i].end

    def person_for_role(self, role, holder: str | None = None) -> str | None:
        """The person a post stands for: the one the article gave that title before ("Mayor Lida
        Fenwright ... the mayor said"), else the first person the next sentence of its paragraph
        names as the subject of a clause ("The agency's chief said ... . Matthias Orren has not appeared
        ..."; for a headline, the lede), other than the holder of the forecast. None when the text
        names no one there."""
        word = role.lemma_.lower()
        titled = [m for m in self.persons if m.end <= role.idx and m.title and word in m.title.lower().split()]
        if titled:  # "President Rene Preval": that name (another Preval may be his wife)
            name = titled[-1].text
            return name if len(name.split()) > 1 else self.fullest(name)
        sentences = self.analysis.sentences
        here = next((s for s in sentences if s.start <= role.idx < s.end), None)
        if here is None or here.index + 1 >= len(sentences):
            return None
        following = sentences[here.index + 1]
        if "\n" in self.text[here.end:following.start] and here.index != 0:
            return None  # a new paragraph: the post is not named there
        held = holder.split()[-1] if holder else None
        for m in self.persons:
            if following.start <= m.start < following.end and m.text.split()[-1] != held and self.acts(m):
                return self.fullest(m.text)
        return None

    def acts(self, mention) -> bool:
        """Is a person named as the subject of a clause (not inside someone's description: "leader of
        the opposition Civic Compact")?"""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    def quotes_around(self, offset: int) -> list:
        """The quotes (with a speaker) whose span holds `offset`, read by bisection over their starts."""
        i = bisect.bisect_right(self.quote_starts, offset)
        out = []
        while i > 0 and self.quote_starts[i - 1] >= offset - self.longest_quote:
            i -= 1
            if offset < self.quotes[i].end:
                out.append(self.quotes[i])
        return out

    def last_person(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.person_ends, offset)  # persons ending at or before offset
        return self.fullest(self.persons[i - 1].text) if i else None

    def fullest(self, name: str) -> str:
        words = name.split()
        return self.by_surname.get(words[-1], name) if words else name
