"""Forecasts across articles: later reports settle them (reduce, incremental).

Status vocabulary (the `newsline/1` enum): `open` (nothing settles it yet), `confirmed` (what the
holder leaned towards came about: the outcome happened for a forecast "for" it, did not for one
"against" it, "highly unlikely he stays"), `refuted` (the opposite), `mixed` (it happened, but not
as predicted: after the deadline, or a report of it says gradually, partly, smaller, later than
expected). A forecast whose deadline has passed (by the latest article date in the store, so the
result does not depend on when you run it) with nothing settling it stays `open` with `expired`
set and a note: no report is not a report that it did not happen.

Evidence is what later reports carry:
- event mentions (link/events.py) whose lemma is the predicted one or one that realises it
  (rules/en.yaml `realised_by`: "restore" is realised by "return", "invasion" by "enter"), or one
  that refutes it (`refuted_by`: "hold" by "collapse", "stay in office" by "resign"), dated on or
  after the forecast was made, similar in meaning (sentence embeddings) and sharing an entity where
  both name one;
- later statements that the predicted change had still not come ("will remain closed until May",
  made after the deadline of "could reopen this week");
- figures (link/figures.py): a series the forecast's sentence gives a figure of, moving the
  predicted way after it was made ("the death toll is likely to rise").

Restatements (the same holder's forecast reported again: same predicted lemma, same meaning) are
one group: dated from the earliest report, settled together. Each run re-examines only the
forecasts new evidence could bear on, found through `forecast_keys` (the lemmas that realise or
refute each open forecast, and its figure series); every re-examination recomputes from the store,
so the result does not depend on the order articles arrive in.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
import re
from collections import defaultdict

import numpy as np

from ..nlp.events.dating import calendar
from ..nlp.events.embed import from_blob
from ..nlp.forecasts.probability import load_rules
from .forecast_index import (RESTATE_DAYS, SETTLE_DAYS, SHIFT_DAYS, days, evidence_keys, filed_under, group_keys,
                             holder_key, lookup_evidence, norm, query_keys, words_of, years)

MATCH_SCORE = 0.2
ENTITY_BONUS, WORD_BONUS, NEAR_BONUS = 0.2, 0.12, 0.3
CONFIDENT_DATE = 0.8  # "after the deadline" needs the report's own time expression
LOOKBACK_DAYS = 14  # a forecast reported as said earlier, on a day not given: evidence from this far back counts
RESTATE_SIM, SAME_SIM = 0.6, 0.85  # a restatement: the same holder's close outcome, or anyone's near-identical one
NO_ENTITY_SIM = 0.7  # both name entities and share none: only a very close match counts
GENERIC = {"be", "have", "do", "make", "take", "get", "go", "say", "happen", "come", "give"}
RISING, FALLING = {"rise", "increase", "climb", "grow", "mount", "surge", "jump"}, {"fall", "drop", "decline",
                                                                                  "decrease", "recede", "ease"}
MAX_GROUP = 500  # restatements followed per group (a wire story run by hundreds of outlets)
WATERMARKS = ("forecasts_event_mention", "forecasts_forecast", "forecasts_claim")


class Resolver:
    def __init__(self, store):
        self.store = store
        rules = load_rules()
        self.realised = {k: set(v) | {k} for k, v in rules["realised_by"].items()}
        self.refuted = {k: set(v) for k, v in rules["refuted_by"].items()}
        self.still = set(rules["still_words"])
        self.manner = re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in rules["not_as_predicted"]) + r")\b")
        self.manner_cache: dict[str, list] = {}
        self.entity_of: dict[tuple[str, int], str] = {}
        self.words: dict[tuple[str, int], set[str]] = {}  # a report's content words, by (table, id)
        self.cache: dict = {}  # anything else worth keeping for one run
        self._facts: tuple | None = None  # (group, words, what match compares) for the group being settled

    # -- which lemmas bear on a forecast -----------------------------------------------------
    def realising(self, lemma: str) -> set[str]:
        """The lemmas whose report says the predicted one came about: those listed (rules/en.yaml), else
        the lemma itself unless it is too general to say ("be", "have", "make")."""
        if lemma in self.realised:
            return self.realised[lemma]
        return set() if lemma in GENERIC else {lemma}

    def refuting(self, lemma: str, classes: list[str] | None = None) -> set[str]:
        """Lemmas whose report says the predicted act or state did not come about; a person staying
        in a post (class "office") is ended by a resignation."""
        out = set(self.refuted.get(lemma, set()))
        for c in classes or []:
            out |= self.refuted.get(c, set()) if c == "office" else set()
        return out

    def lemmas_for(self, f: dict) -> set[str]:
        return self.realising(f["trigger"]) | self.refuting(f["trigger"], json.loads(f["classes"]))

    def keys(self, f: dict) -> set[str]:
        """Every key the forecast is filed under (forecast_index.py): what it looks for in the years of
        its settling window, and itself in the year it was made (both reaching SHIFT_DAYS earlier, in
        case its article turns out older than it says)."""
        entities = self.entities(f["article"], json.loads(f["participants"]))
        start, end = settle_window(f)
        made = earliest(f)
        keys = (query_keys(self.lemmas_for(f), json.loads(f["keywords"]), entities, f["article"],
                           years(days(start, -SHIFT_DAYS), end) if start else [])
                | group_keys(f, years(days(made, -SHIFT_DAYS), made)))
        if f["trigger"] in RISING | FALLING:
            keys |= {f"s:{key}" for key in self.series_keys(f)}
        return keys

    def series_keys(self, f) -> list[str]:
        rows = self.store.query("SELECT DISTINCT key FROM claims WHERE article=? AND sentence=? AND key IS NOT NULL",
                                (f["article"], f["sentence"]))
        return sorted(r[0] for r in rows)

    # -- entities --------------------------------------------------------------------------
    def entities(self, article: str, spans: list[dict]) -> set[str]:
        if not spans:
            return set()
        if not any((article, s["start"]) in self.entity_of for s in spans):
            for r in self.store.db.execute("SELECT start, entity FROM mentions WHERE article=? AND entity IS NOT NULL",
                                           (article,)):
                self.entity_of[(article, r[0])] = r[1]
        return {self.entity_of[(article, s["start"])] for s in spans if (article, s["start"]) in self.entity_of}

    # -- one forecast ------------------------------------------------------------------------
    def resolve(self, group: list[dict], clock: str | None) -> dict:
        """Status, evidence, outcome_happened, resolved_on, expired and note for a restatement group."""
        dated = [f for f in group if f["stated_on"]]
        first = min(dated or group, key=lambda f: (earliest(f), f["id"]))  # the forecast as first made
        stated = earliest(first)
        horizon = first["horizon"]
        lemma = first["trigger"]
        vector = np.mean([f["vector"] for f in group], axis=0)
        norm = float(np.linalg.norm(vector)) or 1.0
        vector = vector / norm
        own = {(f["article"], f["sentence"]) for f in group}
        words = set().union(*(json.loads(f["keywords"]) for f in group))
        entities = set().union(*(self.entities(f["article"], json.loads(f["participants"])) for f in group))
        realise = self.realising(lemma)
        refute = self.refuting(lemma, json.loads(first["classes"]))
        happened, against, manner = [], [], []
        windows = [settle_window(f) for f in group]
        keys = set().union(*(query_keys(realise | refute, json.loads(f["keywords"]), entities, f["article"],
                                        years(*window) if window[0] else []) for f, window in zip(group, windows)))
        until = max(end or "" for _start, end in windows)  # reports after this are another story's
        mention_ids, statement_ids = self.evidence(keys) if until else (set(), set())
        subjects = group_subjects(group)  # read once: a large group meets hundreds of candidates
        stated_in = {f["article"] for f in group if f["stated_on"]}
        for m in self.rows("event_mentions", mention_ids):
            if (m["article"], m["sentence"]) in own or not m["date"] or m["lemma"] not in realise | refute:
                continue
            when = calendar(m["date"])
            if when is None or when.hi.isoformat() < stated or (m["article_date"] or "") < stated \
                    or when.lo.isoformat() > until:
                continue
            if first["stated_on"] is not None and m["article"] in stated_in \
                    and (m["confidence"] < 0.5 or when.lo.isoformat() <= first["stated_on"]):
                continue  # the forecast's own article, on or before its day: context, not what came of it
            office = "office" in json.loads(first["classes"]) and m["lemma"] in refute
            if not self.match(group, words, vector, entities, m, need_name=office, subjects=subjects):
                continue
            if m["lemma"] in refute:
                against.append((when.lo.isoformat(), m))
            else:
                happened.append((when.lo.isoformat(), m))
        against += self.still_statements(first, group, vector, entities, refute, statement_ids, until)
        figure = self.figure_evidence(first, until) if lemma in RISING | FALLING and until else None
        if figure:
            happened.append(figure)
        if happened and against:  # both: the earlier report decides, the later restates or reverses
            if min(d for d, _ in happened) <= min(d for d, _ in against):
                against = []
            else:
                happened = []
        result = {"status": "open", "evidence": [], "outcome_happened": None, "resolved_on": None, "note": None,
                  "expired": 0}
        if happened:
            happened.sort(key=evidence_order)
            date = happened[0][0]
            occurred = first["polarity"] != "negative"
            status = "confirmed" if occurred == (first["stance"] == "for") else "refuted"
            manner = self.manner_evidence(happened, vector, realise) if first["stance"] == "for" else []
            notes = []
            confident = happened[0][1]["confidence"] >= CONFIDENT_DATE if "confidence" in happened[0][1].keys() else True
            if horizon and date > horizon and first["polarity"] != "negative" and confident:
                status, notes = "mixed", [f"it happened on {date}, after the deadline ({horizon})"]
            if manner and first["polarity"] != "negative":
                status = "mixed"
                notes.append("a report of it says it came about otherwise than predicted")
            result.update(status=status, outcome_happened=1.0 if occurred else 0.0, resolved_on=date,
                          evidence=[cite(m) for _d, m in happened[:3]] + [cite(m) for m in manner[:2]],
                          note="; ".join(notes) or None)
        elif against:
            against.sort(key=evidence_order)
            occurred = first["polarity"] == "negative"
            status = "confirmed" if occurred == (first["stance"] == "for") else "refuted"
            result.update(status=status, outcome_happened=1.0 if occurred else 0.0, resolved_on=against[0][0],
                          evidence=[cite(m) for _d, m in against[:3]])
        elif horizon and clock and horizon < clock:
            result.update(expired=1, note=f"the deadline ({horizon}) passed by {clock} (the latest report) with no "
                                          "report settling it")
        if horizon and stated and horizon < stated:
            extra = f"the deadline ({horizon}) was already past when it was stated ({stated})"
            result["note"] = f"{result['note']}; {extra}" if result["note"] else extra
        return result

    def match(self, group: list[dict], words: set[str], vector, entities: set[str], m, *,
              need_name: bool = False, subjects: list | None = None) -> bool:
        """Does a report (of a lemma that realises or refutes the forecast) speak of the same thing?
        Its sentence must share something with the forecast (an entity, a content word, or be a few
        sentences from a restatement of the forecast in the same article: the article discusses its
        fate; forecast_index.py files both sides under these), name what the outcome is about (its
        subject: "the levee", "US teams") unless it is near, and score at least MATCH_SCORE (the
        embeddings' cosine plus a bonus per shared entity, content word, nearness). Never when both name entities,
        share none and no name in common, unless the meaning is very close (the same person may be two
        entities when one article names only the surname)."""
        sim = float(vector @ from_blob(m["embedding"]))
        theirs = set(json.loads(m["entities"]))
        key = ("f" if "trigger" in m.keys() and "lemma" not in m.keys() else "m", m["id"])
        if key not in self.words:
            self.words[key] = words_of(m["sentence_text"] or "")
        text_words = self.words[key]
        by_norm, places = self.group_facts(group, words)
        found = set().union(*(by_norm[w] for w in text_words & by_norm.keys()))
        names = {w for w in found if w[:1].isupper()}
        if entities and theirs and not entities & theirs and not names and sim < NO_ENTITY_SIM:
            return False
        if need_name:  # a person's post is ended by that person's resignation, not anyone's: named before the verb
            before = (m["sentence_text"] or "")[:max(0, m["trigger_start"] - m["start"])] if "trigger_start" in m.keys() \
                else (m["sentence_text"] or "")
            if not any(re.search(rf"\b{re.escape(w)}\b", before) for w in names):
                return False
        near = any(abs(sentence - m["sentence"]) <= 3 for sentence in places.get(m["article"], ()))
        subjects = group_subjects(group) if subjects is None else subjects
        if subjects and not near and not any(all(mentioned(w, text_words) for w in subject) for subject in subjects):
            return False  # a report of the same act by someone else ("British teams arrived" for "US teams will")
        score = (sim + (ENTITY_BONUS if entities & theirs else 0) + WORD_BONUS * min(2, len(found))
                 + (NEAR_BONUS if near else 0))
        return bool(entities & theirs or found or near) and score >= MATCH_SCORE

    def group_facts(self, group: list[dict], words: set[str]) -> tuple[dict[str, set[str]], dict[str, set[int]]]:
        """What `match` compares for every candidate, computed once per group (and its word set): the
        group's words by their compared form, and the sentences of its forecasts by article."""
        if self._facts is None or self._facts[0] is not group or self._facts[1] is not words:
            by_norm: dict[str, set[str]] = defaultdict(set)
            for w in words:
                by_norm[norm(w)].add(w)
            places: dict[str, set[int]] = defaultdict(set)
            for f in group:
                places[f["article"]].add(f["sentence"])
            self._facts = (group, words, dict(by_norm), dict(places))
        return self._facts[2], self._facts[3]

    def still_statements(self, first: dict, group: list[dict], vector, entities: set[str], refute: set[str],
                         candidates: set[int], until: str) -> list:
        """Later statements that the predicted change had not come: a forecast or state made after the
        deadline whose predicted lemma refutes this one ("will remain closed until May")."""
        lemmas = refute & (self.still | {"close", "shut"})
        if not lemmas or not first["horizon"]:
            return []
        ids = {f["id"] for f in group}
        out = []
        words = set().union(*(json.loads(f["keywords"]) for f in group))
        subjects = group_subjects(group)
        for r in self.rows("forecasts", candidates - ids):
            if r["trigger"] not in lemmas or not r["stated_on"] or r["stated_on"] <= first["horizon"] \
                    or r["stated_on"] > until:
                continue
            row = dict(r, entities=json.dumps(sorted(self.entities(r["article"], json.loads(r["participants"])))))
            if self.match(group, words, vector, entities, row, subjects=subjects):
                out.append((r["stated_on"], r))
        return out

    def rows(self, table: str, ids: set[int]) -> list:
        """Rows of event_mentions or forecasts by id (in id order), with the article date and the sentence
        text. Kept for the run: the groups of a hot story share most of their candidates."""
        known: dict[int, object] = self.cache.setdefault(f"rows:{table}", {})
        missing = sorted(i for i in ids if i not in known)
        for i in missing:
            known[i] = None  # not current, or gone
        for chunk in range(0, len(missing), 500):
            part = missing[chunk:chunk + 500]
            for row in self.store.query(
                    f"""SELECT x.*, a.date AS article_date, s.text AS sentence_text FROM {table} x
                        JOIN articles a ON a.id = x.article AND a.current = 1
                        LEFT JOIN sentences s ON s.article = x.article AND s.idx = x.sentence
                        WHERE x.id IN ({','.join('?' * len(part))})""", part):
                known[row["id"]] = row
        return [row for i in sorted(ids) if (row := known[i]) is not None]

    def figure_evidence(self, f: dict, until: str):
        """A figure series the forecast's sentence gives a point of, moving the predicted way later
        (by `until`)."""
        rising = f["trigger"] in RISING
        rows = self.store.query(
            "SELECT series, value FROM claims WHERE article=? AND sentence=? AND series IS NOT NULL AND kind='level'",
            (f["article"], f["sentence"]))
        stated = f["stated_on"] or f["article_date"]
        for r in rows:
            base = json.loads(r["value"])
            base = max(base) if isinstance(base, list) else base
            later = self.store.query(
                """SELECT c.*, a.date AS article_date, s.text AS sentence_text FROM claims c
                   JOIN articles a ON a.id = c.article AND a.current = 1
                   LEFT JOIN sentences s ON s.article = c.article AND s.idx = c.sentence
                   WHERE c.series = ? AND c.as_of > ? AND c.as_of <= ? AND c.kind = 'level'
                   ORDER BY c.as_of, c.article, c.start""", (r["series"], stated, until))
            for c in later:
                value = json.loads(c["value"])
                value = min(value) if isinstance(value, list) else value
                if (value > base) if rising else (value < base):
                    return c["as_of"], c
        return None

    def manner_evidence(self, happened: list, vector, realise: set[str]) -> list:
        """Sentences of an article reporting the outcome that say it came about otherwise than
        predicted (gradually, partly, later than expected, contrary to expectations) and name it (a
        word that realises it): the ones with the most such cues first."""
        found, seen = [], set()
        for _date, m in happened:
            if m["article"] in seen:
                continue
            seen.add(m["article"])
            for cues, idx, words, item in self.manner_sentences(m["article"]):
                if words & realise or any(w.rstrip("s") in realise for w in words):
                    found.append((-cues, idx, item))
        return [item for *_k, item in sorted(found, key=lambda x: (x[0], x[2]["article"], x[1]))]

    def manner_sentences(self, article: str) -> list:
        """The article's sentences with a not-as-predicted cue: (cues, index, words, citation)."""
        if article not in self.manner_cache:
            out = []
            for r in self.store.query('SELECT idx, start, "end", text FROM sentences WHERE article=?', (article,)):
                low = r["text"].lower()
                cues = len(self.manner.findall(low))
                if cues:
                    out.append((cues, r["idx"], set(re.findall(r"[a-z]+", low)),
                                {"article": article, "sentence": r["text"], "start": r["start"], "end": r["end"]}))
            self.manner_cache[article] = out
        return self.manner_cache[article]

    # -- groups --------------------------------------------------------------------------------
    def group_of(self, f: dict, cache: dict[int, dict]) -> list[dict]:
        """The restatements of `f`, transitively: forecasts of the same trigger, stance and polarity
        that share a content word or the holder with it (forecast_keys) and whose outcomes are close
        (`restates`)."""
        members, frontier = {f["id"]: f}, [f]
        while frontier and len(members) < MAX_GROUP:
            current = frontier.pop()
            made = earliest(current)
            around = years(days(made, -RESTATE_DAYS), days(made, RESTATE_DAYS))
            others = sorted(self.filed_under(group_keys(current, around)) - set(members))
            self.load_many(others, cache)
            for other_id in others:
                other = cache.get(other_id)
                if other is not None and restates(current, other):
                    members[other_id] = other
                    frontier.append(other)
        return sorted(members.values(), key=lambda x: x["id"])

    def filed_under(self, keys: set[str]) -> set[int]:
        """The forecasts filed under any of `keys` (forecast_keys), each key read once per run (the keys
        are all filed before any group is followed)."""
        return filed_under(self.store, self.cache.setdefault("forecast_keys", {}), "forecast_keys", "forecast", keys)

    def evidence(self, keys: set[str]) -> tuple[set[int], set[int]]:
        """(event mention ids, forecast ids) filed under any of `keys`, each key read once per run."""
        return lookup_evidence(self.store, keys, self.cache.setdefault("evidence_keys", {}))

    def load(self, forecast_id: int, cache: dict[int, dict]) -> dict | None:
        self.load_many([forecast_id], cache)
        return cache.get(forecast_id)

    def load_many(self, ids: list[int], cache: dict[int, dict]) -> None:
        missing = [i for i in ids if i not in cache]
        for chunk in range(0, len(missing), 500):
            part = missing[chunk:chunk + 500]
            for row in load_forecasts(self.store, f"WHERE f.id IN ({','.join('?' * len(part))})", tuple(part)):
                cache[row["id"]] = row


def restates(a: dict, b: dict) -> bool:
    """Same predicted lemma, stance and polarity, made within RESTATE_DAYS of each other; the same
    holder (by the last word of the name) with close outcomes, or a shared content word and
    near-identical outcomes (or fairly close ones from the same holder)."""
    if a["trigger"] != b["trigger"] or a["stance"] != b["stance"] or a["polarity"] != b["polarity"]:
        return False
    if a["made"] != b["made"] and (a["made"] is None or b["made"] is None or abs(a["made"] - b["made"]) > RESTATE_DAYS):
        return False
    if a["article"] == b["article"] and a["sentence"] == b["sentence"]:
        return False
    sim = float(a["vector"] @ b["vector"])
    same = bool(a["holder_key"] and a["holder_key"] == b["holder_key"])
    shared = a["keyword_norms"] & b["keyword_norms"]
    return (same and (sim >= RESTATE_SIM or (bool(shared) and sim >= 0.4))) or (bool(shared) and sim >= SAME_SIM)


STATES = {"stay", "remain", "be", "run", "hold", "keep", "continue"}
FIRM = 0.6  # "may", "could" (0.4-0.45) are not firm enough to show an article stale
REPEATABLE = RISING | FALLING | GENERIC | {"meet", "say", "visit", "strike", "attack", "raid"}  # no one-off event


def standing(f: dict) -> bool:
    """A firm forecast its article gives as still to come on its own date (not someone's earlier
    words), of a one-off event or a state, with a deadline not yet past or as an announced plan: what
    an earlier-dated report of it done can show to be stale. Possibilities ("may", "could") and
    undated expectations say too little about when."""
    firm = (f["probability"] or 0) >= FIRM and f["kind"] not in ("future_noun", "possibility", "prelude")
    timed = (f["horizon"] is not None and f["horizon"] >= (f["article_date"] or "")) or f["kind"] == "intent"
    return (not f["reported"] and f["stated_on"] is not None and f["stated_on"] == f["article_date"]
            and f["polarity"] == "positive" and f["stance"] == "for" and bool(f["trigger"]) and firm and timed
            and (f["trigger"] in STATES or f["trigger"] not in REPEATABLE))


def evidence_order(item: tuple) -> tuple:
    """Reports dated by their own time expression first (a report dated only by its article may be a
    demand or a summary), then by date."""
    date, m = item
    weak = "confidence" in m.keys() and m["confidence"] < 0.5
    return (weak, date, m["article"], m["start"])


def mentioned(word: str, words: set[str]) -> bool:
    """Is `word` among `words`? A name also as the start of a longer word ("Israel" in "Israeli")."""
    w = norm(word)
    return w in words or (word[:1].isupper() and len(w) >= 4 and any(x.startswith(w) for x in words))


def group_subjects(group: list[dict]) -> list[list[str]]:
    """What the forecasts of a restatement group name as the subject of the outcome (those that do),
    each subject once: a large group restates the same few hundreds of times."""
    return [list(subject) for subject in dict.fromkeys(tuple(json.loads(f["subject"]) or ()) for f in group) if subject]


def settle_window(f: dict) -> tuple[str | None, str | None]:
    """The days a report settling the forecast may be dated to: from when it was made (earliest) to
    SETTLE_DAYS past its deadline, or past when it was made when it has none; (None, None) when
    nothing says when it was made."""
    start = earliest(f)
    if start == "9999":
        return None, None
    return start, days(max(f["horizon"] or start, start), SETTLE_DAYS)


def earliest(f: dict) -> str:
    """The earliest day evidence may be from: when the forecast was made, or, for one the text gives
    as said at an earlier time it does not name, LOOKBACK_DAYS before the article."""
    if f["stated_on"]:
        return f["stated_on"]
    if not f["article_date"]:
        return "9999"
    return (dt.date.fromisoformat(f["article_date"]) - dt.timedelta(days=LOOKBACK_DAYS)).isoformat()


def cite(m) -> dict:
    if isinstance(m, dict):
        return m
    keys = m.keys()
    sentence = m["sentence_text"] if "sentence_text" in keys else m["text"]
    out = {"article": m["article"], "sentence": sentence or ""}
    if "start" in keys:
        out.update(start=m["start"], end=m["end"])
    return out


def load_forecasts(store, where: str = "", params: tuple = ()) -> list[dict]:
    """Forecasts with their article's date and outlet. In an article flagged as older than it says
    (link/misdated.py), a forecast made "now" was made when the content fits, not on the stated date."""
    rows = store.query(f"""SELECT f.*, a.date AS article_date, a.outlet, a.source,
                                  json_extract(a.meta, '$.content_date_window[1]') AS content_date
                           FROM forecasts f JOIN articles a ON a.id = f.article AND a.current = 1 {where}""", params)
    out = []
    for r in rows:
        f = dict(r)
        if f["content_date"] and f["stated_on"] and f["stated_on"] > f["content_date"]:
            f["stated_on"] = f["content_date"]
        # what `restates` compares, read once per forecast rather than once per pair
        f["vector"] = from_blob(f["embedding"])
        f["holder_key"] = holder_key(f["holder"]) if f["holder"] else ""
        f["keyword_norms"] = {norm(w) for w in json.loads(f["keywords"])}
        made = earliest(f)
        f["made"] = dt.date.fromisoformat(made).toordinal() if made != "9999" else None
        out.append(f)
    return out


def link_forecasts(store, touched: set[str] | None = None) -> int:
    """Examine the forecasts new reports could bear on: new forecasts, and those new event mentions,
    forecasts or figures find through their keys (forecast_index.py), with their restatements.
    Returns how many were examined and adds to `touched` the articles of those new reports bear on
    directly (their restatements elsewhere are re-settled too, but what makes an article misdated is
    its own forecasts' evidence)."""
    marks = {k: int(store.scalar("SELECT value FROM meta WHERE key=?", (k,)) or 0) for k in WATERMARKS}
    top = {"forecasts_event_mention": store.scalar("SELECT COALESCE(MAX(id), 0) FROM event_mentions"),
           "forecasts_forecast": store.scalar("SELECT COALESCE(MAX(id), 0) FROM forecasts"),
           "forecasts_claim": store.scalar("SELECT COALESCE(MAX(id), 0) FROM claims")}
    resolver = Resolver(store)
    fresh = load_forecasts(store, "WHERE f.checked = 0")
    if not fresh and all(top[k] <= marks[k] for k in WATERMARKS):
        return 0
    # file what is new under its keys
    evidence_rows, new_keys = [], set()
    for m in store.query("""SELECT m.id, m.lemma, m.article, m.entities, m.date, s.text FROM event_mentions m
                            LEFT JOIN sentences s ON s.article = m.article AND s.idx = m.sentence WHERE m.id > ?""",
                         (marks["forecasts_event_mention"],)):
        when = calendar(m["date"] or "")
        if when is None:
            continue  # an undated report settles nothing
        keys = evidence_keys(m["lemma"], m["text"] or "", json.loads(m["entities"]), m["article"],
                             years(when.lo, when.hi))
        evidence_rows += [(k, "m", m["id"]) for k in keys]
        new_keys |= keys
    for f in load_forecasts(store, "WHERE f.id > ?", (marks["forecasts_forecast"],)):
        if f["trigger"] and f["stated_on"]:  # a statement counts from the day it was made
            entities = sorted(resolver.entities(f["article"], json.loads(f["participants"])))
            keys = evidence_keys(f["trigger"], " ".join(json.loads(f["keywords"])), entities, f["article"],
                                 years(days(f["stated_on"], -SHIFT_DAYS), f["stated_on"]))
            evidence_rows += [(k, "f", f["id"]) for k in keys]
            new_keys |= keys
    new_keys |= {f"s:{r[0]}" for r in store.query("SELECT DISTINCT key FROM claims WHERE id > ? AND key IS NOT NULL",
                                                  (marks["forecasts_claim"],))}
    key_rows = [(k, f["id"]) for f in fresh if f["trigger"] for k in resolver.keys(f)]
    with store.transaction():
        store.db.executemany("INSERT OR IGNORE INTO evidence_keys (key, kind, ref) VALUES (?,?,?)", evidence_rows)
        store.db.executemany("INSERT OR IGNORE INTO forecast_keys (key, forecast) VALUES (?,?)", key_rows)
    affected = {f["id"] for f in fresh} | filed_under(store, {}, "forecast_keys", "forecast", new_keys)
    cache: dict[int, dict] = {f["id"]: f for f in fresh}
    clock = store.scalar("SELECT MAX(date) FROM articles WHERE current = 1")
    updates, done, problems = [], set(), []
    for forecast_id in sorted(affected):
        if forecast_id in done:
            continue
        f = cache.get(forecast_id) or resolver.load(forecast_id, cache)
        if f is None or not f["trigger"]:
            continue
        group = resolver.group_of(f, cache)
        done |= {g["id"] for g in group}
        try:
            result = resolver.resolve(group, clock)
        except Exception as error:  # one forecast's odd data must not stop the others being settled
            problems.append(Problem(f["source"], f"settling the forecast '{f['text'][:60]}' failed "
                                                 f"({type(error).__name__}: {error})"))
            continue
        origin = min(group, key=lambda g: (g["stated_on"] or "9999", g["article_date"] or "", g["id"]))
        for g in group:
            if touched is not None and g["id"] in affected and standing(g):  # new reports may show it misdated
                touched.add(g["article"])
            updates.append((result["status"], json.dumps(result["evidence"], ensure_ascii=False),
                            result["outcome_happened"], result["expired"], result["resolved_on"], result["note"],
                            json.dumps(sorted(resolver.entities(g["article"], json.loads(g["participants"])))),
                            origin["id"] if origin["id"] != g["id"] else None, g["id"]))
    with store.transaction():
        store.db.executemany(
            "UPDATE forecasts SET status=?, evidence=?, outcome_happened=?, expired=?, resolved_on=?, note=?,"
            " entities=?, restates=?, checked=1 WHERE id=?", updates)
        store.db.execute("UPDATE forecasts SET checked=1 WHERE checked=0")
        # the clock moves with every article: a deadline passes without new evidence for it
        if clock:
            store.db.execute("""UPDATE forecasts SET expired=1, note=COALESCE(note, 'the deadline (' || horizon ||
                                ') passed by ' || ? || ' (the latest report) with no report settling it')
                                WHERE status='open' AND expired=0 AND horizon IS NOT NULL AND horizon < ?""",
                             (clock, clock))
        for k in WATERMARKS:
            store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (k, str(top[k])))
    store.record_rejections(problems, kind="warning")
    return len(updates)


