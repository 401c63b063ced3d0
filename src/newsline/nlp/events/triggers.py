"""Event triggers: the words in a sentence that name something that happened.

- a verb from the lexicon's classes in the past or the (headline) present tense;
- any other past-tense verb ("crested", "was confirmed") that is not a state, reporting or
  thinking verb (`not_events`), the event is then of its own class (the lemma);
- an event noun with a time of its own ("Wednesday's raid", "a Thursday briefing", "the
  October 7 attacks", "a ceasefire in August of that year"), or the object of a light verb
  ("carried out a raid", "ordered the evacuation"); a noun under a light verb is dated by it;
- a newsworthy act of speech: "said in a televised address" is the address (dated by the
  reporting verb's time too); a reporting verb with a time of its own and nothing newsworthy
  in what is reported stays as a weak trigger ("the union said on Monday that ...").

What is reported is examined as any other clause: "the company said it had suspended two
managers" gives "suspended". Each trigger carries its modality (filters.py); the stage
keeps only asserted ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..timex import _in_quotation
from .filters import clause_modality, modality
from .lexicon import Lexicon

PAST = {"VBD", "VBN"}
PRESENT = {"VBZ", "VBP"}
REPORTING = {"say", "tell", "add", "report", "claim", "state", "note", "write", "post", "tweet", "insist", "warn",
             "explain", "announce", "confirm", "deny", "argue", "acknowledge", "admit", "testify", "declare",
             "promise", "pledge", "vow", "threaten", "predict", "estimate", "describe", "reveal", "disclose"}
MEDIA = {"report", "write", "tweet", "post", "quote", "cite"}  # outlets citing each other are not events
WEIGHT = {"class": 3.0, "noun": 3.0, "verb": 1.5, "speech": 0.5}


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


def in_quotation(sent, token) -> bool:
    """Inside a quotation opened earlier in its paragraph: someone's words, not the report's."""
    return _in_quotation(sent.doc.text, token.idx)


def headline(sent) -> bool:
    """The first sentence of the text when it is a short line: headlines report in the present."""
    return sent.start == 0 and len(sent) <= 25


def find_triggers(sent, lexicon: Lexicon) -> list[Trigger]:
    found: list[Trigger] = []
    taken: set[int] = set()
    present_ok = headline(sent)
    for token in sent:
        if token.pos_ != "VERB" or token.dep_ == "amod":
            continue
        lemma = token.lemma_.lower()
        if not lemma.isalpha():
            continue
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        if lemma in lexicon.light_verbs:
            for obj in objects:
                noun = noun_lemma(obj, lexicon)
                if noun:
                    found.append(Trigger(obj.i, noun, "noun", lexicon.classes_of(noun), (obj.i, token.i), token.i,
                                         tense=tense_of(token)))
                    taken.add(obj.i)
            if any(t.i in taken for t in objects):
                continue
        reporting = lemma in REPORTING or any(c.dep_ == "ccomp" for c in token.children)
        if reporting:
            speech = speech_noun(token, lexicon)
            if speech is not None:
                noun = noun_lemma(speech, lexicon) or speech.lemma_.lower()
                found.append(Trigger(speech.i, noun, "noun", lexicon.classes_of(noun) | {"speech"},
                                     (speech.i, token.i), token.i, tense=tense_of(token)))
                taken.add(speech.i)
            elif (token.tag_ in PAST or present_ok) and lemma not in MEDIA and not in_quotation(sent, token):
                kind = "class" if lemma in lexicon.classes and lemma not in ("say", "tell") and not any(
                    c.dep_ == "ccomp" for c in token.children) else "speech"
                found.append(Trigger(token.i, lemma, kind, lexicon.classes_of(lemma) | {"speech"}, (token.i,),
                                     token.i, tense=tense_of(token), needs_own_time=kind == "speech"))
            continue
        if lemma in lexicon.not_events:
            continue
        tense = tense_of(token)
        listed = lemma in lexicon.classes
        past = token.tag_ == "VBD" or (token.tag_ == "VBN" and tense in ("past", "perfect"))
        if past or (listed and present_ok and token.tag_ in PRESENT | {"VBN"}):
            if token.dep_ == "acl" and token.tag_ == "VBN" and not listed:
                continue  # "a state-owned company"
            if in_quotation(sent, token):
                continue
            classes = set(lexicon.classes_of(lemma))
            for c in token.children:  # "the war began", "the operation ended": the noun says which event
                if c.dep_ in ("nsubj", "nsubjpass") and lemma in ("begin", "start", "end", "resume", "finish"):
                    noun = noun_lemma(c, lexicon)
                    if noun:
                        classes |= lexicon.classes_of(noun)
            found.append(Trigger(token.i, lemma, "class" if listed else "verb", frozenset(classes), (token.i,),
                                 token.i, tense=tense, needs_own_time=token.dep_ == "acl"))
    for token in sent:
        if token.i in taken or token.pos_ not in ("NOUN", "PROPN"):
            continue
        noun = noun_lemma(token, lexicon)
        if noun is None or in_quotation(sent, token):
            continue
        if token.dep_ in ("dobj", "nsubjpass") and any(t.i == token.head.i for t in found):
            continue  # "announced the raid": the announcement is the event here, dated by its verb
        found.append(Trigger(token.i, noun, "noun", lexicon.classes_of(noun), (token.i,), clause_of(token),
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
