"""Attributions from the dependency parse: a cue ("said", "told", "according to"), who the
clause says spoke (the subject's head token) and what was said (the content's character pieces).
Speech verbs and their complements are here; the other shapes an attribution takes are in
other_cues.py.

One walk over the tokens; every span comes from `left_edge`/`right_edge`, so the cost is
linear in the article.
"""

from __future__ import annotations

import bisect

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id

from ..components import doc_text
from .attribution import EMPTY_CONTENT, Attribution, char_range, minus, subtree_range, trim_pieces, word_count
from .other_cues import according_to, general_cue, in_source, noun_cue, stance_cue
from .rules import QuoteRules

ANONYMITY = {"not to be named", "not to be identified", "to remain anonymous", "anonymity", "not to be quoted"}
ADDRESSEE_DEPS = ("dobj", "dative", "iobj")


def subject_of(token, depth: int = 0):
    """The speaker's head token: the subject, the agent of a passive, or a subject shared with the
    verb this one hangs from ("promised ... but added that", "announced ..., writing")."""
    passive = False
    for child in token.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "nsubjpass":
            passive = True
    if passive:
        for child in token.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        return None
    if depth >= 3:
        return None
    if token.dep_ == "relcl":
        return token.head
    if token.dep_ == "acl" and (token.tag_ == "VBG" and any(c.dep_ == "ccomp" for c in token.children)
                                or token.head.ent_type_ == "PERSON"):
        # "officials saying that ...", not "ads attacking Cruz"; and a person's name the parser took for the
        # sentence's root, its verb for a clause on it ("Ada Rusk, the town's mayor, posted that ...")
        return token.head
    if token.dep_ == "xcomp":
        obj = next((c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i), None)
        if obj is not None:
            return obj  # 'urged Israel to consider ...': Israel is to consider
    if token.dep_ in ("conj", "xcomp") or token.dep_ == "advcl" and token.lower_.endswith("ing"):
        return subject_of(token.head, depth + 1)
    return None


def addressee_of(token):
    for child in token.children:
        if child.dep_ in ADDRESSEE_DEPS and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return child
    return None


