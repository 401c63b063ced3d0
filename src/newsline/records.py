"""Plain records: what newsline reads, finds and stores.

Every record that states something points back at the article it came from
(`article`, the article id) and at the character span of the article's text
(`start`, `end`) or the sentence (`sentence`, the sentence text) it rests on.
These classes are the data model shared by the per-article analysis (map),
the cross-article linking (reduce), the store and the exports; the field
names are those of the `newsline/1` JSON export (schema/newsline-1.schema.json).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class RawArticle:
    """One article as ingest found it, before any analysis."""

    source: str  # file path, "file#item-N", "file:LINE" or URL: where a reader finds it
    text: str
    title: str | None = None
    stated_date: str | None = None  # ISO date as given by the header/metadata, kept as given
    stated_date_raw: str | None = None  # the original string, when it did not parse
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    format: str = "text"  # text | markdown | html | feed | jsonl
    path: str | None = None  # the file it came from (revision key when there is no URL)
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. {"fiction": true}
    warnings: list[str] = field(default_factory=list)  # problems that did not stop ingest


@dataclass
class Flag:
    """Something a reader should know about an article, with the reason."""

    kind: str  # e.g. "stated_date_unparseable", "stated_date_in_future", "content_predates_stated_date"
    reason: str
    evidence: list[dict[str, Any]] = field(default_factory=list)  # [{article, sentence, start, end}]


@dataclass
class Article:
    id: str  # first 16 hex digits of the content hash: stable across stores and runs
    source: str
    text: str
    content_hash: str
    title: str | None = None
    stated_date: str | None = None
    date: str | None = None  # the date the analysis uses: stated, metadata or inferred
    date_source: str = "unknown"  # stated | metadata | inferred | unknown
    date_window: tuple[str, str] | None = None
    date_confidence: float | None = None
    flags: list[Flag] = field(default_factory=list)
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    format: str = "text"
    revision_key: str | None = None  # URL or path: a changed text under the same key is a new revision
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sentence:
    article: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """An entity mention found by NER in one article (linked to an entity by the reduce step)."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    sentence: int  # sentence index
    entity: str | None = None  # entity id once linked
    title: str | None = None  # title or rank in front of a PERSON ("Marine Lt. Gen.")
    same_as: str | None = None  # another name the text says is this one's ("IDF" after "Israel Defense Forces")
    short_for: str | None = None  # the full name this short form stands for here ("Wall Street Journal" for "Journal")


@dataclass
class Timex:
    """A TIMEX3 time expression, normalised against the article's date."""

    article: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2023-10-25, 2023-W43, P19D, PRESENT_REF, XXXX-XX-XX when unresolved
    tid: str = ""
    mod: str | None = None  # TIMEX3 mod: EARLY, MID, LATE, APPROX, MORE_THAN, ...
    anchor: str | None = None  # "dct", or the tid of the timex it was resolved against
    sentence: int = -1
    note: str | None = None  # what a reader should know about the value ("ambiguous day/month: also 2024-05-03")


@dataclass
class Quote:
    article: str
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    speaker: str | None = None  # as the text names them ("a senior US official" kept as such)
    speaker_id: str | None = None  # the linked entity (reduce step), through the speaker's mention
    # tv_address | interview[:<outlet>] | social[:<platform>] | briefing[:<place>] | statement | report |
    # court_filing | testimony | speech (nlp/quotes/rules/en.yaml)
    channel: str | None = None
    cue: str | None = None
    sentence: int = -1
    speaker_start: int | None = None  # the mention that names the speaker (for a pronoun: its antecedent)
    speaker_end: int | None = None


@dataclass
class Claim:
    article: str
    sentence: str
    anchor: str  # the figure as written: "at least 220"
    value: float | list[float]
    unit: str | None = None
    qualifier: str | None = None  # at_least | more_than | up_to | less_than | about | nearly | exactly
    what: str | None = None
    source: str | None = None
    as_of: str | None = None  # YYYY-MM-DD, or YYYY-MM / YYYY when the governing time is no finer
    start: int = -1
    end: int = -1
    kind: str = "level"  # level ("rose to 14") | change ("rose by 3%", "two more")
    direction: str | None = None  # up | down, when the text says the figure moved
    subject: str | None = None  # a place or group named with the counted thing ("Pellan")
    key: str | None = None  # the quantity, normalised for series: "people|killed"
    as_of_value: str | None = None  # the TIMEX3 value as_of came from ("2025-03-19TMO"); None: article date
    series: str | None = None  # set by the reduce step (link/figures.py)


@dataclass
class Citation:
    article: str
    sentence: str
    start: int = -1
    end: int = -1


