"""The reduce step: link what per-article analysis found across articles, incrementally."""

from .entities import link_entities
from .quotes import link_quote_speakers

__all__ = ["link_entities", "link_quote_speakers", "reduce_store"]


def reduce_store(store) -> dict[str, int]:
    """Every cross-article step, in order (later steps may read what earlier ones linked).
    Each looks only at what is not linked yet, so a run adds work in proportion to what is new.
    Returns a count per step for the ingest report."""
    counts = {"mentions": link_entities(store)}
    counts["quote_speakers"] = link_quote_speakers(store)  # reads the entities just linked
    return counts