def content_of(doc, token, complements: frozenset[str], rules: QuoteRules) -> list[tuple[int, int]]:
    """What the cue says was said, as character pieces (empty when the parse gives none)."""
    pieces: list[tuple[int, int]] = []
    obj = None
    clause = False  # the content is a clause (what was said), not only what it was about
    for child in token.children:
        dep = child.dep_
        clause = clause or dep in ("ccomp", "xcomp")
        if dep == "ccomp" and "ccomp" in complements:
            if child.i < token.i and any(t.text == ";" for t in doc[child.right_edge.i:token.i]):
                continue  # 'X happened; the footage shows Y': the clause before the semicolon is no content
            pieces.append(subtree_range(doc, child, drop_mark=True))
        elif dep in ("dobj", "dative") and obj is None:
            obj = child
        elif dep == "xcomp" and token.lemma_.lower() in rules.clause_objects and child.i > token.i and child.tag_ == "VBG" \
                and not any(c.dep_ == "aux" for c in child.children) and child.right_edge.i - child.i >= 3:
            clause = True  # 'said having Trump on the ticket puts ...' parsed with the clause under the gerund
            pieces.append(subtree_range(doc, child))
        elif dep == "xcomp" and "xcomp" in complements and child.i > token.i and child.tag_ == "VBG" \
                and obj is None and not any(c.dep_ == "aux" for c in child.children):
            pieces.append(subtree_range(doc, child))  # 'supports tightening the rules', 'proposed building a wall'
        elif dep == "xcomp" and "xcomp" in complements and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            first = obj if obj is not None and obj.i < child.i and token.lemma_ != "tell" else child
            start = subtree_range(doc, first)[0]
            pieces.append((start, subtree_range(doc, child)[1]))
        elif dep == "prep" and child.lower_ in complements and child.lower_ != "as":
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    start, end = subtree_range(doc, grand)
                    then = _infinitive_after(token, grand.right_edge.i)
                    if then is not None:  # 'called on companies to act': the pobj and what it is to do
                        end = subtree_range(doc, then)[1]
                    pieces.append((start, end))
        elif dep == "advcl" and "for" in complements and any(
                g.dep_ == "mark" and g.lower_ == "for" for g in child.children):
            mark = next(g for g in child.children if g.dep_ == "mark" and g.lower_ == "for")
            pieces.append(char_range(doc, mark.i + 1, child.right_edge.i))  # 'called for her emails to be released'
        elif dep == "oprd" and "oprd" in complements:  # "called him a 'total stiff'"
            named = obj is not None and obj.lower_ not in ("which", "that", "what")  # not 'which she called "..."'
            start = subtree_range(doc, obj)[0] if named else subtree_range(doc, child)[0]
            pieces.append((start, subtree_range(doc, child)[1]))
        elif dep == "prep" and child.lower_ == "as" and "as" in complements:
            start = subtree_range(doc, obj)[0] if obj is not None else subtree_range(doc, child)[0]
            pieces.append((start, subtree_range(doc, child)[1]))
    if not pieces and obj is not None and "dobj" in complements and obj.pos_ != "PRON":
        start, end = subtree_range(doc, obj)
        for child in token.rights:  # 'attacked the plan as a giveaway', 'faulted the board for waiting'
            if child.dep_ == "prep" and child.lower_ in ("as", "for") and child.i > obj.i:
                end = max(end, subtree_range(doc, child)[1])
        pieces.append((start, end))
    if not pieces and obj is not None and token.lemma_.lower() in rules.clause_objects and obj.i > token.i \
            and obj.right_edge.i - obj.i >= 3 and any(t.pos_ in ("VERB", "AUX") for t in obj.subtree):
        clause = True  # 'said families of people killed by police file lawsuits': a clause parsed as an object
        start, end = subtree_range(doc, obj)
        for t in obj.subtree:  # 'declared the start of X, which he called "Y"': the quote is the relative clause's
            if t.dep_ == "relcl" and any(w.is_quote for w in t.subtree):
                end = min(end, t.left_edge.idx)
        pieces.append((start, end))
    if not pieces and "ccomp" in complements:
        pieces = _clause_on_channel_noun(doc, token)
    if not pieces and "ccomp" in complements and token.dep_ in ("parataxis", "ccomp", "advcl", "conj") \
            and token.head.i != token.i and token.right_edge.i - token.left_edge.i <= 15:
        pieces = parenthetical_content(doc, token)
    if pieces and not clause and any(c.dep_ == "neg" for c in token.children):
        return []  # 'did not comment on her testimony': nothing was said about it
    pieces = trim_pieces(doc_text(doc), pieces)
    if len(pieces) == 1 and doc_text(doc)[pieces[0][0]:pieces[0][1]].lower() in ANONYMITY:
        return []  # "asked not to be named" says why a source is unnamed, not what they said
    n = word_count(doc, pieces)
    if n == 1 and doc_text(doc)[pieces[0][0]:pieces[0][1]].lower() in EMPTY_CONTENT:
        return []  # "denied it", "said so": the content is somewhere else
    return pieces if n >= 1 else []


def _infinitive_after(token, after: int):
    """The verb's to-infinitive right after position `after` ('called on X to ...'), if any."""
    for child in token.rights:
        if child.i > after and child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return child
    return None


def _clause_on_channel_noun(doc, token) -> list[tuple[int, int]]:
    """'said in a statement that ...' parsed with the that-clause on 'statement'."""
    for child in token.children:
        if child.dep_ != "prep":
            continue
        for noun in child.children:
            if noun.dep_ != "pobj":
                continue
            for clause in noun.children:
                if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                        g.dep_ == "mark" and g.lower_ == "that" for g in clause.children):
                    return [subtree_range(doc, clause, drop_mark=True)]
    return []


def parenthetical_content(doc, token) -> list[tuple[int, int]]:
    """'The river will crest, officials said.' parsed with 'said' under 'crest': the content is
    the head's clause without the attribution."""
    head = token.head
    if head.pos_ not in ("VERB", "AUX") or token.dep_ == "advcl" and not _set_off(doc, token):
        return []
    if any(c.dep_ == "mark" and c.lower_ != "as" for c in token.children):
        return []  # '..., the ministry said, after divers found damage': a clause of time or reason, not an aside
    if token.dep_ == "ccomp" and not _set_off(doc, token):
        return []
    if token.dep_ == "conj" and (not _set_off(doc, token) or any(c.dep_ == "cc" for c in token.children)
                                 or token.head.i > token.i):
        return []  # 'Aid will come, the minister told lawmakers' parsed as two joined clauses; not 'and said'
    own = (doc[token.left_edge.i].idx, doc[token.right_edge.i].idx + len(doc[token.right_edge.i].text))
    clause = subtree_range(doc, head)
    return minus(clause, own)


