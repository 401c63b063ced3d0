"""The forecasts stage of the map step: cues found in the parse become `Forecast` records, with
their probability (probability.py), holder (holder.py), deadline (horizon.py), what is predicted
(`outcome`, its head lemma and event classes, the entities named in it) and an embedding of the
outcome for the reduce step to compare with later reports.

Runs after the events stage: a plan or an unhedged "will" whose act the same text reports as done
("the army said it would withdraw; it withdrew on Wednesday") is history, not a forecast.
"""

from __future__ import annotations

import datetime as dt
import functools

from ...records import Analysis, Forecast, sentence_of
from ..components import doc_text
from ..events.lexicon import load_lexicon
from ..positions import ByStart
from .cues import CueFinder
from .holder import HolderFinder
from ..timex import _in_quotation
from .horizon import horizon_of
from .probability import hedge_reader, load_rules

AGAINST = 1 / 3  # a judgement below this leans against the outcome (IPCC "unlikely" is 0-33 %)
MAX_OUTCOME_WORDS = 24
REPORTING = {"say", "tell", "add", "state", "announce", "warn", "predict", "insist", "claim", "note", "write",
             "explain", "argue", "expect", "forecast", "estimate", "caution", "promise", "pledge", "vow",
             "believe", "think", "suggest", "concede", "acknowledge", "confirm", "report"}
TOKEN_BUDGET = 400  # cue tokens per sentence looked at; a pathological text ("will will will ...") stops there


@functools.lru_cache(maxsize=1)
def cue_finder() -> CueFinder:
    lexicon = load_lexicon()
    return CueFinder(load_rules(), frozenset(lexicon.nouns) | frozenset(lexicon.classes))


def forecasts_stage(analysis: Analysis, doc) -> None:
    if not len(doc) or not doc.has_annotation("DEP"):
        return
    finder = cue_finder()
    reader = hedge_reader()
    lexicon = load_lexicon()
    article = analysis.article
    text = doc_text(doc)
    holders = HolderFinder(analysis, doc)
    article_date = dt.date.fromisoformat(article.date) if article.date else None
    timexes = ByStart(analysis.timexes)
    mentions = ByStart(analysis.mentions)
    found: list[tuple[Forecast, str]] = []
    speeches = [m for m in analysis.event_mentions if "speech" in m.classes and m.confidence >= 0.6 and m.date
                and len(m.date) == 10]
    # the analysis's sentences as spans: iterating doc.sents again (or Token.sent) rebuilds them token by token
    sents = [span for span in (doc.char_span(x.start, x.end, alignment_mode="expand") for x in analysis.sentences)
             if span is not None and len(span)]
    positions = finder.positions(doc)
    for number, sent in enumerate(sents):
        if len(sent) > TOKEN_BUDGET:
            continue  # no sentence of news runs this long; a parse this size is noise, not a forecast
        for c in finder.find(sent, positions):
            head, top = doc[c.head], doc[c.top]
            tokens = clause_tokens(top, head, sent)
            if not tokens:
                continue
            start, end = span_of(doc, tokens)
            reading = reader.read(c.cue) or reader.read(c.modal or "will")
            probability = reading.probability if reading else None
            stated = statement_date(top, sent, timexes.between(sent.start_char, sent.end_char), article_date)
            if stated == article_date and c.kind == "expectation" and top.tag_ == "VBD" and top.dep_ in ("relcl", "acl"):
                stated = None  # "experts who expected a swifter incursion": an expectation held before
            reported = is_reported(top, c)
            if stated is not None and stated == article_date and _in_quotation(text, doc[c.cue_tokens[0]].idx if c.cue_tokens else start):
                stated = speech_date(speeches, start, text, article_date) or stated
            starts = {doc[i].idx: i for i in tokens}
            horizon = horizon_of(timexes.between(start, end), lambda s, e: inside(doc, tokens, s, e), text,
                                 stated or article_date)
            lemma = trigger_of(head, lexicon)
            outcome = outcome_text(head, top, c, sent)
            words = keywords(doc, tokens, head, holders, sents[number - 1] if number else None)
            holder = holders.holder(c, start, end)
            subject = subject_words(head, top if c.kind in ("judgement", "intent") else head, holders,
                                    doc[c.holder_token] if c.kind == "intent" and c.holder_token is not None else None,
                                    holder=holder)
            words += [w for w in subject if w not in words]
            classes = sorted(lexicon.classes_of(lemma))
            if holds_office(head, lemma, words, holders, mentions):
                classes = ["office"]
            forecast = Forecast(
                article=article.id, text=text[start:end], holder=holder, cue=c.cue,
                probability=probability, horizon=horizon.deadline if horizon else None, start=start, end=end,
                sentence=sentence_of(analysis.sentences, start), outcome=outcome,
                kind=c.kind, trigger=lemma, classes=classes, polarity=c.polarity,
                stance="against" if probability is not None and probability < AGAINST else "for",
                reading=reading.how if reading else None, horizon_text=horizon.text if horizon else None,
                horizon_value=horizon.value if horizon else None,
                stated_on=stated.isoformat() if stated else None, reported=reported,
                participants=[{"start": m.start, "end": m.end, "text": m.text, "label": m.label}
                              for m in mentions.between(start, end + 1) if m.start in starts or m.start < end],
                keywords=words, subject=subject,
            )
            found.append((forecast, f"{' '.join(forecast.keywords)} {outcome}"))
    found = [(f, t) for f, t in found if not carried_out(f, analysis)]
    if found:
        from ..events.embed import embed

        for (forecast, _), vector in zip(found, embed([t for _, t in found])):
            forecast.embedding = vector
    analysis.forecasts = [f for f, _ in found]


