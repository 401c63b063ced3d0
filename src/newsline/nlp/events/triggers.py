"""Event triggers: the words in a sentence that name something that happened.

- a verb from the lexicon's classes in the past or the (headline) present tense;
- any other past-tense verb ("crested", "was confirmed") that is not a state, reporting or
  thinking verb (`not_events`), the event is then of its own class (the lemma);
- an event noun with a time of its own ("Wednesday's raid", "a Thursday briefing", "the
  October 7 attacks", "a ceasefire in August of that year"), or the object of a light verb
  ("carried out a raid", "ordered the evacuation"); a noun under a light verb is dated by it;
- a newsworthy act of speech: "said in a televised address" is the address (dated by the
  reporting verb's time too), "told the court" is testimony, and a speech act that is news
  in itself ("warned", "denied", "announced") with a time of its own; a plain "said" is no
  event (what was said is examined as any other clause).

Not events: a figure ("the death toll rose to 21": the claims stage's), a noun inside a name
("the National Flood Authority") or modifying another ("flood walls"), and, without a time
of its own, a bare participle, a clause set before or after the sentence's time ("a day
after Orren resigned") or a plain verb inside what someone said.

What is reported is examined as any other clause: "the company said it had suspended two
managers" gives "suspended". Each trigger carries its modality (filters.py); the stage
keeps only asserted ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import POS
from spacy.parts_of_speech import IDS as POS_IDS

from ..components import doc_text
from ..positions import positions, token_mask, within
from .filters import clause_modality, modality
from .lexicon import Lexicon
from .quoted import Quotations

PAST = {"VBD", "VBN"}
PRESENT = {"VBZ", "VBP"}
REPORTING = {"say", "tell", "add", "report", "claim", "state", "note", "write", "post", "tweet", "insist", "warn",
             "explain", "announce", "confirm", "deny", "argue", "acknowledge", "admit", "testify", "declare",
             "promise", "pledge", "vow", "threaten", "predict", "estimate", "describe", "reveal", "disclose"}
MEDIA = {"report", "write", "tweet", "post", "quote", "cite"}  # outlets citing each other are not events
WEIGHT = {"class": 3.0, "noun": 3.0, "verb": 1.5, "speech": 0.5}
PHASES = {"begin", "start", "end", "resume", "finish", "continue", "conclude", "launch", "complete", "open"}
THEME = "of:"  # a class naming what a start or an end is of ("of:operation"): the reduce step joins the two
ANTERIOR = {"after", "before", "since", "until", "till", "once"}  # a clause set at another time than the sentence's
LASTING = {"last", "continue", "stretch", "extend", "run", "drag"}  # verbs that give an event's duration
TALLIES = {"death", "injury"}  # "24 people have died": a count, the claims stage's
NAMED = {"ORG", "GPE", "FAC", "LOC", "PERSON", "NORP", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}


@dataclass
class Trigger:
    i: int  # token index of the word naming the event
    lemma: str
    kind: str  # class (lexicon verb) | verb (any other past verb) | noun | speech (reporting verb)
    classes: frozenset[str]
    anchors: tuple[int, ...]  # tokens a time expression may hang from to date this trigger
    clause: int  # the verb whose clause holds it (dating climbs from here)
    modality: str = "asserted"
    weight: float = 1.0
    tense: str = "past"  # past | perfect | present | none
    needs_own_time: bool = False  # a bare event noun: only a time of its own dates it
    extra: dict = field(default_factory=dict)


def noun_lemma(token, lexicon: Lexicon) -> str | None:
    """The event-noun lemma at `token` ("press conference", "state of emergency"), or None."""
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "compound":
            phrase = f"{child.lemma_.lower()} {lemma}"
            if phrase in lexicon.phrases:
                return phrase
    if lemma == "state" and any(c.dep_ == "prep" and any(g.lemma_.lower() == "emergency" for g in c.children)
                                for c in token.children):
        return "state of emergency"
    return lemma if lexicon.is_event_noun(lemma) else None


def tense_of(verb) -> str:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" for a in auxes):
        return "perfect"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(a.tag_ == "VBD" for a in auxes)):
        return "past"
    if verb.tag_ in PRESENT or any(a.tag_ in PRESENT for a in auxes):
        return "present"
    return "past" if verb.tag_ == "VBN" else "none"


def headline(sent) -> bool:
    """The first sentence of the text when it is a short line: headlines report in the present."""
    return sent.start == 0 and len(sent) <= 25


class WordClasses:
    """Where a doc's verbs and nouns are (from arrays, once per article): a sentence's triggers are
    looked for at those tokens only."""

    VERB, NOUN = POS_IDS["VERB"], POS_IDS["NOUN"]

    def __init__(self, doc):
        self.doc = doc
        self.verbs = positions(token_mask(doc, POS, [self.VERB]))
        self.nouns = positions(token_mask(doc, POS, [self.NOUN]))

    def within(self, tokens: list[int], sent):
        return (self.doc[i] for i in within(tokens, sent.start, sent.end))


def find_triggers(sent, lexicon: Lexicon, quoted: Quotations | None = None,
                  word_classes: WordClasses | None = None) -> list[Trigger]:
    """The triggers of one sentence; `quoted` says where the article quotes someone and `word_classes`
    where its verbs and nouns are (each worked out once per article)."""
    quoted = quoted or Quotations(doc_text(sent.doc))
    words = word_classes or WordClasses(sent.doc)
    found: list[Trigger] = []
    taken: set[int] = set()
    present_ok = headline(sent)
    for token in words.within(words.verbs, sent):
        if token.dep_ == "amod":
            continue
        lemma = lexicon_lemma(token, lexicon)
        if not lemma.isalpha():
            continue
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        reporting = lemma in REPORTING or any(c.dep_ == "ccomp" for c in token.children)
        told = lemma in REPORTING
        acted = token.tag_ in PAST or present_ok  # "makes its own decisions": a habit, not an event
        if (lemma in lexicon.light_verbs or reporting) and acted:  # "carried out a raid", "declared a state of emergency"
            for obj in objects:
                noun = noun_lemma(obj, lexicon)
                if noun and noun not in lexicon.speech_events and not (told and definite(obj)):
                    if lemma in PHASES:  # "ended its relief operation": the end of the operation
                        found.append(Trigger(token.i, lemma, "class", lexicon.classes_of(lemma) | lexicon.classes_of(
                            noun) | {THEME + noun}, (obj.i, token.i), token.i, tense=tense_of(token)))
                    else:
                        found.append(Trigger(obj.i, noun, "noun", lexicon.classes_of(noun), (obj.i, token.i),
                                             token.i, tense=tense_of(token)))
                    taken.add(obj.i)
            if any(t.i in taken for t in objects) and not reporting:
                continue
        if reporting:
            found += speech_triggers(sent, token, lemma, lexicon, quoted, present_ok, taken)
            continue
        phrase = verb_phrase(token, lemma, lexicon)  # "ran aground", "took charge", "gave way"
        if phrase is None and lemma in lexicon.not_events:
            continue
        if states_a_figure(token, lexicon):
            continue  # "the death toll rose to 21": a figure, the claims stage's
        tense = tense_of(token)
        listed = phrase is not None or lemma in lexicon.classes
        past = token.tag_ == "VBD" or (token.tag_ == "VBN" and tense in ("past", "perfect"))
        if not (past or (listed and present_ok and token.tag_ in PRESENT | {"VBN"})):
            continue
        if token.dep_ == "acl" and token.tag_ == "VBN" and not listed:
            continue  # "a state-owned company"
        if quoted.inside(token.idx):
            continue
        classes = set(lexicon.classes_of(phrase or lemma))
        for c in token.children:  # "the war began", "the operation ended": the noun says which event
            if c.dep_ in ("nsubj", "nsubjpass") and lemma in PHASES:
                noun = noun_lemma(c, lexicon)
                if noun:
                    classes |= lexicon.classes_of(noun) | {THEME + noun}
        found.append(Trigger(token.i, phrase or lemma, "class" if listed else "verb", frozenset(classes), (token.i,),
                             token.i, tense=tense,
                             needs_own_time=needs_own_time(token, listed, present_ok, lexicon)))
    for token in words.within(words.nouns, sent):
        if token.i in taken or token.dep_ == "compound" or token.ent_type_ in NAMED:
            continue  # "the flood walls", "the National Flood Authority": the noun names no event there
        noun = noun_lemma(token, lexicon)
        if noun is None or quoted.inside(token.idx):
            continue
        if token.dep_ in ("dobj", "nsubjpass") and any(t.i == token.head.i for t in found):
            continue  # "announced the raid": the announcement is the event here, dated by its verb
        anchors = (token.i,) + tuple(lasting_verbs(token))  # "Wednesday's raid lasted overnight into Thursday"
        found.append(Trigger(token.i, noun, "noun", lexicon.classes_of(noun), anchors, clause_of(token),
                             tense="none", needs_own_time=True))
    for trigger in found:
        if trigger.kind == "noun" and trigger.clause != trigger.i and trigger.clause in trigger.anchors:
            # the object of a light verb or the occasion of a reporting verb: that verb's clause decides
            trigger.modality = modality(sent.doc[trigger.i], lexicon, noun_only=True)
            if trigger.modality == "asserted":
                trigger.modality = clause_modality(sent.doc[trigger.clause], lexicon)
        elif trigger.kind == "noun":  # a bare event noun has a time of its own: only words at the noun count
            trigger.modality = modality(sent.doc[trigger.i], lexicon, noun_only=True)
        else:
            trigger.modality = modality(sent.doc[trigger.clause], lexicon)
        trigger.weight = WEIGHT[trigger.kind]
    return found


def lasting_verbs(noun) -> list[int]:
    """The verb that says how long the event a noun names went on: "the raid lasted into Thursday",
    also when the parser hangs it on the noun's own complement ("the raid on the depot lasted ...")."""
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in LASTING:
        return [noun.head.i]
    found = []
    for token in noun.subtree:
        if token.lemma_.lower() in LASTING and token.dep_ in ("acl", "relcl") and token.i > noun.i:
            found.append(token.i)
    return found[:1]


