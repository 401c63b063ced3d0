"""Attributions whose cue is not a speech verb with its clause: "according to X, ...", "In a new
poll, ...", a headline "Name: words", a stance adjective ("was confident that ..."), a stance
noun with its holder ("her opposition to ..."), and the general rule (a named subject and a
that-clause after any verb: "Trump boasted that ...")."""

from __future__ import annotations

from ..components import doc_text
from .attribution import EMPTY_CONTENT, Attribution, minus, subtree_range, trim_pieces, word_count
from .rules import QuoteRules
from .speakers import names_in


def according_to(doc, token) -> Attribution | None:
    """'According to X, CONTENT' / 'CONTENT, according to X'."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = token.head
    hops = 0
    while (head.pos_ not in ("VERB", "AUX") or head.dep_ in ("csubj", "csubjpass", "relcl", "acl", "amod")) \
            and head.dep_ != "ROOT" and hops < 4:
        head = head.head
        hops += 1
    own = (doc[token.left_edge.i].idx, doc[token.right_edge.i].idx + len(doc[token.right_edge.i].text))
    pieces = trim_pieces(doc_text(doc), minus(subtree_range(doc, head), own)) if head.i != token.i else []
    return Attribution(token.i, f"{token.text} {to.text}", token.idx, to.idx + len(to.text), source.i, pieces,
                       according=True)


def in_source(doc, token, rules: QuoteRules) -> Attribution | None:
    """'In a new poll, 50 percent chose X', 'in his view, the plan fails': a document or a view
    opening the sentence (or set off by commas) holds the clause it stands in, like 'according to'.
    Not when the clause has a cue of its own ('said in a statement that ...')."""
    source = next((c for c in token.children if c.dep_ == "pobj"), None)
    head = token.head
    if source is None or source.lemma_.lower() not in rules.in_sources or head.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in rules.cues or token.i > head.i:
        return None
    first, last = token.left_edge.i, token.right_edge.i
    if not (first == head.sent.start or doc[first - 1].text == ",") or last + 1 >= len(doc) or doc[last + 1].text != ",":
        return None
    speaker = source
    if source.lemma_.lower() in rules.in_events:  # 'in an interview, Trump dismissed ...': Trump's words
        speaker = next((c for c in head.children if c.dep_ == "nsubj"), source)
    for child in source.children:  # 'in a poll by Gallup', 'in his view'
        if child.dep_ == "poss":
            speaker = child
        elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            speaker = next((g for g in child.children if g.dep_ == "pobj"), speaker)
    own = (doc[first].idx, doc[last].idx + len(doc[last].text))
    pieces = trim_pieces(doc_text(doc), minus(subtree_range(doc, head), own))
    if word_count(doc, pieces) < 3:
        return None
    end = source.idx + len(source.text)
    return Attribution(token.i, doc_text(doc)[token.idx:end], token.idx, end, speaker.i, pieces, according=True)


HEADLINE_SPEAKER = {"PERSON", "ORG", "NORP"}
NOT_SPEAKERS = {"update", "updated", "note", "editor", "editors", "watch", "read", "related", "breaking", "exclusive",
                "photos", "photo", "video", "source", "sources", "via", "correction", "warning", "opinion", "analysis",
                "live", "listen", "see", "also", "more", "the", "a", "an", "q", "a.", "q."}


def headline_attributions(doc, paragraphs: list[tuple[int, int]], sentence_of) -> list[Attribution]:
    """'Graham: Trump's rhetoric is destroying the party' -- a short paragraph (a headline) whose
    first words, up to a colon, are a person's or an organisation's name: the rest is what they said."""
    found = []
    text = doc_text(doc)
    for start, end in paragraphs:
        colon = text.find(":", start, min(end, start + 60))
        if colon < 0 or len(text[start:end].split()) > 40 or not text[colon + 1:end].strip():
            continue
        span = doc.char_span(start, colon, alignment_mode="expand")
        if span is None or not 1 <= len(span) <= 6:
            continue
        words = [t for t in span if not t.is_punct]
        if not words or words[0].lower_ in NOT_SPEAKERS or any(t.ent_type_ in ("GPE", "DATE", "TIME") for t in words[:1]):
            continue  # "UPDATE: ...", "WASHINGTON: ..." (a dateline), "Tuesday: ..."
        if any(t.pos_ in ("VERB", "AUX") for t in words):
            continue  # a sentence with a colon in it, not a name before one
        # "Clinton:", "Clinton camp:", "Clinton to Planned Parenthood:", "JAKE TAPPER:"
        named = []
        for t in words:
            if t.ent_type_ in HEADLINE_SPEAKER or t.pos_ == "PROPN" or t.text[:1].isupper() and not named:
                named.append(t)
            else:
                break
        if not named or not (named[0].ent_type_ in HEADLINE_SPEAKER or named[0].pos_ == "PROPN"
                             or named[-1].lower_ in names_in(doc)):
            continue  # 'Trump:' tagged as a common noun in a headline is still the Trump named below it
        content = trim_pieces(text, [(colon + 1, end)])
        if not content or sum(1 for w in text[content[0][0]:content[-1][1]].split() if w[:1].isalpha()) < 2:
            continue  # 'Sanders: 1,547' is a tally, not words
        head = named[-1]
        if len(named) < len(words) and words[len(named)].lower_ in ("camp", "campaign", "aides", "aide", "allies"):
            head = words[len(named)]  # "Clinton camp": the camp speaks
        found.append(Attribution(head.i, ":", colon, colon + 1, head.i, content, sentence=sentence_of(colon)))
    return found


SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def _speaker_like(token, rules: QuoteRules) -> bool:
    return token.ent_type_ in SPEAKER_ENTS or token.lower_ in rules.person_pronouns or token.lower_ in rules.plural_pronouns


def general_cue(doc, token, rules: QuoteRules) -> Attribution | None:
    """A verb outside the cue list with a named (or pronoun) subject and a that-clause after it
    reports what the subject said or holds ("Trump boasted that ...", "she reckons the vote ...")."""
    if token.pos_ != "VERB" or token.lemma_.lower() in rules.not_cues:
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
    if subject is None or clause is None or not _speaker_like(subject, rules):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return None  # a full clause only
    content = trim_pieces(doc_text(doc), [subtree_range(doc, clause, drop_mark=True)])
    if word_count(doc, content) < 3:
        return None
    return Attribution(token.i, token.text, token.idx, token.idx + len(token.text), subject.i, content)


STANCE_PREPS = {"of", "about", "on", "with", "over", "to", "toward", "towards", "at", "in", "for", "against"}


def stance_cue(doc, token, rules: QuoteRules) -> Attribution | None:
    """'Her allies were hopeful that ...', 'he remains skeptical of the deal', 'voters are eager to
    ...': a linking verb, an adjective that states what the subject holds, and what it is about."""
    if token.lemma_.lower() not in rules.linking_verbs:
        return None
    adjective = next((c for c in token.children if c.dep_ == "acomp" and c.lower_ in rules.stance_adjectives), None)
    if adjective is None:
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or not (_speaker_like(subject, rules) or subject.pos_ in ("PROPN", "NOUN")
                               and subject.lower_ not in EMPTY_CONTENT):
        return None
    content: list[tuple[int, int]] = []
    for child in list(adjective.children) + [c for c in token.children if c.i > adjective.i]:
        if child.dep_ == "ccomp" or child.dep_ == "xcomp" and child.i > adjective.i:
            content.append(subtree_range(doc, child, drop_mark=True))
        elif child.dep_ == "prep" and child.lower_ in STANCE_PREPS and child.head.i == adjective.i:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content.append(subtree_range(doc, pobj))
        if content:
            break
    content = trim_pieces(doc_text(doc), content)
    if not content:
        return None
    return Attribution(adjective.i, adjective.text, adjective.idx, adjective.idx + len(adjective.text), subject.i,
                       content)