def _set_off(doc, token) -> bool:
    """Is the token's clause set off by a comma or an 'as' ('as X noted, ...')?"""
    left = token.left_edge.i
    if left > 0 and doc[left - 1].text in (",", "—", "–"):
        return True
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)


VERB, AUX, NOUN = POS_IDS["VERB"], POS_IDS["AUX"], POS_IDS["NOUN"]
# dependency labels are spaCy symbols: their ids are not the strings' hashes
GERUND_DEPS = [get_string_id(d) for d in ("advcl", "conj", "xcomp", "ccomp", "acl")]  # a gerund tagged as a noun
ACOMP, CCOMP, POBJ = get_string_id("acomp"), get_string_id("ccomp"), get_string_id("pobj")
IN = get_string_id("in")


def cue_positions(doc, rules: QuoteRules) -> list[int]:
    """The tokens that may be cues, read from the Doc's arrays (most tokens are never looked at
    one by one): a cue verb, a noun that may be a gerund or a cue noun, "according", a linking
    verb with a stance adjective ("was confident"), "in" before a document ("In a new poll"), a
    verb with a clause after it (the general rule). Two lookups over the whole doc find every
    word that matters; the few hits are sorted out one by one."""
    rows = doc.to_array([POS, LEMMA, LOWER, DEP, HEAD])
    pos, lemma, lower, dep = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
    head = rows[:, 4].astype(np.int64)  # relative offsets, stored unsigned
    verb = (pos == VERB) | (pos == AUX)
    noun = pos == NOUN
    mask = noun & np.isin(dep, GERUND_DEPS)
    clauses = np.flatnonzero((dep == CCOMP) & (head < 0))  # a clause after its verb
    mask[(clauses + head[clauses])[verb[clauses + head[clauses]]]] = True
    keys = rules.position_keys
    hits = np.flatnonzero(np.isin(lower, keys.lower) | np.isin(lemma, keys.lemma)).tolist()
    n = len(pos)
    for i in hits:
        lw, lm = int(lower[i]), int(lemma[i])
        if lw in keys.according or verb[i] and lm in keys.cue_lemmas or noun[i] and (
                lw in keys.cue_nouns or lm in keys.cue_nouns):
            mask[i] = True
        j = i + int(head[i])
        if not 0 <= j < n:
            continue
        if dep[i] == ACOMP and lw in keys.stance and verb[j]:
            mask[j] = True  # 'was confident': the linking verb
        elif dep[i] == POBJ and lm in keys.in_sources and lower[j] == IN:
            mask[j] = True  # 'In a new poll': the preposition
    return np.flatnonzero(mask).tolist()


def find_attributions(doc, rules: QuoteRules) -> list[Attribution]:
    """Every cue in the doc with its subject and content (content may be empty: a cue next to a
    direct quote says nothing else, "'We are ready,' she said")."""
    found: list[Attribution] = []
    starts = [sent.start for sent in doc.sents]
    for i in cue_positions(doc, rules):
        token = doc[i]
        sentence = bisect.bisect_right(starts, i) - 1
        lower = token.lower_
        if lower in rules.according and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            item = according_to(doc, token)
            if item is not None:
                item.sentence = sentence
                found.append(item)
            continue
        if lower == "in" and token.pos_ == "ADP":
            item = in_source(doc, token, rules)
            if item is not None:
                item.sentence = sentence
                found.append(item)
            continue
        lemma = cue_lemma(token, rules)
        if lemma is None:
            item = noun_cue(doc, token, rules) or stance_cue(doc, token, rules) or general_cue(doc, token, rules)
            if item is not None:
                item.sentence = sentence
                found.append(item)
            continue
        complements = rules.cues.get(lemma)
        particle = rules.particles.get(lemma)
        has_particle = particle is not None and any(c.dep_ == "prt" and c.lower_ == particle for c in token.children)
        if complements is None and not has_particle:
            continue
        if has_particle:
            complements = frozenset({"ccomp"})
        cue_end = token.idx + len(token.text)
        cue_text = token.text
        if has_particle:
            prt = next(c for c in token.children if c.dep_ == "prt")
            cue_text, cue_end = f"{token.text} {prt.text}", max(cue_end, prt.idx + len(prt.text))
        subject = subject_of(token)
        if subject is None and any(c.dep_ == "nsubjpass" for c in token.children):
            continue  # "were told to leave": a passive with no agent names no speaker
        content = content_of(doc, token, complements, rules)
        if subject is None:
            subject, content = inverted_subject(doc, token, content)
        addressee = addressee_of(token)
        found.append(Attribution(
            token.i, cue_text, token.idx, cue_end, subject.i if subject is not None else None,
            content, addressee.i if addressee is not None else None, sentence=sentence,
        ))
    return found