def speech_triggers(sent, token, lemma: str, lexicon: Lexicon, quoted: Quotations, present_ok: bool,
                    taken: set[int]) -> list[Trigger]:
    """What a reporting verb contributes: the newsworthy occasion ("said in a televised address"), a
    testimony ("told the court"), or a speech act that is news in itself ("warned", "denied"), which
    needs a time of its own. A plain "said" is no event: what was said is examined as any clause."""
    tense = tense_of(token)
    speech = speech_noun(token, lexicon)
    if speech is not None:
        noun = noun_lemma(speech, lexicon) or speech.lemma_.lower()
        taken.add(speech.i)
        return [Trigger(speech.i, noun, "noun", lexicon.classes_of(noun) | {"speech"}, (speech.i, token.i), token.i,
                        tense=tense)]
    if token.tag_ not in PAST and not present_ok:
        return []
    if lemma in MEDIA or quoted.inside(token.idx):
        return []
    if lemma in ("tell", "say", "testify") and forum(token, lexicon):  # "told the court", "told lawmakers"
        return [Trigger(token.i, "testify", "class", lexicon.classes_of("testify") | {"speech"}, (token.i,),
                        token.i, tense=tense)]
    if lemma not in lexicon.speech_acts and not institution(token, lexicon):
        return []
    if any(c.dep_ == "ccomp" and states_a_figure(c, lexicon) for c in token.children):
        return []  # "the death toll rose to 14, the authority said": a figure, with its source
    has_content = any(c.dep_ == "ccomp" for c in token.children)
    kind = "class" if lemma in lexicon.classes and not has_content else "speech"
    about = set()  # "announced the raid": news about the raid, which the reduce step may join it to
    for obj in token.children:
        noun = noun_lemma(obj, lexicon) if obj.dep_ == "dobj" and definite(obj) else None
        if noun:
            about |= lexicon.classes_of(noun)
    return [Trigger(token.i, lemma, kind, lexicon.classes_of(lemma) | {"speech"} | about, (token.i,), token.i,
                    tense=tense, needs_own_time=kind == "speech")]


