"""The counted thing (`what`) of a figure, read from the parse: its head noun with the words
that say which ones ("people killed", "helicopter sorties", "emergency fund"), a key that puts
the same quantity written differently in one series ("died", "were killed", "death toll" ->
people|killed), the subject it is about (a place or group named with it), and whether the
figure is a level or a change and in which direction."""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Vocabulary

NOUNS = {"NOUN", "PROPN"}
ATTACH = {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "det", "poss"}
PLACE_LABELS = {"GPE", "LOC", "NORP", "FAC"}


@dataclass
class Counted:
    what: str | None = None
    key: str | None = None
    subject: str | None = None
    noun: int = -1  # token index of the head noun, -1 when the figure counts nothing named
    kind: str = "level"
    direction: str | None = None


def counted_thing(doc, start: int, end: int, root_index: int, vocab: Vocabulary, previous_noun: int = -1,
                  is_money: bool = False, is_share: bool = False) -> Counted:
    """`start`/`end`: token indices of the figure; `root_index`: the token it hangs from.
    `previous_noun`: the noun of the figure before in the same sentence, for "at least four
    people ... and nearly a dozen were missing"."""
    root = doc[root_index]
    light = set(vocab.what["light_nouns"])
    noun = _noun_of(root, start, end, light)
    verb = _governing_verb(root)
    toll = None
    if noun is None and verb is not None:
        other = _object_set_to(root, verb) or _level_subject(root, verb, vocab)
        if other is not None and not (start <= other.i < end):
            noun = _follow_light(other, light)
            toll = _toll(doc, noun, vocab)
    borrowed = False
    if noun is None and previous_noun >= 0 and not is_money:
        noun, borrowed = doc[previous_noun], True
    if noun is None and not is_money and not is_share and root.dep_ in ("nsubj", "nsubjpass") and verb is not None:
        state_word, state = _state(root, vocab)  # "Some 600 are sleeping ...": people, unless said otherwise
        counted = Counted(what=" ".join(w for w in ("people", state_word) if w), key=f"people|{state or ''}")
        counted.kind, counted.direction = _change(doc, root, start, end, None, verb, vocab)
        return counted
    counted = Counted()
    kind, direction = _change(doc, root, start, end, noun, verb, vocab)
    counted.kind, counted.direction = kind, direction
    special = _special(doc, root, end, noun, verb, vocab, is_money, is_share)
    if special is not None:
        counted.what, counted.key = special
        counted.noun = noun.i if noun is not None else -1
        if kind == "change" and verb is not None and noun is not None and not is_money:
            counted.what, counted.key = _change_what(noun, verb, vocab) or special
        return counted
    if noun is None:
        return counted
    if kind == "change" and verb is not None and _change_what(noun, verb, vocab):
        counted.what, counted.key = _change_what(noun, verb, vocab)
        counted.noun = noun.i
        return counted
    counted.noun = noun.i
    state_word, state = _state(root if borrowed else noun, vocab)
    if toll is not None:
        counted.what, counted.key = toll, _toll_key(toll, vocab)
        counted.subject = _subject_place(noun, verb)
        return counted
    toll = _toll(doc, noun, vocab)
    if toll is not None and not state:
        counted.what, counted.key = toll, _toll_key(toll, vocab)
        counted.subject = _subject_place(noun, verb)
        return counted
    modifiers = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not (start <= t.i < end)
                 and t.pos_ != "NUM" and t.i > end - 1]
    persons = vocab.what["person_nouns"]
    head = noun.lemma_.lower() if noun.pos_ == "NOUN" else noun.text
    head = persons.get(noun.lower_, head)
    words = [t.text for t in modifiers] + [noun.text]
    if state_word:
        words.append(state_word)
    counted.what = " ".join(words)
    key_mods = [t.lemma_.lower() for t in modifiers if t.dep_ == "compound" or vocab.state_of.get(t.lemma_.lower())
                is None]
    counted.key = " ".join(key_mods + [head]) + "|" + (state or "")
    counted.subject = _subject_place(noun, verb)
    return counted


