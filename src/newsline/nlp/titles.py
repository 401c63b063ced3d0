"""Titles and ranks written in front of a person's name ("Marine Lt. Gen. James Glynn").

Kept as a person attribute per article, so differing ranks across outlets can be flagged.
"""

from __future__ import annotations

import re

# Single words and abbreviations that may stand in a title in front of a name.
TITLE_WORDS = {
    # ranks
    "gen", "gen.", "general", "lt", "lt.", "lieutenant", "col", "col.", "colonel", "maj", "maj.", "major",
    "brig", "brig.", "brigadier", "capt", "capt.", "captain", "cmdr", "cmdr.", "commander", "adm", "adm.",
    "admiral", "sgt", "sgt.", "sergeant", "cpl", "cpl.", "corporal", "pvt", "pvt.", "private", "marine",
    "army", "air", "vice", "rear", "chief", "staff", "of", "field", "marshal", "lieutenant-general",
    "major-general", "lt.-gen.", "maj.-gen.",
    # offices
    "president", "vice-president", "prime", "minister", "secretary", "state", "defense", "defence",
    "foreign", "interior", "finance", "deputy", "senator", "sen", "sen.", "rep", "rep.", "representative",
    "governor", "gov", "gov.", "mayor", "ambassador", "envoy", "special", "spokesperson", "spokesman",
    "spokeswoman", "spokesmen", "director", "chair", "chairman", "chairwoman", "ceo", "king", "queen",
    "prince", "princess", "sheikh", "pope", "judge", "justice", "attorney", "dr", "dr.", "mr", "mr.",
    "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "professor", "former", "acting", "interim", "senior",
    "national", "security", "adviser", "advisor", "head", "leader", "opposition", "military", "police",
    "commissioner", "inspector", "officer", "idf",
}
NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:an|ian|ish|ese|i|ic)$")  # "Israeli", "American", "British"


def title_before(tokens: list[str]) -> str | None:
    """The longest run of title words that ends right before a name, e.g.
    ["said", "Marine", "Lt.", "Gen."] -> "Marine Lt. Gen."; a leading nationality is left out."""
    run: list[str] = []
    for token in reversed(tokens):
        if not token.strip():
            continue
        if token.lower() in TITLE_WORDS and (token[0].isupper() or token.lower() == "of"):
            run.append(token)
        else:
            break
    while run and run[-1].lower() == "of":  # "of" cannot begin a title
        run.pop()
    if not run:
        return None
    words = list(reversed(run))
    if words and words[0].lower() in {"former", "acting"} and len(words) == 1:
        return None
    title = " ".join(words)
    return title if any(w.lower() not in {"of", "former"} for w in words) else None


def is_nationality(word: str) -> bool:
    return bool(NATIONALITY.match(word))