@dataclass
class Event:
    id: str
    date: str | None
    summary: str
    date_end: str | None = None
    mentions: list[Citation] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)


@dataclass
class EventMention:
    """One sentence's report of something that happened (map step), before events are merged.

    `start`/`end` are the sentence's span (what a citation points at); the trigger is the word
    that names the event. The date comes from the time expression that anchors the trigger
    (`anchor`: its text), from the time under discussion carried from an earlier sentence
    (`anchor` = "carried:<text>"), or from the article date (`anchor` = "article", low confidence).
    """

    article: str
    sentence: int  # sentence index
    start: int
    end: int
    text: str  # the sentence
    trigger: str
    trigger_start: int
    trigger_end: int
    lemma: str
    classes: list[str] = field(default_factory=list)  # trigger classes (lexicon.yaml), or the lemma itself
    date: str | None = None  # TIMEX3-style: YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, YYYY-SU
    precision: str | None = None  # day | week | month | season | year
    confidence: float = 0.0
    date_end: str | None = None  # for spans ("from 1967 to 2005")
    anchor: str | None = None
    participants: list[dict[str, Any]] = field(default_factory=list)  # [{start, end, text, label, role?}] entity
    # mentions; role "agent" marks who did it (the reduce step adds each one's "entity" id)
    places: list[str] = field(default_factory=list)
    embedding: Any = None  # float32 vector (numpy) of the event's sentence or clause
    event: str | None = None  # event id, set by the reduce step


@dataclass
class Forecast:
    """A statement about what will or may happen (map step); its status is set by the reduce step.

    `probability` is how people read the cue (rules/hedges.yaml and the rule in probability.py) for
    the outcome as stated, negation included: "would probably not be ready" is 0.75 that it will not
    be ready (`polarity` negative); "highly unlikely that he will stay" is 0.05 that he stays
    (`stance` against: the holder expects it not to happen, which is what `status` judges)."""

    article: str
    text: str
    holder: str | None = None
    cue: str | None = None
    probability: float | None = None
    horizon: str | None = None  # the deadline, YYYY-MM-DD; None: open-ended
    status: str = "open"  # open | confirmed | refuted | mixed
    evidence: list[Citation] = field(default_factory=list)
    start: int = -1
    end: int = -1
    sentence: int = -1  # sentence index
    outcome: str | None = None  # what is predicted, in the text's words (the cue left out)
    kind: str | None = None  # modal | hedge | judgement | expectation | intent | future_noun | prelude | possibility | headline
    trigger: str | None = None  # lemma of the outcome's head ("hold", "invasion")
    classes: list[str] = field(default_factory=list)  # its event classes (nlp/events/lexicon.yaml)
    polarity: str = "positive"  # negative: the outcome is a negation ("will not reopen")
    stance: str = "for"  # against: the cue leans against the outcome ("unlikely", "little chance")
    reading: str | None = None  # how the probability was read: "table", "rule: intensified(likely)", "default: will"
    horizon_text: str | None = None  # the time expression the deadline came from, with its preposition
    horizon_value: str | None = None  # its TIMEX3 value ("2025-W13")
    stated_on: str | None = None  # when it was made: a dated reporting verb, the article date, None: earlier, day not given
    reported: bool = False  # given as someone's past words ("said it would"), not as standing now ("will", "is expected to")
    participants: list[dict[str, Any]] = field(default_factory=list)  # entity mentions in the forecast's clause
    keywords: list[str] = field(default_factory=list)  # its content words (lemmas; a pronoun as the name it stands for)
    subject: list[str] = field(default_factory=list)  # what the outcome is about: names in its subject, or its head noun
    embedding: Any = None  # float32 vector of the outcome (for matching later reports)
    expired: bool = False  # the horizon passed (by the latest article date) with nothing settling it


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # {"title": [{value, article}]}
    mentions: list[dict[str, Any]] = field(default_factory=list)  # [{article, start, end, text}]


@dataclass
class Discrepancy:
    kind: str  # attribute | figure | date
    description: str
    items: list[dict[str, Any]] = field(default_factory=list)  # [{article, text}]


@dataclass
class Analysis:
    """Everything the map step finds in one article: a pure function of the article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)
    signature: Any = None  # MinHash of the text (near-duplicate wire copy), bytes
    dating: Any = None  # {"vector", "forms"}: what dating the article again needs (nlp/date_evidence.py)


def sentence_of(sentences: list[Sentence], offset: int) -> int:
    """Index of the sentence holding character `offset` (binary search; sentences are in order)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s.index
    return max(0, min(lo, len(sentences) - 1)) if sentences else -1


def to_dict(record: Any) -> dict[str, Any]:
    return asdict(record)
