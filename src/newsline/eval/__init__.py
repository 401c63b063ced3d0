"""Evaluation helpers (TempEval-3 Task A scorer)."""

from newsline.eval.tempeval import (
    Counts,
    DocResult,
    Scores,
    TempEvalScorer,
    format_scores,
    match_timexes,
    score_corpus,
    score_dirs,
    score_document,
)

__all__ = [
    "Counts",
    "DocResult",
    "Scores",
    "TempEvalScorer",
    "format_scores",
    "match_timexes",
    "score_corpus",
    "score_dirs",
    "score_document",
]
