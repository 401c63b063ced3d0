"""Name keys: the forms under which one entity is found again in other articles.

Two surface forms share a key when a reader would not hesitate to call them the same name:
case, accents, a leading "the", a possessive, dots in an acronym ("U.S." = "US"), and for
organisations and places British/American spelling and plural/adjective endings
("Israeli Defense Forces" = "Israel Defence Force"). Keys never say that two *different* names
are one entity: that takes the text (an acronym defined in brackets, "formerly known as") or a
person's surname, which the linker decides.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml

PUNCT = re.compile(r"[^\w\s&-]+")
DOTTED_ACRONYM = re.compile(r"\b((?:[A-Z]\.){2,})")
CONNECTORS = {"of", "for", "and", "the", "on", "de", "du", "des", "la", "le", "&", "in", "at", "to"}


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The exact-name key: "the U.S.'s" -> "us", "Port-Au-Prince" -> "port-au-prince" (names
    recur across a collection: each is keyed once)."""
    text = strip_accents(text.replace("’", "'")).strip()
    text = DOTTED_ACRONYM.sub(lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return " ".join(PUNCT.sub(" ", text.replace("-", " ").replace("_", " ")).lower().split())


def _stem(word: str) -> str:
    """A light English stem for organisation names: spelling, number and the adjective of a
    place ("Israeli" -> "israel"), not meaning."""
    word = word.replace("defence", "defense").replace("programme", "program").replace("centre", "center")
    word = word.replace("isation", "ization")
    if len(word) < 5:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for ending in ("ian", "an", "i", "a"):  # the place and its adjective: Haiti/Haitian, Velmora/Velmoran
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


def fuzzy_key(key: str) -> str | None:
    """A looser key for multi-word organisation and place names ("israeli defense forces" and
    "israel defence force" -> "israel defense force"); None for a single word, which is too
    short to stem safely."""
    words = key.split()
    if len(words) < 2:
        return None
    return " ".join(w if w in CONNECTORS else _stem(w) for w in words)


def initials(name: str) -> str:
    """The acronym a multi-word name would have ("United Nations" -> "UN",
    "International Organization for Migration" -> "IOM")."""
    words = [w for w in re.split(r"[\s-]+", strip_accents(name)) if w and w.lower() not in CONNECTORS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def looks_like_acronym(text: str) -> bool:
    """"UN", "U.S.", "IOM": two to six capitals, perhaps dotted."""
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


@lru_cache(maxsize=1)
def _same_names() -> dict[str, str]:
    groups = yaml.safe_load(resources.files("newsline.link").joinpath("same_names.yaml").read_text("utf-8"))
    return {name_key(name): name_key(group[0]) for group in groups["groups"] for name in group}


def same_name(key: str) -> str:
    """The key of the name a well-known other name stands for ("britain" -> "united kingdom")."""
    return _same_names().get(key, key)
