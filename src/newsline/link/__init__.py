"""The reduce step: link what per-article analysis found across articles, incrementally."""

import json

from .dating import date_from_collection
from .entities import link_entities
from .events import link_events
from .figures import link_figures
from .forecasts import link_forecasts
from .misdated import flag_misdated
from .near_duplicates import mark_near_duplicates
from .quotes import link_quote_speakers

__all__ = ["date_from_collection", "flag_misdated", "link_entities", "link_events", "link_figures", "link_forecasts",
           "link_quote_speakers", "mark_near_duplicates", "reduce_store"]


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
    stale_changed: set[str] = set()
    counts["claims"] = link_figures(store, stale_changed)
    # after events and figures: their evidence settles forecasts; then the articles that evidence
    # shows to be older than they say
    seen = int(store.scalar("SELECT value FROM meta WHERE key='misdated_seq'") or 0)
    latest = store.scalar("SELECT COALESCE(MAX(seq), 0) FROM articles")
    touched = {r[0] for r in store.query("SELECT id FROM articles WHERE seq > ?", (seen,))}
    counts["forecasts"] = link_forecasts(store, touched)
    changed: set[str] = set()
    counts["misdated"] = flag_misdated(store, touched | stale_changed, changed)
    if changed:  # an article found older than it says: its own forecasts were made earlier; settle them again
        with store.transaction():
            store.db.execute("UPDATE forecasts SET checked=0 WHERE article IN (SELECT value FROM json_each(?))",
                             (json.dumps(sorted(changed)),))
        counts["forecasts"] += link_forecasts(store, set())
    if latest > seen:
        with store.transaction():
            store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('misdated_seq', ?)", (str(latest),))
    return counts