OTHER_CLAUSES = {"relcl", "acl", "conj", "parataxis", "cc", "appos"}
STOP_NOUNS = {"thing", "way", "time", "lot", "part", "one", "people", "week", "day", "month", "year", "end", "moment"}


def clause_tokens(top, head, sent) -> list[int]:
    """The forecast's own clause: the subtree of its topmost token, inside the sentence, without the
    clauses joined to it ("... could fail at any moment and that the order had been given ..."),
    relative clauses, or the punctuation at its edges."""
    cut: set[int] = set()
    for node in [top, head]:
        for child in node.children:
            if child.dep_ in OTHER_CLAUSES and child.i != head.i and (child.pos_ in ("VERB", "AUX") or child.dep_ == "cc"):
                cut.update(t.i for t in child.subtree)
    for t in top.subtree:  # relative clauses anywhere under it ("who joined the authority in 2006")
        if t.dep_ in ("relcl", "acl") and t.pos_ in ("VERB", "AUX") and t.i != head.i \
                and not (t.left_edge.i <= head.i <= t.right_edge.i):
            cut.update(x.i for x in t.subtree)
    tokens = [t.i for t in top.subtree if sent.start <= t.i < sent.end and t.i not in cut]
    doc = sent.doc
    while tokens and doc[tokens[0]].is_punct and doc[tokens[0]].text not in ("\"", "“"):
        tokens.pop(0)
    while tokens and (doc[tokens[-1]].is_punct and doc[tokens[-1]].text not in ("\"", "”", ")")
                      or doc[tokens[-1]].dep_ == "cc"):
        tokens.pop()
    return tokens


def span_of(doc, tokens: list[int]) -> tuple[int, int]:
    last = doc[tokens[-1]]
    return doc[tokens[0]].idx, last.idx + len(last.text)


def inside(doc, tokens: list[int], start: int, end: int) -> bool:
    """Is the time expression text[start:end] part of the clause (its first token is one of them)?"""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.i in set(tokens) and span[0].i in set(tokens)


def holds_office(head, lemma: str, words: list[str], holders, mentions) -> bool:
    """"He will still be in that office", "would stay", "still running the authority": a person
    staying in a post, which a resignation ends (class "office" in rules/en.yaml `refuted_by`)."""
    rules = load_rules()
    if lemma not in rules["office_states"]:
        return False
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    person = subject is not None and (subject.lower_ in ("he", "she") or holders.person_at(subject.idx))
    if not person:
        return False
    args = [c for c in head.children if c.dep_ in ("dobj", "attr", "acomp", "prep", "oprd")]
    if lemma in ("stay", "remain", "survive", "continue", "serve") and not [a for a in args if a.dep_ != "prep"]:
        return True  # "he would stay": in the post he has
    office = {t.lemma_.lower() for a in args for t in a.subtree}
    right = head.right_edge.idx + len(head.right_edge.text)
    return bool(office & set(rules["office_words"])) or any(
        m.label == "ORG" for m in mentions.between(head.idx, right))  # "running the Flood Authority"