def cue_lemma(token, rules: QuoteRules) -> str | None:
    """The cue's lemma, or None when the token is no cue. The small model tags a gerund after a
    comma as a noun now and then ("..., writing, '...'"): that still counts."""
    if token.dep_ in ("amod", "compound"):
        return None
    lemma = token.lemma_.lower()
    lemma = rules.lemma_fixes.get(lemma, lemma)
    if token.pos_ in ("VERB", "AUX"):
        return lemma if lemma in rules.cues or lemma in rules.particles else None
    if token.pos_ == "NOUN" and token.lower_.endswith("ing") and token.dep_ in ("advcl", "conj", "xcomp", "ccomp", "acl"):
        stem = token.lower_[:-3]
        for guess in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
            if guess in rules.cues:
                return guess
    return None


def inverted_subject(doc, token, content: list[tuple[int, int]]):
    """'CONTENT, James Jeffrey, a former envoy, told Vox.' when the parse hung the name on the
    content: the first comma-delimited segment before the cue that opens with a name."""
    sent_start = token.sent.start
    segments: list[tuple[int, int]] = []
    end = token.i
    i = token.i - 1
    while i >= sent_start and len(segments) < 3:
        if doc[i].text == ",":
            if i + 1 < end:
                segments.append((i + 1, end))
            end = i
        i -= 1
    for first, last in reversed(segments):
        t = doc[first]
        if t.lower_ == "the" and first + 1 < last:
            t = doc[first + 1]
        if t.ent_type_ in ("PERSON", "ORG") or t.pos_ == "PROPN":
            head = t
            while head.i + 1 < last and doc[head.i + 1].ent_iob_ == "I":
                head = doc[head.i + 1]
            cut = doc[first].idx
            trimmed = [(s, min(e, cut)) for s, e in content if s < cut]
            return head, trim_pieces(doc_text(doc), trimmed)
    return None, content


SIBLING_DEPS = ("conj", "parataxis")  # 'said X and added Y', 'said X; Y, he added'
TRAILING_WORDS = {"and", "but", "while", "as", "or", "then", "also"}


def cut_trailing_cues(doc, found: list[Attribution]) -> None:
    """'Allies say he will not engage them, believing that ...', 'said X and said Y': when the
    parse hangs a second attribution's clause at the end of the first one's content, the first
    content stops where the second clause begins (each says its own thing)."""
    by_sentence: dict[int, list[Attribution]] = {}
    for a in found:
        if a.content:
            by_sentence.setdefault(a.sentence, []).append(a)
    text = doc_text(doc)
    for group in by_sentence.values():
        if len(group) < 2:
            continue
        for a in group:
            start, end = a.content[0][0], a.content[-1][1]
            cut = end
            for b in group:
                if b is a or not start < b.cue_start < end:
                    continue
                cue = doc[b.cue]
                if not (cue.dep_ in SIBLING_DEPS or cue.dep_ == "advcl" and cue.tag_ == "VBG"):
                    continue
                first = cue.left_edge.i
                if first == 0 or doc[first - 1].text not in (",", ";", "—", "–", "and", "but"):
                    continue  # 'a survey recommending that ...': the participle belongs to the noun before it
                left = cue.left_edge.idx
                right = cue.right_edge.idx + len(cue.right_edge.text)
                if start < left and right >= end - 1:
                    cut = min(cut, left)
                    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
                        b.subject = a.subject  # 'Putin said the economy is slumping and praised ...': Putin praised
            if cut < end:
                pieces = [(s, min(e, cut)) for s, e in a.content if s < cut]
                pieces = trim_pieces(text, pieces)
                if pieces:
                    s, e = pieces[-1]
                    words = text[s:e].split()
                    while len(words) > 1 and words[-1].lower().strip(",") in TRAILING_WORDS:
                        e = s + text[s:e].rstrip().rfind(words[-1])
                        words.pop()
                    pieces[-1] = (s, e)
                    pieces = trim_pieces(text, pieces)
                if pieces and word_count(doc, pieces) >= 1:
                    a.content = pieces