def definite(noun) -> bool:
    """"the raid", "Wednesday's raid": an event already told (announcing it is news about it, not
    the event itself); "a state of emergency", "his resignation" are made by the saying."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children) or \
        any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children)


def institution(verb, lexicon: Lexicon) -> bool:
    """Is the speaker a body ("the transport ministry said on Wednesday", "the inquiry said this
    week"): what a body says with a date of its own is an announcement, a person's "said" is not."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child.ent_type_ in ("ORG", "GPE", "NORP") or child.lemma_.lower() in lexicon.institutions
    return False


def forum(verb, lexicon: Lexicon) -> bool:
    """Is a "told" addressed to a court, a jury, lawmakers or an inquiry (testimony, not a remark)?"""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj") and child.lemma_.lower() in lexicon.forums:
            return True
        if child.dep_ == "prep" and child.lower_ in ("before", "to"):
            if any(g.dep_ == "pobj" and g.lemma_.lower() in lexicon.forums for g in child.children):
                return True
    return False


def verb_phrase(token, lemma: str, lexicon: Lexicon) -> str | None:
    """A listed verb phrase at `token` ("ran aground", "took charge", "gave way"), or None."""
    words = [c for c in token.children if c.dep_ in ("prt", "advmod", "dobj", "acomp", "npadvmod", "oprd")]
    words += [g for c in words if c.dep_ == "prt" for g in c.children if g.dep_ == "advmod"]  # "came back on"
    for child in words:
        phrase = f"{lemma} {child.lemma_.lower()}"
        if phrase in lexicon.phrases:
            return phrase
    return None


def lexicon_lemma(token, lexicon: Lexicon) -> str:
    """The token's lemma as the lexicon lists it: the small model leaves some participles half
    done ("reconnected" -> "reconnecte", "waterlogged" -> "waterlogge")."""
    lemma = token.lemma_.lower()
    if lemma in lexicon.classes or not lemma.endswith("e"):
        return lemma
    word = token.lower_
    for stem in (word[:-2], word[:-1]) if word.endswith("ed") else ():
        if stem in lexicon.classes:
            return stem
    return lemma


def states_a_figure(verb, lexicon: Lexicon) -> bool:
    """"The death toll rose to 21", "the number of evacuees stood at 600", "at least four people
    were killed": a figure (a count of casualties is one too), not an event."""
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if c.lemma_.lower() in lexicon.figure_nouns:
            return True
        counted = c.tag_ == "CD" or any(g.dep_ == "nummod" and g.tag_ == "CD" for g in c.children)
        if counted and lexicon.classes_of(verb.lemma_.lower()) & TALLIES:
            return True
    return False


def needs_own_time(verb, listed: bool, present_ok: bool, lexicon: Lexicon) -> bool:
    """Is this verb only an event when a time expression of its own dates it?

    - a description ("households whose homes were flooded") or something going on ("was being
      released");
    - a participle with no auxiliary ("completed in 1987", "people still listed as missing"):
      a description, unless a time says when it happened;
    - a clause set before or after another time ("a day after Orren resigned", "before the
      dam failed"): it happened at some other time than the sentence's;
    - a plain verb (not in the lexicon) in what someone said ("she said the area covered ..."):
      part of the statement, not a report of its own."""
    if verb.dep_ in ("acl", "relcl"):  # "households whose homes were flooded": a description
        return True
    if (verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)) or any(
            c.dep_ == "auxpass" and c.tag_ == "VBG" for c in verb.children):
        return True  # "were inspecting", "was being released": going on, not a happening, unless a time says when
    if verb.tag_ == "VBN" and not present_ok and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in ANTERIOR for c in verb.children):
        return True
    if verb.dep_ == "pcomp" and verb.head.lower_ in ANTERIOR:
        return True
    if not listed:
        v = verb
        while v.dep_ == "conj" and v.head.i != v.i:  # "declared ... and flew over": the second of two acts
            v = v.head
        if v.dep_ == "ccomp" and v.head.lemma_.lower() in REPORTING:
            return True
    return False


def speech_noun(verb, lexicon: Lexicon):
    """The newsworthy occasion of a reporting verb: "said in a televised address", "at a briefing"."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "during", "on", "through"):
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                noun = noun_lemma(obj, lexicon)
                if noun and noun in lexicon.speech_events:
                    return obj
    return None


def clause_of(token) -> int:
    t = token
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t.i
    return token.i