NOUN_PREPS = ("about", "on", "against", "for", "of", "to", "over", "toward", "towards", "with")


def _clause_subject(noun):
    """The named subject of the clause a noun is the object of ('Voss renewed her opposition'), if any."""
    head = noun
    for _ in range(3):
        if head.dep_ not in ("dobj", "pobj", "prep", "conj", "attr"):
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subject is not None and (subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "NORP")):
                return subject
            return None
    return None


def noun_cue(doc, token, rules: QuoteRules) -> Attribution | None:
    """'Trump's claim that ...', 'a statement from the ministry that ...', 'her remarks about ...'."""
    if token.pos_ != "NOUN" or token.lower_ not in rules.cue_nouns and token.lemma_.lower() not in rules.cue_nouns:
        return None
    speaker = None
    content: list[tuple[int, int]] = []
    for child in token.children:
        if child.dep_ == "poss" and speaker is None:
            speaker = child
        elif child.dep_ == "prep" and child.lower_ in ("from", "by") and speaker is None:
            speaker = next((g for g in child.children if g.dep_ == "pobj"), None)
        elif child.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            content.append(subtree_range(doc, child, drop_mark=True))
        elif child.dep_ == "prep" and child.lower_ in NOUN_PREPS and not content:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content.append(subtree_range(doc, pobj))
        elif child.dep_ in ("acl", "relcl") and child.i > token.i and not content and any(
                g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            content.append(subtree_range(doc, child))  # 'his call to bring both parties together'
    if speaker is None or not content or not _speaker_like(speaker, rules):
        return None
    if speaker.lower_ in rules.pronouns:
        speaker = _clause_subject(token) or speaker  # 'Voss renewed her opposition to ...': Voss's opposition
    content = trim_pieces(doc_text(doc), content)
    if word_count(doc, content) < 3:
        return None
    return Attribution(token.i, token.text, token.idx, token.idx + len(token.text), speaker.i, content)
