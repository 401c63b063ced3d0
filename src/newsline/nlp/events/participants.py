"""Who and where: the entity mentions of an event's clause (or of its sentence), and which of
them did it (the agent: "Orren resigned", "the IDF's raid", "Helena Sturmer, the chief
executive, told lawmakers"), which the reduce step compares: places and bystanders are shared
by many events of a story, the one who acts much less so."""

from __future__ import annotations

PLACE_LABELS = {"GPE", "LOC", "FAC"}


def clause_span(doc, token_indices: list[int]) -> tuple[int, int]:
    """Character span covering the clauses of the given tokens (their verbs' subtrees)."""
    lo, hi = doc[-1].idx + len(doc[-1].text_with_ws), 0  # not doc.text: it is rebuilt on every read
    for i in token_indices:
        head = doc[i]
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        left, right = head.left_edge, head.right_edge
        lo = min(lo, left.idx)
        hi = max(hi, right.idx + len(right.text))
    return lo, hi


def participants_in(mentions, start: int, end: int) -> tuple[list[dict], list[str]]:
    """Entity mentions inside [start, end): as {start, end, text, label}, and the place names."""
    people, places = [], []
    for m in mentions:
        if m.start >= start and m.end <= end:
            people.append({"start": m.start, "end": m.end, "text": m.text, "label": m.label})
            if m.label in PLACE_LABELS and m.text not in places:
                places.append(m.text)
    return people, places


AGENT_DEPS = ("nsubj", "nsubjpass")


def agent_offsets(doc, triggers) -> set[int]:
    """Character offsets of the words naming who did what the triggers name: the subject of
    their verb (and a name set beside it), the "by" agent of a passive, a possessive on a noun."""
    heads = []
    for trig in triggers:
        noun = doc[trig.i]
        if trig.kind == "noun" and trig.clause not in trig.anchors:  # "since Hamas's offensive": the noun's own
            heads += [c for c in noun.children if c.dep_ in ("poss", "compound")]
            continue
        verb = doc[trig.clause]
        while verb.dep_ == "conj" and not any(c.dep_ in AGENT_DEPS for c in verb.children) and verb.head.i != verb.i:
            verb = verb.head  # "Korvath declared ... and flew over ...": the subject of both
        for c in verb.children:
            if c.dep_ in AGENT_DEPS:
                heads.append(c)
            elif c.dep_ == "agent":
                heads += [g for g in c.children if g.dep_ == "pobj"]
        heads += [c for c in noun.children if c.dep_ == "poss"]
    offsets = set()
    for head in heads:
        offsets.add(head.idx)
        offsets.update(c.idx for c in head.children if c.dep_ in ("appos", "compound"))
    return offsets


def mark_agents(people: list[dict], offsets: set[int]) -> None:
    """Mark the participants covering an agent word: {"role": "agent"} (other participants have no role)."""
    for p in people:
        if any(p["start"] <= o < p["end"] for o in offsets):
            p["role"] = "agent"
