"""The reduce step: link what per-article analysis found across articles, incrementally."""

from .entities import link_entities
from .figures import link_figures

__all__ = ["link_entities", "link_figures", "reduce_store"]


def reduce_store(store) -> dict[str, int]:
    """Every cross-article step, in order (later steps may read what earlier ones linked).
    Each looks only at what is not linked yet, so a run adds work in proportion to what is new.
    Returns a count per step for the ingest report."""
    counts = {"mentions": link_entities(store)}
    counts["claims"] = link_figures(store)
    return counts