def _special(doc, root, end: int, noun, verb, vocab: Vocabulary, is_money: bool, is_share: bool):
    """Figures whose counted thing is not the noun beside them: a share of a whole, a population,
    a distance, a vote tally, money handed over. (what, key) or None."""
    what = vocab.what
    lemma = verb.lemma_.lower() if verb is not None else ""
    if noun is not None and noun.lemma_.lower() in what["whole_nouns"] and _after_of(noun):
        holder = _subject(verb) if verb is not None else None
        if holder is None or holder.pos_ == "PRON":
            holder = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in NOUNS), None) if verb else None
        name = f"{holder.lemma_.lower()} level" if holder is not None and holder.pos_ in NOUNS else "level"
        return f"{name} (share of {noun.lemma_.lower()})", f"{name}|share"
    if noun is not None and _after_of(noun) and (root.lower_ in ("percent", "%") or is_share):
        phrase = " ".join(t.text for t in noun.lefts if t.dep_ in ("compound", "amod")) + " " + noun.text
        return f"share of {phrase.strip()}", f"share of {noun.lemma_.lower()}|"
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
            and noun.head.head.lemma_.lower() in what["populated_nouns"] and noun.lower_ in what["person_nouns"]:
        place = noun.head.head
        return f"population of the {place.text}", f"population|{place.lemma_.lower()}"
    after = doc[end] if end < len(doc) else None
    if after is not None and after.lower_ in what["distance_words"] and not is_money:
        return "distance", "distance|"
    if lemma == "vote" and not is_money and root.dep_ in ("dobj", "npadvmod", "pobj", "attr", "nummod", "conj"):
        against = root.dep_ == "pobj" and root.head.lower_ == "to"
        return ("votes against", "vote|against") if against else ("votes for", "vote|for")
    if is_money and noun is None and lemma in what["money_verbs"]:
        name = what["money_verbs"][lemma]
        mods = [t.text for t in doc[max(0, root.i - 4): root.i] if t.dep_ == "amod" and t.head.i == root.i]
        return " ".join(mods + [name]), f"{name}|"
    return None


def _after_of(noun) -> bool:
    return noun.dep_ == "pobj" and noun.head.lower_ == "of"


def _change_what(noun, verb, vocab: Vocabulary):
    """'business has fallen by half' -> 'fall in business'."""
    name = vocab.what["change_nouns"].get(verb.lemma_.lower())
    if name is None:
        return None
    phrase = " ".join([t.text for t in noun.lefts if t.dep_ in ("compound", "amod")] + [noun.text])
    return f"{name} in {phrase}", f"{name} in {noun.lemma_.lower()}|"


def _noun_of(root, start: int, end: int, light: set[str]):
    """The noun the number counts: its head ("40 patients"), or the noun after "of" ("two of its
    piers", "hundreds of homes"), skipping nouns that only say how many ("the number of")."""
    noun = None
    if root.dep_ in ATTACH and root.head.pos_ in NOUNS and root.head.i >= end:
        noun = root.head
    if noun is None or noun.lower_ in light:
        of = _of_object(noun if noun is not None else root)
        if of is not None:
            return _follow_light(of, light)
        if noun is not None and noun.lower_ in light:
            return None
    return noun


def _of_object(token):
    for child in token.rights:
        if child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in NOUNS | {"PRON"}:
                    return obj if obj.pos_ != "PRON" else None
    return None


def _follow_light(token, light: set[str]):
    seen = 0
    while token.lower_ in light and seen < 3:
        of = _of_object(token)
        if of is None:
            break
        token, seen = of, seen + 1
    return token


def _governing_verb(root):
    token, steps = root, 0
    while steps < 4 and token.head.i != token.i:
        token, steps = token.head, steps + 1
        if token.pos_ in ("VERB", "AUX") or token.pos_ == "ADJ" and any(
                c.dep_ in ("nsubj", "nsubjpass", "auxpass", "cop") for c in token.children):
            return token
        if token.pos_ in NOUNS and token.dep_ not in ("pobj",):
            return None
    return None


def _object_set_to(root, verb):
    """'bringing the number of deaths to 23', 'put the cost at €180 million', 'which the association
    puts at more than €700 million': the object the figure is the value of."""
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in ("to", "at") and prep.head.pos_ in NOUNS and prep.head.dep_ == "dobj":
        return prep.head  # "estimated insured losses at between ..."
    if prep is None or prep.lower_ not in ("to", "at") or prep.head.i != verb.i:
        return None
    if verb.tag_ == "VBG" and verb.head.lower_ == "of" and verb.head.head.pos_ in NOUNS:
        return verb.head.head  # "put the cost of rebuilding the spillway at €180 million"
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is not None and obj.pos_ == "PRON" and verb.dep_ == "relcl":
        return verb.head
    return obj if obj is not None and obj.pos_ in NOUNS else None


