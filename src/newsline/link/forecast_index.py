"""Keys that let the forecast reduce step look only at what could matter (link/forecasts.py).

A report can settle a forecast only when its lemma realises or refutes the predicted one AND it
shares something with the forecast: a content word, an entity, or the article (a restatement
discussed next to its outcome). So both sides are filed under `lemma|thing` keys:

- evidence_keys: each event mention (and each forecast, as a later statement that something still
  holds) under "<its lemma>|<word>" for the content words of its sentence, "<lemma>|e:<entity>",
  "<lemma>|a:<article>";
- forecast_keys: each forecast under the same keys for every lemma that realises or refutes it
  (what it looks for), under "t:<trigger>|w:<word>" and "t:<trigger>|h:<holder>" (its restatements),
  and "s:<figure series key>" (figures that may move the predicted way).

Every key but the figure series' ends in "@<year>" (store migration 17): evidence is filed under the
years its date spans, a forecast's query keys under the years of its settling window (from when it
was made to SETTLE_DAYS past its deadline, or past when it was made when it has none) and its
restatement keys under the year it was made. A report years later of the same act by the same
people is another story's ("Israel will invade" in 2014, an invasion in 2023), and without the year
every new report of a recurring cast would re-open every forecast ever made about them: the work
grew with the archive (docs/scaling.md).

A new mention or forecast finds the forecasts it may bear on through its evidence keys; a forecast
finds its candidate evidence through its own keys. The acceptance test (Resolver.match, and the
windows in Resolver.resolve) never accepts what the keys cannot find, so examining only the keyed
forecasts gives the same result as examining them all, in any order.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from functools import lru_cache

STOP = {"the", "and", "for", "that", "with", "from", "this", "was", "were", "has", "have", "had", "are", "but", "its",
        "his", "her", "their", "they", "said", "says", "will", "would", "could", "may", "might", "not", "been",
        "after", "before", "about", "into", "over", "than", "then", "there", "which", "who", "when", "what", "also",
        "more", "most", "some", "any", "all", "one", "two", "three", "four", "five", "last", "first", "new", "per",
        "year", "years", "day", "days", "week", "weeks", "month", "months", "time", "people", "way", "end",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "on", "in", "at", "of"}
WORD = re.compile(r"[^\W\d_][\w'’-]*")
SETTLE_DAYS = 365  # evidence from later than this past the deadline (or, with none, past when it was made) is not its outcome
RESTATE_DAYS = 180  # restatements of one forecast are made within this of each other
SHIFT_DAYS = 120  # how much earlier a forecast may turn out to have been made (its article flagged misdated)
MAX_YEARS = 12  # a mention dated to a decade is filed under at most this many years


@lru_cache(maxsize=1 << 16)
def norm(word: str) -> str:
    """A word as keys compare it: lower case, a plural -s dropped ("households" = "household")."""
    w = word.lower().replace("’", "'").split("'")[0]
    return w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w


def words_of(text: str) -> set[str]:
    out = set()
    for m in WORD.finditer(text or ""):
        w = norm(m.group(0))
        if len(w) > 2 and w not in STOP:
            out.add(w)
    return out


def years(lo: dt.date | str, hi: dt.date | str) -> list[int]:
    """The years from `lo` to `hi` (dates or ISO strings), at most MAX_YEARS of them."""
    first, last = int(str(lo)[:4]), int(str(hi)[:4])
    return list(range(first, min(last, first + MAX_YEARS - 1) + 1))


def days(value: str, n: int) -> str:
    """The ISO day `n` days after `value` (an ISO day); far dates stay in range."""
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=n)).isoformat()
    except (ValueError, OverflowError):
        return value[:10]


def dated(keys: Iterable[str], in_years: Iterable[int]) -> set[str]:
    return {f"{key}@{year}" for key in keys for year in in_years}


def evidence_keys(lemma: str, text: str, entities: list[str], article: str, in_years: Iterable[int]) -> set[str]:
    """Keys of a report (event mention, or forecast taken as a statement) of `lemma`, in the years it is dated to."""
    keys = {f"{lemma}|{w}" for w in words_of(text)}
    keys |= {f"{lemma}|e:{e}" for e in entities}
    keys.add(f"{lemma}|a:{article}")
    return dated(keys, in_years)


def query_keys(lemmas: set[str], keywords: list[str], entities: set[str], article: str,
               in_years: Iterable[int]) -> set[str]:
    """Keys under which every report the acceptance test could take for a forecast is filed, in the
    years the report may be dated to."""
    words = {norm(w) for w in keywords} - STOP
    keys = {f"{lemma}|{w}" for lemma in lemmas for w in words}
    keys |= {f"{lemma}|e:{e}" for lemma in lemmas for e in entities}
    keys |= {f"{lemma}|a:{article}" for lemma in lemmas}
    return dated(keys, list(in_years))


def group_keys(f: dict, in_years: Iterable[int]) -> set[str]:
    """Keys of the restatements a forecast may have: same trigger, a shared word or the same holder,
    in the given years (its own to file it, those around it to look for its restatements)."""
    keys = {f"t:{f['trigger']}|w:{norm(w)}" for w in json.loads(f["keywords"])}
    if f["holder"]:
        keys.add(f"t:{f['trigger']}|h:{holder_key(f['holder'])}")
    return dated(keys, list(in_years))


def holder_key(holder: str) -> str:
    """A holder as restatements compare it: the last word of the name ("Arvo Tennant", "Tennant")."""
    words = re.findall(r"[a-z]+", holder.lower())
    return words[-1] if words else ""


def filed_under(store, known: dict[str, set], table: str, columns: str, keys: set[str]) -> set:
    """What `table` files under any of `keys` (`columns` of its rows: one value, or a tuple of several).
    `known` holds the keys already read, so that a run reads each key once: the groups of a hot story
    share most of their keys, and a hot key files thousands of rows."""
    missing = sorted(keys - known.keys())
    for key in missing:
        known[key] = set()
    for chunk in range(0, len(missing), 500):
        part = missing[chunk:chunk + 500]
        for row in store.db.execute(f"SELECT key, {columns} FROM {table} WHERE key IN ({','.join('?' * len(part))})",
                                    part):
            known[row[0]].add(row[1] if len(row) == 2 else tuple(row[1:]))
    return set().union(*(known[k] for k in keys)) if keys else set()


def lookup_evidence(store, keys: set[str], known: dict[str, set] | None = None) -> tuple[set[int], set[int]]:
    """(event mention ids, forecast ids) filed under any of `keys` (evidence_keys)."""
    filed = filed_under(store, {} if known is None else known, "evidence_keys", "kind, ref", keys)
    return {ref for kind, ref in filed if kind == "m"}, {ref for kind, ref in filed if kind != "m"}
