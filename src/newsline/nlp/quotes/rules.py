"""The quotation finder's words, read once from `rules/<lang>.yaml` (see that file's header)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np
import yaml


@dataclass(frozen=True)
class Channel:
    name: str
    phrases: tuple[tuple[str, ...], ...]  # lower-case word sequences
    addressees: tuple[tuple[str, ...], ...]
    platforms: dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class PositionKeys:
    lower: np.ndarray  # every LOWER hash worth a look
    lemma: np.ndarray  # every LEMMA hash worth a look
    according: frozenset[int]
    cue_lemmas: frozenset[int]
    cue_nouns: frozenset[int]
    stance: frozenset[int]
    in_sources: frozenset[int]


@dataclass(frozen=True)
class QuoteRules:
    cues: dict[str, frozenset[str]]  # verb lemma -> complements that hold the content
    particles: dict[str, str]  # phrasal cue: verb lemma -> particle
    according: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    first_pronouns: frozenset[str]
    relative: frozenset[str]
    unnamed: frozenset[str]
    groups: frozenset[str]
    female: frozenset[str]
    male: frozenset[str]
    media: frozenset[str]
    channels: tuple[Channel, ...]
    documents: frozenset[str]
    cue_nouns: frozenset[str]
    not_cues: frozenset[str]
    lemma_fixes: dict[str, str]
    linking_verbs: frozenset[str]
    clause_objects: frozenset[str]
    in_sources: frozenset[str]
    in_events: frozenset[str]
    stance_adjectives: frozenset[str]

    @functools.cached_property
    def position_keys(self) -> PositionKeys:
        """The hashes the Doc's LOWER and LEMMA arrays hold for the words that make a token a
        possible cue (see cues.cue_positions)."""
        from ..positions import word_keys

        def keys(words) -> frozenset[int]:
            return frozenset(word_keys(set(words)))

        according, cue_lemmas = keys(self.according), keys(set(self.cues) | set(self.particles) | set(self.lemma_fixes))
        cue_nouns, stance, in_sources = keys(self.cue_nouns), keys(self.stance_adjectives), keys(self.in_sources)
        return PositionKeys(
            lower=np.array(sorted(according | cue_nouns | stance), dtype=np.uint64),
            lemma=np.array(sorted(cue_lemmas | cue_nouns | in_sources), dtype=np.uint64),
            according=according, cue_lemmas=cue_lemmas, cue_nouns=cue_nouns, stance=stance, in_sources=in_sources)

    @functools.cached_property
    def channel_word_keys(self) -> list[int]:
        """Hashes of one word (the longest) of each of the channels' phrases, addressees and platform
        names: a clause with none of them holds no phrase whole, so it has no channel."""
        from ..positions import word_keys

        phrases = [p for c in self.channels for p in c.phrases + c.addressees]
        phrases += [name for c in self.channels for names in c.platforms.values() for name in names]
        return word_keys({max(phrase, key=len) for phrase in phrases if phrase})

    @property
    def pronouns(self) -> frozenset[str]:
        return self.person_pronouns | self.plural_pronouns | self.thing_pronouns | self.first_pronouns


def _words(items) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(item).lower().split()) for item in items or ())


@functools.lru_cache(maxsize=4)
def load_rules(lang: str = "en") -> QuoteRules:
    src = resources.files("newsline.nlp.quotes").joinpath("rules", f"{lang}.yaml")
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    speakers = data["speakers"]
    channels = tuple(
        Channel(name, _words(spec.get("phrases")), _words(spec.get("addressees")),
                {key: _words(words) for key, words in (spec.get("platforms") or {}).items()})
        for name, spec in data["channels"].items()
    )
    for lemma, complements in data["cues"].items():
        bad = [c for c in complements or () if not isinstance(c, str)]
        if bad:  # YAML reads a bare on / no / yes as a boolean: "on" must be quoted
            raise ValueError(f"{src}: cue {lemma!r} has complements that are not words: {bad} (quote them)")
    return QuoteRules(
        cues={lemma: frozenset(complements or ()) for lemma, complements in data["cues"].items()},
        particles=dict(data.get("cue_particles") or {}),
        according=frozenset(data["according_to"]),
        person_pronouns=frozenset(speakers["pronouns"]["person"]),
        plural_pronouns=frozenset(speakers["pronouns"]["plural"]),
        thing_pronouns=frozenset(speakers["pronouns"]["thing"]),
        first_pronouns=frozenset(speakers["pronouns"]["first"]),
        relative=frozenset(speakers["relative"]),
        unnamed=frozenset(speakers["unnamed"]),
        groups=frozenset(speakers.get("groups") or ()),
        female=frozenset(speakers["female"]),
        male=frozenset(speakers["male"]),
        media=frozenset(speakers["media"]),
        channels=channels,
        documents=frozenset(data.get("documents") or ()),
        cue_nouns=frozenset(data.get("cue_nouns") or ()),
        not_cues=frozenset(data.get("not_cues") or ()),
        lemma_fixes=dict(data.get("lemma_fixes") or {}),
        clause_objects=frozenset(data.get("clause_objects") or ()),
        in_sources=frozenset((data.get("in_sources") or {}).get("documents", ())) | frozenset(
            (data.get("in_sources") or {}).get("events", ())),
        in_events=frozenset((data.get("in_sources") or {}).get("events", ())),
        linking_verbs=frozenset((data.get("stance") or {}).get("linking_verbs") or ()),
        stance_adjectives=frozenset((data.get("stance") or {}).get("adjectives") or ()),
    )
