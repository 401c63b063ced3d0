"""Who and where: the entity mentions of an event's clause (or of its sentence)."""

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
