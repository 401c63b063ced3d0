"""The reduce step: link what per-article analysis found across articles, incrementally."""

from .dating import date_from_collection
from .entities import link_entities
from .events import link_events
from .figures import link_figures
from .near_duplicates import mark_near_duplicates
from .quotes import link_quote_speakers

__all__ = ["date_from_collection", "link_entities", "link_events", "link_figures", "link_quote_speakers", "mark_near_duplicates", "reduce_store"]


def reduce_store(store) -> dict[str, int]:
    """Every cross-article step, in order (later steps may read what earlier ones linked).
    Each looks only at what is not linked yet, so a run adds work in proportion to what is new.
    Returns a count per step for the ingest report."""
    counts = {"mentions": link_entities(store)}
    counts["quote_speakers"] = link_quote_speakers(store)  # reads the entities just linked
    counts["near_duplicates"] = mark_near_duplicates(store)  # before events: wire copies count as one source
    # undated reports dated by their neighbours (entities, near-duplicates), before their events are placed
    counts["redated"] = date_from_collection(store)
    counts["event_mentions"] = link_events(store)  # after entities: participants are entity ids
    counts["claims"] = link_figures(store)
    return counts
