"""Events: what happened, per article (map) — triggers, their dates, participants, embeddings.

`component.py` registers the spaCy factory "newsline_events" (triggers from the parse);
`extract.extract_event_mentions` is the extraction stage that dates them with the
article's resolved time expressions. The cross-article merge is `newsline.link.events`.
"""

from .extract import extract_event_mentions

__all__ = ["extract_event_mentions"]
