"""The event lexicon (lexicon.yaml), loaded once: trigger classes and the cue word lists."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Lexicon:
    classes: dict[str, frozenset[str]]  # lemma -> the classes it belongs to
    nouns: frozenset[str]
    phrases: dict[str, frozenset[str]]  # multi-word lemma ("press conference") -> classes
    speech_events: frozenset[str]
    speech_acts: frozenset[str]
    forums: frozenset[str]
    institutions: frozenset[str]
    figure_nouns: frozenset[str]
    not_events: frozenset[str]
    light_verbs: frozenset[str]
    future_governors: frozenset[str]
    opinion_governors: frozenset[str]
    modals: frozenset[str]
    hedges: frozenset[str]
    conditionals: frozenset[str]
    negations: frozenset[str]
    habitual: frozenset[str]

    def classes_of(self, lemma: str) -> frozenset[str]:
        """A listed lemma's classes; any other lemma is a class of its own."""
        return self.classes.get(lemma) or self.phrases.get(lemma) or frozenset([lemma])

    def is_event_noun(self, lemma: str) -> bool:
        return lemma in self.nouns or lemma in self.phrases


@functools.lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    data = yaml.safe_load(Path(path or Path(__file__).with_name("lexicon.yaml")).read_text("utf-8"))
    single: dict[str, set[str]] = {}
    phrases: dict[str, set[str]] = {}
    for name, lemmas in data["classes"].items():
        for lemma in lemmas:
            (phrases if " " in lemma else single).setdefault(lemma, set()).add(name)
    for lemma in data["speech_events"]:
        if " " in lemma:
            phrases.setdefault(lemma, set()).add("speech")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in data.get(key, []))

    return Lexicon(
        classes={k: frozenset(v) for k, v in single.items()},
        nouns=words("nouns") | {w for w in words("speech_events") if " " not in w},
        phrases={k: frozenset(v) for k, v in phrases.items()},
        speech_events=words("speech_events"),
        speech_acts=words("speech_acts"),
        forums=words("forums"),
        institutions=words("institutions"),
        figure_nouns=words("figure_nouns"),
        not_events=words("not_events"),
        light_verbs=words("light_verbs"),
        future_governors=words("future_governors"),
        opinion_governors=words("opinion_governors"),
        modals=words("modals"),
        hedges=words("hedges"),
        conditionals=words("conditionals"),
        negations=words("negations"),
        habitual=words("habitual"),
    )