def _level_subject(root, verb, vocab: Vocabulary):
    """'the death toll stood at 19', 'rose to nine', 'reached 26', 'the toll is 19': the subject
    names what the figure counts when the figure is the level it reached or stands at."""
    lemma = verb.lemma_.lower()
    change = vocab.change
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and prep.head.i == verb.i and prep.lower_ in ("to", "at", "by", "above", "below"):
        pass
    elif root.dep_ in ("attr", "dobj", "npadvmod", "acomp") and (
            lemma in change["up"] or lemma in change["down"] or lemma in change["level_verbs"]):
        pass
    else:
        return None
    return _subject(verb)


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            return child
    if verb.dep_ == "conj":  # "the number of people confirmed dead rose to nine", parsed as two verbs
        left = [t for t in verb.doc[verb.sent.start: verb.i] if t.dep_ in ("nsubj", "nsubjpass")]
        if left:
            return left[-1]
    if verb.dep_ in ("xcomp", "conj", "acl", "relcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head) if verb.dep_ != "relcl" else verb.head
    return None


def _toll(doc, noun, vocab: Vocabulary) -> str | None:
    """'death toll', 'deaths', 'the dead': a noun that stands for a count of people in a state."""
    tolls = vocab.what["tolls"]
    compounds = " ".join([t.lower_ for t in noun.lefts if t.dep_ in ("compound", "amod")] + [noun.lower_])
    for phrase in (compounds, f"{doc[noun.i - 1].lower_} {noun.lower_}" if noun.i else "", noun.lower_):
        if phrase in tolls:
            return tolls[phrase]
    return None


def _toll_key(toll: str, vocab: Vocabulary) -> str:
    noun, _, state = toll.partition(" ")
    return f"{noun}|{vocab.state_of.get(state, state)}" if state else f"{noun}|"


def _state(noun, vocab: Vocabulary) -> tuple[str | None, str | None]:
    """The participle or adjective that says which of the noun are counted: 'people killed',
    'were killed', 'remain missing', 'confirmed dead', 'left their homes'."""
    candidates = []
    for child in noun.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.i > noun.i:
            candidates.append(child)
            candidates += [c for c in child.children if c.dep_ in ("acomp", "oprd", "xcomp")]
            for prep in child.children:  # "listed as missing"
                if prep.dep_ == "prep" and prep.lower_ == "as":
                    candidates += [c for c in prep.children if c.dep_ in ("pobj", "amod", "acomp")]
    if noun.dep_ == "pobj" and noun.head.lower_ in ("including", "among") and noun.head.head.pos_ in NOUNS:
        noun = noun.head.head  # "2,251 Palestinians, including 1,462 civilians, were killed"
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos", "nummod", "quantmod"):
        head = noun.head
        light = set(vocab.what["light_nouns"])
        while head.dep_ in ("prep",) or head.pos_ == "ADP" or (noun.dep_ in ("conj", "appos") and head.pos_ in NOUNS) \
                or (head.pos_ in NOUNS and head.lower_ in light):  # "hundreds of thousands of Palestinians have fled"
            if head.head.i == head.i:
                break
            head = head.head
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            candidates += [c for c in head.children if c.dep_ in ("acomp", "oprd", "xcomp", "advmod")]
            candidates.append(head)
    for token in candidates:
        lemma = token.lemma_.lower()
        state = vocab.state_of.get(lemma) or vocab.state_of.get(token.lower_)
        if state:
            particle = [c.text for c in token.children if c.dep_ == "prt"]
            return " ".join([token.text] + particle), state
    return None, None


def _subject_place(noun, verb) -> str | None:
    """A place or group named with the counted noun: '... homes in and around Pellan'."""
    for head in (noun, verb):
        if head is None:
            continue
        for child in head.children:
            if child.lower_ in ("in", "inside", "across", "around") and child.dep_ == "prep":
                for obj in child.subtree:
                    if obj.ent_type_ in PLACE_LABELS:
                        return obj.text
    return None


def _change(doc, root, start: int, end: int, noun, verb, vocab: Vocabulary) -> tuple[str, str | None]:
    """Level or change, and the direction: 'rose to 14' (level, up), 'rose by 3%' / 'up 3%' /
    'a 3% rise' / 'two more bodies' (change)."""
    change = vocab.change
    prev = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if prev is not None and prev.lower_ in ("up", "down") and prev.dep_ in ("advmod", "quantmod", "amod"):
        return "change", "up" if prev.lower_ == "up" else "down"
    if after is not None and after.lower_ in ("more", "fewer", "less", "extra", "additional", "further"):
        return "change", "up" if after.lower_ in ("more", "extra", "additional", "further") else "down"
    if noun is not None and noun.lemma_.lower() in change["up_nouns"] | change["down_nouns"] and noun.i >= end:
        return "change", "up" if noun.lemma_.lower() in change["up_nouns"] else "down"
    prep = root.head if root.dep_ == "pobj" else (root.head.head if root.head.dep_ == "pobj" else None)
    if verb is not None:
        lemma = verb.lemma_.lower()
        direction = "up" if lemma in change["up"] else "down" if lemma in change["down"] else None
        if prep is not None and prep.lower_ in change["change_preps"] and direction:
            return "change", direction
        if direction:
            return "level", direction
    return "level", None