@dataclass
class Problem:
    source: str
    reason: str


def calibration(forecasts: list[dict]) -> list[dict]:
    """Per holder with resolved forecasts: Brier score (mean squared gap between the probability
    and what happened, 0 is perfect, 0.25 is always saying 50 %) and the count; mixed outcomes are
    counted apart, not scored."""
    by_holder: dict[str, list[dict]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for f in forecasts:
        if f.get("holder"):
            key = holder_key(f["holder"]) if f["holder"][:1].isupper() else f["holder"].lower()
            by_holder[key].append(f)  # "Arvo Tennant" and "Finance Minister Arvo Tennant" are one holder
            names[key].append(f["holder"])
    out = []
    for key, items in by_holder.items():
        holder = max(names[key], key=lambda n: (names[key].count(n), -len(n), n))
        scored = [f for f in items if f["status"] in ("confirmed", "refuted") and f.get("outcome_happened") is not None
                  and f["probability"] is not None and not f.get("restates")]
        mixed = sum(1 for f in items if f["status"] == "mixed" and not f.get("restates"))
        if not scored and not mixed:
            continue
        brier = sum((f["probability"] - f["outcome_happened"]) ** 2 for f in scored) / len(scored) if scored else None
        out.append({"holder": holder, "resolved": len(scored), "mixed": mixed,
                    "brier": round(brier, 4) if brier is not None else None,
                    "confirmed": sum(1 for f in scored if f["status"] == "confirmed"),
                    "refuted": sum(1 for f in scored if f["status"] == "refuted")})
    out.sort(key=lambda r: (-r["resolved"], r["holder"]))
    return out