def trigger_of(head, lexicon) -> str:
    """The lemma naming what is predicted: the verb, the event noun a light verb carries ("carry
    out a ground invasion" predicts an invasion), or the noun a copula names."""
    lemma = head.lemma_.lower()
    if lemma in ("start", "begin", "end", "open", "resume", "finish", "conclude", "close"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and lexicon.is_event_noun(subject.lemma_.lower()):
            return subject.lemma_.lower()  # "the trial is due to start": the trial
    if lemma == "be":  # "is expected to be its most heated session": the session
        attr = next((c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
        if attr is not None:
            return attr.lemma_.lower()
    if lemma in ("go", "move", "press", "push", "proceed", "forge") or lemma in lexicon.light_verbs:
        for prep in head.children:  # "set to go forward with a ground assault": the assault
            if prep.dep_ == "prep" and prep.lower_ in ("with", "ahead"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and lexicon.is_event_noun(obj.lemma_.lower()):
                        return obj.lemma_.lower()
    if lemma in lexicon.light_verbs:
        for child in head.children:
            if child.dep_ in ("dobj", "nsubjpass") and lexicon.is_event_noun(child.lemma_.lower()):
                return child.lemma_.lower()
    return lemma


def subject_words(head, top, holders, actor=None, holder: str | None = None) -> list[str]:
    """What the outcome is about, as a later report of it would name it: the names in the predicted
    verb's subject ("US rescue teams": US), else its head noun ("the levee": levee); "he" or "she" as
    the surname of the person meant; a post ("flood chief will be gone") as the surname of the person
    the article gives it (a report of the outcome names him, not his post); for a plan, whoever plans
    it ("a diaspora group in London is planning an appeal": the group). Empty when the subject
    is "it", "they" or missing: then any shared word will do (link/forecasts.py)."""
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and top.i != head.i:  # "the death toll is likely to rise": raised to the judgement
        subject = next((c for c in top.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and actor is not None:
        subject = actor
    if subject is None and top.pos_ == "NOUN":  # "Haitian government plans to relocate ...": the government
        subject = next((c for c in top.children if c.dep_ in ("compound", "poss", "amod") and c.pos_ in ("PROPN", "NOUN")
                        and c.i < top.i), None)
    if subject is not None and subject.lower_ in ("its", "their"):  # "calling on Israel to reevaluate its plans"
        name = holders.noun_phrase(subject)
        return [w for w in name.split() if w[:1].isupper()] if name else []
    if subject is None or subject.lower_ in ("it", "they", "this", "that", "there", "which", "who", "what"):
        return []
    if subject.lower_ in ("he", "she", "him", "her"):
        name = holders.referent(subject)
        return [name.split()[-1]] if name else []
    name = holders.person_for_role(subject, holder) if holders.is_role(subject) else None
    if name:
        return [name.split()[-1]]
    names = [t.text for t in subject.subtree if (t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "GPE", "ORG"))
             and t.is_alpha and len(t.text) > 1 and t.text[0].isupper()]
    if names:
        return list(dict.fromkeys(names))
    if subject.pos_ == "NOUN" and subject.is_alpha and subject.lemma_.lower() not in STOP_NOUNS:
        return [subject.lemma_.lower()]
    return []


def keywords(doc, tokens: list[int], head, holders, previous=None) -> list[str]:
    """The clause's content words (noun and proper-noun lemmas): what a later report of the outcome
    is likely to repeat; a proper noun keeps its capital (a name). A personal pronoun counts as the surname of the person it stands for; "it"
    or "they" as subject, as the nouns of the sentence before ("... the emergency fund. He expected
    it to pass"); a relative clause's forecast, with the noun it describes ("the spillway he had said
    would hold")."""
    out: list[str] = []

    def add(t) -> None:
        word = t.text if t.pos_ == "PROPN" else t.lemma_.lower()  # a name keeps its capital: it names someone
        if t.pos_ in ("NOUN", "PROPN") and t.is_alpha and len(t.text) > 2 and word.lower() not in STOP_NOUNS \
                and word not in out:
            out.append(word)

    for i in tokens:
        t = doc[i]
        if t.lower_ in ("he", "she", "him", "her") and t.dep_ in ("nsubj", "nsubjpass", "dobj"):
            name = holders.referent(t)
            word = name.split()[-1] if name else None
            if word and word not in out:
                out.append(word)
        elif t.lower_ in ("it", "they") and t.dep_ in ("nsubj", "nsubjpass") and previous is not None:
            for b in previous:
                if b.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") or b.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
                    add(b)
        else:
            add(t)
    node = head
    for _ in range(5):
        if node.dep_ == "relcl":  # "the spillway he had said would hold": the spillway
            for t in node.head.subtree if node.head.i < node.i else []:
                if t.i < node.i:
                    add(t)
            break
        if node.dep_ in ("pcomp", "pobj") and node.head.dep_ == "prep":  # "..., in what is expected to be ..."
            verb = node.head.head
            for arg in verb.children:
                if arg.dep_ in ("nsubj", "dobj", "nsubjpass"):
                    for t in arg.subtree:
                        add(t)
            break
        if node.head.i == node.i:
            break
        node = node.head
    return out[:12]


def speech_date(speeches, start: int, text: str, article_date: dt.date | None) -> dt.date | None:
    """A quotation's words were spoken at the speech reported just before them ("declared ... in a
    televised address on Thursday evening. '... will probably recede within a week'"): that speech's
    day, when it is in the same or the previous paragraph."""
    line = text.rfind("\n", 0, start)  # paragraphs are lines, with or without blank lines between
    previous = text.rstrip()[:max(line, 0)].rstrip("\n")
    lo = previous.rfind("\n") + 1 if line > 0 else 0
    best = None
    for m in speeches:
        if lo <= m.start < start:
            best = m
    if best is None:
        return None
    try:
        day = dt.date.fromisoformat(best.date)
    except ValueError:
        return None
    return day if article_date is None or day <= article_date else None


def outcome_text(head, top, c, sent) -> str:
    """What is predicted, in the text's words: the head's subtree without the cue, the modal and
    the infinitive marker ("the Tessary Dam hold", "a larger invasion"); a subject raised to the
    judgement ("the death toll is likely to rise") is put back in front."""
    skip = set(c.cue_tokens)
    for child in head.children:
        if child.dep_ in ("aux", "auxpass") and (child.lower_ in ("will", "would", "could", "may", "might", "shall",
                                                                  "'ll", "wo", "to", "'d")):
            skip.add(child.i)
        if child.dep_ == "mark" and child.lower_ == "that":
            skip.add(child.i)
        if child.dep_ in OTHER_CLAUSES and child.pos_ in ("VERB", "AUX", "CCONJ"):
            skip.update(t.i for t in child.subtree)
    lo, hi = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
    words = [t for t in sent.doc[lo:hi] if t.i not in skip]
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children) and top.i != head.i:
        subject = next((c for c in top.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "it"), None)
        if subject is not None:
            words = [t for t in subject.subtree] + words
    while words and words[-1].is_punct:
        words.pop()
    while words and words[0].is_punct:
        words.pop(0)
    words = words[:MAX_OUTCOME_WORDS]
    return "".join(t.text_with_ws for t in words).strip()


def is_reported(top, c) -> bool:
    """Is the forecast given as someone's past words or thought ("said it would", "told the country
    the dam would hold", "who expected", "had predicted"), rather than as standing now ("will vote",
    "is expected to", "says", "plans for")? Only a forecast standing now can show its article to be
    older than it says (link/misdated.py)."""
    node = top
    if c.kind in ("expectation", "intent") and top.tag_ == "VBD":
        return True
    if c.kind == "judgement" and (top.tag_ == "VBD" or any(
            a.dep_ in ("aux", "auxpass", "cop") and a.lower_ in ("was", "were") for a in top.children)):
        return True  # "it was due to arrive on Sunday": an expectation as it stood then
    for _ in range(4):
        if node.head.i == node.i or node.dep_ not in ("ccomp", "xcomp", "conj", "parataxis", "relcl", "advcl"):
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in REPORTING | {"insist", "quote"}:
            return node.tag_ in ("VBD", "VBN") or any(a.lower_ in ("had", "was", "were") for a in node.children)
    return False


def statement_date(top, sent, timexes, article_date: dt.date | None) -> dt.date | None:
    """When the forecast was made: the day a reporting verb above it is dated to ("said on Friday,
    March 14, that he expected ..."); None when the text gives it as said at some earlier time it does
    not name ("he had said would hold", "two days after the authority insisted that ..."); else the
    article's date."""
    verb = top.head if top.dep_ in ("ccomp", "xcomp", "parataxis", "conj", "advcl", "relcl") else None
    if verb is not None and top.dep_ == "relcl" and verb.pos_ in ("VERB", "AUX"):
        verb = None
    if verb is None or verb.lemma_.lower() not in REPORTING:
        return article_date
    earlier = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children) or (
        verb.head.lower_ in ("after", "since") or any(c.dep_ == "mark" and c.lower_ in ("after", "since")
                                                     for c in verb.children))
    doc = sent.doc
    for t in timexes:
        if t.type != "DATE" or len(t.value) != 10 or not (sent.start_char <= t.start < sent.end_char):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        node, steps = span.root, 0
        while node.head.i != node.i and steps < 4 and node.i != verb.i and node.i != top.i:
            node, steps = node.head, steps + 1
        if node.i == verb.i:
            try:
                day = dt.date.fromisoformat(t.value)
            except ValueError:
                continue
            if article_date is None or day <= article_date:
                return day
    return None if earlier else article_date


def carried_out(f: Forecast, analysis: Analysis) -> bool:
    """A plan (or an unhedged will) whose act the same text reports as done, on or after the day
    it was announced: "said it would open a shelter ... the shelter opened on Tuesday"."""
    if not (f.kind == "intent" or (f.kind == "modal" and f.cue in ("will", "would"))):
        return False
    rules = load_rules()["realised_by"]
    done = set(rules.get(f.trigger, [])) | {f.trigger}
    since = (dt.date.fromisoformat(f.stated_on) - dt.timedelta(days=30)).isoformat() if f.stated_on else "0000"
    for m in analysis.event_mentions:
        if m.lemma not in done or not m.date or m.start <= f.start < m.end:
            continue
        if m.date[:10] >= since and m.confidence >= 0.5:
            return True  # the same text tells it as done (not an occasion a month before it was announced)
    return False
