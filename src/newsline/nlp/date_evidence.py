"""What the reduce step needs to date an article again later (map step, one per article).

- `vector`: a static sentence embedding of the text (wordllama, `events/embed.py`): reports on the
  same story lie close, and an undated report takes its neighbours' dates (link/dating.py);
- `forms`: for an article whose date is inferred, its time expressions in symbolic form
  (`timex/forms.py`), so that they can be resolved again when a better date is found.
"""

from __future__ import annotations

VECTOR_CHARS = 4000  # the start of the text is enough to tell the story apart (and keeps the cost flat)


def redatable(article) -> bool:
    """An article whose date the collection may change: inferred (or not found), with no stated
    year or month to keep it in."""
    return article.date_source in ("inferred", "unknown") and not article.meta.get("stated_date_window")


def add_date_evidence(analysis, doc=None) -> None:
    """Extraction stage: the article's vector and, when its date is inferred, its symbolic expressions."""
    from .events.embed import embed
    from .timex.forms import dump

    text = analysis.article.text
    vector = embed([text[:VECTOR_CHARS]])[0] if text.strip() else None
    forms = None
    if redatable(analysis.article):
        found = list(getattr(doc._, "timexes", None) or []) if doc is not None and doc.has_extension("timexes") else []
        forms = dump(found)
    analysis.dating = {"vector": vector, "forms": forms}
