"""Quotations: who said what, where, in one article.

    marks.py        quotation marks paired (straight, curly, broken, over paragraphs, nested)
    attribution.py  the attribution record and the character ranges its parts are read as
    cues.py         attributions from the parse: a speech verb, its subject, its content
    other_cues.py   'according to', 'In a poll', a headline 'Name:', stance adjectives and nouns
    speakers.py     the speaker as the clause writes it (name, pronoun, description)
    resolver.py     whom it refers to in the article (fullest name, antecedent, a title's holder)
    channels.py     where the words were said (rules/en.yaml lists the vocabulary)
    assemble.py     quoted passages + attributions -> quotes (direct / indirect / mixed)
    resolve.py      speakers by name, channels carried along a speaker's turn
    component.py    the spaCy component "newsline_quotes" (doc._.quotes)
    stage.py        newsline's map-step stage: quotes -> `Quote` records, speakers on mentions
"""

from .assemble import FoundQuote, find_quotes
from .resolve import resolve_quotes
from .rules import load_rules

__all__ = ["FoundQuote", "find_quotes", "load_rules", "resolve_quotes"]
