"""TempEval-3 Task A (temporal expressions) scorer.

Definitions follow the official TempEval-3 evaluation toolkit
(``TE3-evaluation.py`` → ``evaluation-entities/evaluate_entities.py``, N.
UzZaman, 2012-2013) and the task paper: N. UzZaman, H. Llorens, L. Derczynski,
M. Verhagen, J. Allen, J. Pustejovsky, "SemEval-2013 Task 1: TempEval-3:
Evaluating Time Expressions, Events, and Temporal Relations", SemEval 2013,
section "Evaluation Metrics".

What is counted
    Every TIMEX3 inside ``<TEXT>``; the document creation time (``tid="t0"``
    in ``<DCT>``) is not counted, as in the toolkit (it skips ``t0``).

Matching
    The toolkit first runs its TimeML-Normalizer, which gives a system timex
    the id of the gold timex whose extent it overlaps, then pairs gold and
    system timexes by id, so pairs are one-to-one. We do the same directly on
    character offsets: every (gold, system) pair whose spans overlap is a
    candidate; candidates are taken greedily, exact-extent pairs first, then
    by larger overlap, then by earlier gold start and earlier system start;
    each gold and each system timex is used at most once.

Extent scores (micro-averaged over all documents of the corpus)
    relaxed match : a matched pair (the spans overlap at all)
    strict match  : a matched pair with identical extents (same start and
                    end offsets; the toolkit compares the two tagged strings,
                    which, for overlapping spans of one text, is the same
                    thing)
    P = matches / system timexes, R = matches / gold timexes,
    F1 = 2PR / (P + R)

Attribute scores (over the relaxed-matched pairs)
    type accuracy  = pairs with gold type == system type / relaxed matches
    value accuracy = pairs with gold value == system value / relaxed matches
    attribute F1   = relaxed F1 × attribute accuracy (toolkit,
                     ``performance_value = value_match / relaxed_match *
                     relaxed_fscore``). The paper states it as attrP =
                     correct / |system|, attrR = correct / |gold|,
                     attrF1 = 2·attrP·attrR / (attrP + attrR); with one-to-one
                     matching the two are equal. "Value F1" is the figure
                     TempEval-3 ranked Task A systems by.

Value comparison
    Exact string equality of the ``value`` attributes, and of ``type``, as
    in the toolkit (``g.value == s.value``); no normalisation (no case
    folding, no ``1998-08`` vs ``1998-08-XX`` leniency). A missing value
    compares as the empty string.

Value mismatches are also sorted into kinds (``value_mismatch_kind``): a
few gold conventions differ within TBAQ itself (AQUAINT writes "Friday
night" as a plain date, pads unknown parts as "1949-XX", writes weeks as
"2000-W7"; some TimeBank files leave the week of "last week" as "WXX"). The
kinds are diagnostics only; every score above counts them as errors.

Division by zero gives 0, as in the toolkit, except that a corpus with no
gold and no system timexes scores 1 everywhere (toolkit's convention).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

__all__ = [
    "Counts",
    "Scores",
    "DocResult",
    "match_timexes",
    "score_document",
    "score_corpus",
    "TempEvalScorer",
    "score_dirs",
    "format_scores",
    "value_mismatch_kind",
]

_POD = ("TMO", "TAF", "TEV", "TNI")


def value_mismatch_kind(gold: str, system: str) -> str:
    """Why two TIMEX3 values differ: a known gold-convention difference or "other".

    "part of day"  : the same date, one side adds a part of day (``2000-01-05`` / ``2000-01-05TNI``)
    "X padding"    : the same value, one side pads unknown parts (``1949`` / ``1949-XX``)
    "week left unspecified": the gold has the year's week unspecified (``1989-WXX``), the system names it
    "week padding" : ``2000-W7`` / ``2000-W07``
    """
    g, s = gold or "", system or ""
    def strip_pod(v: str) -> str:
        return v[:-3] if v.endswith(_POD) else v
    if g != s and strip_pod(g) == strip_pod(s):
        return "part of day"
    def strip_x(v: str) -> str:
        while v.endswith(("-XX", "-X")):
            v = v.rsplit("-", 1)[0]
        return v
    if g != s and strip_x(g) == strip_x(s):
        return "X padding"
    if len(g) == 8 and g.endswith("-WXX") and s[:6] == g[:6] and s[6:].isdigit():
        return "week left unspecified"
    def unpad_week(v: str) -> str:
        return v.replace("-W0", "-W") if "-W0" in v else v
    if g != s and unpad_week(g) == unpad_week(s):
        return "week padding"
    return "other"


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _span(t: Any) -> tuple[int, int]:
    return int(_get(t, "start")), int(_get(t, "end"))


def _attr(t: Any, name: str) -> str:
    v = _get(t, name)
    return "" if v is None else str(v)


def match_timexes(gold: Sequence[Any], system: Sequence[Any]) -> list[tuple[int, int]]:
    """One-to-one relaxed matching: a list of (gold index, system index), in gold order."""
    gspans = [_span(g) for g in gold]
    sspans = [_span(s) for s in system]
    cands = []
    for gi, (gs, ge) in enumerate(gspans):
        for si, (ss, se) in enumerate(sspans):
            ov = min(ge, se) - max(gs, ss)
            if ov > 0:
                exact = gs == ss and ge == se
                cands.append((0 if exact else 1, -ov, gs, ss, gi, si))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_k, gi, si in cands:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    pairs.sort()
    return pairs


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        for k in ("gold", "system", "strict", "relaxed", "type_correct", "value_correct"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    type_p: float
    type_r: float
    type_f1: float
    value_p: float
    value_r: float
    value_f1: float
    counts: Counts
    documents: int = 0
    by_gold_type: dict[str, dict[str, float]] = field(default_factory=dict)
    value_mismatches: dict[str, int] = field(default_factory=dict)  # kind -> count (diagnostic)

    @classmethod
    def from_counts(cls, c: Counts, documents: int = 0,
                    by_gold_type: dict[str, dict[str, float]] | None = None) -> "Scores":
        if c.gold == 0 and c.system == 0:
            one = 1.0
            return cls(one, one, one, one, one, one, one, one, one, one, one, one, one, one,
                       c, documents, by_gold_type or {})
        sp, sr = _div(c.strict, c.system), _div(c.strict, c.gold)
        rp, rr = _div(c.relaxed, c.system), _div(c.relaxed, c.gold)
        rf = _f1(rp, rr)
        tacc, vacc = _div(c.type_correct, c.relaxed), _div(c.value_correct, c.relaxed)
        return cls(
            strict_p=sp, strict_r=sr, strict_f1=_f1(sp, sr),
            relaxed_p=rp, relaxed_r=rr, relaxed_f1=rf,
            type_accuracy=tacc, value_accuracy=vacc,
            type_p=_div(c.type_correct, c.system), type_r=_div(c.type_correct, c.gold),
            type_f1=tacc * rf,
            value_p=_div(c.value_correct, c.system), value_r=_div(c.value_correct, c.gold),
            value_f1=vacc * rf,
            counts=c, documents=documents, by_gold_type=by_gold_type or {},
        )

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = asdict(self.counts)
        return d


@dataclass
class DocResult:
    counts: Counts
    pairs: list[tuple[Any, Any]]  # (gold, system) relaxed matches
    missed: list[Any]  # gold timexes with no system match
    spurious: list[Any]  # system timexes with no gold match


def score_document(gold: Sequence[Any], system: Sequence[Any]) -> DocResult:
    """Counts for one document. ``gold``/``system``: objects or mappings with
    ``start``, ``end``, ``type``, ``value`` (offsets into the same text)."""
    gold, system = list(gold), list(system)
    pairs = match_timexes(gold, system)
    c = Counts(gold=len(gold), system=len(system), relaxed=len(pairs))
    for gi, si in pairs:
        g, s = gold[gi], system[si]
        if _span(g) == _span(s):
            c.strict += 1
        if _attr(g, "type") == _attr(s, "type"):
            c.type_correct += 1
        if _attr(g, "value") == _attr(s, "value"):
            c.value_correct += 1
    mg = {gi for gi, _ in pairs}
    ms = {si for _, si in pairs}
    return DocResult(
        counts=c,
        pairs=[(gold[gi], system[si]) for gi, si in pairs],
        missed=[g for i, g in enumerate(gold) if i not in mg],
        spurious=[s for i, s in enumerate(system) if i not in ms],
    )


class TempEvalScorer:
    """Accumulates documents; :meth:`scores` gives the micro-averaged figures."""

    def __init__(self) -> None:
        self.counts = Counts()
        self.documents = 0
        # per gold type: gold count, relaxed matches, strict, value correct
        self._by_type: dict[str, Counts] = defaultdict(Counts)
        self.value_mismatches: Counter[str] = Counter()  # value_mismatch_kind -> pairs

    def add(self, gold: Sequence[Any], system: Sequence[Any]) -> DocResult:
        res = score_document(gold, system)
        self.counts += res.counts
        self.documents += 1
        for g in gold:
            self._by_type[_attr(g, "type")].gold += 1
        for g, s in res.pairs:
            bt = self._by_type[_attr(g, "type")]
            bt.relaxed += 1
            bt.strict += int(_span(g) == _span(s))
            bt.type_correct += int(_attr(g, "type") == _attr(s, "type"))
            bt.value_correct += int(_attr(g, "value") == _attr(s, "value"))
            if _attr(g, "value") != _attr(s, "value"):
                self.value_mismatches[value_mismatch_kind(_attr(g, "value"), _attr(s, "value"))] += 1
        return res

    def scores(self) -> Scores:
        by_type = {
            t: {
                "gold": c.gold,
                "relaxed_recall": _div(c.relaxed, c.gold),
                "strict_recall": _div(c.strict, c.gold),
                "type_accuracy": _div(c.type_correct, c.relaxed),
                "value_accuracy": _div(c.value_correct, c.relaxed),
            }
            for t, c in sorted(self._by_type.items())
        }
        sc = Scores.from_counts(self.counts, self.documents, by_type)
        sc.value_mismatches = dict(self.value_mismatches.most_common())
        return sc


def score_corpus(pairs: Iterable[tuple[Sequence[Any], Sequence[Any]]]) -> Scores:
    """Micro-averaged scores over (gold timexes, system timexes) document pairs."""
    sc = TempEvalScorer()
    for gold, system in pairs:
        sc.add(gold, system)
    return sc.scores()


def score_dirs(gold_dir: str | Path, system_dir: str | Path, *, strict_text: bool = True) -> Scores:
    """Score the TimeML files of ``system_dir`` against those of ``gold_dir``
    (same file names; a gold file without a system file counts as no output).
    With ``strict_text`` a system file whose plain text differs from the gold
    text raises ``ValueError``, as the official toolkit refuses it."""
    from newsline.timeml import read_timeml

    gold_dir, system_dir = Path(gold_dir), Path(system_dir)
    sc = TempEvalScorer()
    for gpath in sorted(gold_dir.glob("*.tml")):
        gdoc = read_timeml(gpath)
        spath = system_dir / gpath.name
        sys_timexes: list[Any] = []
        if spath.exists():
            sdoc = read_timeml(spath)
            if strict_text and sdoc.text != gdoc.text:
                raise ValueError(f"text of {spath} differs from the gold {gpath}")
            sys_timexes = sdoc.timexes
        sc.add(gdoc.timexes, sys_timexes)
    return sc.scores()


def format_scores(name: str, s: Scores) -> str:
    """One line with the headline figures (percentages)."""
    return (
        f"{name}: strict P/R/F1 {100*s.strict_p:.2f}/{100*s.strict_r:.2f}/{100*s.strict_f1:.2f}  "
        f"relaxed P/R/F1 {100*s.relaxed_p:.2f}/{100*s.relaxed_r:.2f}/{100*s.relaxed_f1:.2f}  "
        f"type acc {100*s.type_accuracy:.2f}  value acc {100*s.value_accuracy:.2f}  "
        f"value F1 {100*s.value_f1:.2f}"
    )
