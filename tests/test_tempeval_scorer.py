"""TempEval-3 Task A scorer on hand-made gold/system pairs with known figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsline.eval.tempeval import (
    TempEvalScorer,
    match_timexes,
    score_corpus,
    score_dirs,
    score_document,
    value_mismatch_kind,
)
from newsline.timeml import Timex, read_timeml, write_timeml


def T(start: int, end: int, type_: str = "DATE", value: str = "X") -> dict:
    return {"start": start, "end": end, "type": type_, "value": value}


def test_perfect_and_empty() -> None:
    gold = [T(0, 5, value="2020"), T(10, 15, "DURATION", "P1D")]
    s = score_corpus([(gold, list(gold))])
    assert (s.strict_f1, s.relaxed_f1, s.value_f1, s.type_accuracy) == (1.0, 1.0, 1.0, 1.0)
    s = score_corpus([(gold, [])])
    assert (s.strict_p, s.strict_r, s.relaxed_f1, s.value_f1) == (0.0, 0.0, 0.0, 0.0)
    s = score_corpus([([], [T(0, 3)])])
    assert (s.relaxed_p, s.relaxed_r, s.relaxed_f1) == (0.0, 0.0, 0.0)
    # toolkit convention: nothing in gold and nothing in system is a perfect score
    assert score_corpus([([], [])]).relaxed_f1 == 1.0


def test_known_figures_one_document() -> None:
    # gold: 4 timexes; system: 5
    gold = [
        T(0, 10, "DATE", "2020-01-01"),   # system exact, right value      -> strict, value ok
        T(20, 35, "TIME", "2020-01-01TMO"),  # system partial (20-26), wrong -> relaxed only, type wrong
        T(40, 45, "DURATION", "P2D"),     # system exact, wrong value       -> strict, value wrong
        T(60, 70, "DATE", "2019"),        # missed
    ]
    system = [
        T(0, 10, "DATE", "2020-01-01"),
        T(20, 26, "DATE", "2020-01-01"),
        T(40, 45, "DURATION", "P3D"),
        T(80, 85, "DATE", "2021"),        # spurious
        T(90, 95, "SET", "P1W"),          # spurious
    ]
    res = score_document(gold, system)
    c = res.counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.type_correct, c.value_correct) == (4, 5, 2, 3, 2, 1)
    assert [g["value"] for g in res.missed] == ["2019"]
    assert [s["value"] for s in res.spurious] == ["2021", "P1W"]

    s = score_corpus([(gold, system)])
    assert s.strict_p == pytest.approx(2 / 5)
    assert s.strict_r == pytest.approx(2 / 4)
    assert s.strict_f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert s.relaxed_p == pytest.approx(3 / 5)
    assert s.relaxed_r == pytest.approx(3 / 4)
    rf1 = 2 * 0.6 * 0.75 / 1.35
    assert s.relaxed_f1 == pytest.approx(rf1)
    assert s.type_accuracy == pytest.approx(2 / 3)
    assert s.value_accuracy == pytest.approx(1 / 3)
    # toolkit: attribute F1 = relaxed F1 x attribute accuracy ...
    assert s.value_f1 == pytest.approx(rf1 / 3)
    assert s.type_f1 == pytest.approx(rf1 * 2 / 3)
    # ... which equals the paper's harmonic mean of correct/system and correct/gold
    assert s.value_p == pytest.approx(1 / 5) and s.value_r == pytest.approx(1 / 4)
    assert s.value_f1 == pytest.approx(2 * (1 / 5) * (1 / 4) / (1 / 5 + 1 / 4))


def test_micro_average_over_documents() -> None:
    # doc A: 1 gold, 1 exact match; doc B: 3 gold, 1 system (partial, wrong value)
    a_gold, a_sys = [T(0, 4, value="v")], [T(0, 4, value="v")]
    b_gold = [T(0, 4, value="1"), T(10, 14, value="2"), T(20, 24, value="3")]
    b_sys = [T(2, 6, value="9")]
    s = score_corpus([(a_gold, a_sys), (b_gold, b_sys)])
    assert s.documents == 2
    assert s.relaxed_p == pytest.approx(2 / 2)
    assert s.relaxed_r == pytest.approx(2 / 4)  # micro, not (1 + 1/3) / 2
    assert s.strict_p == pytest.approx(1 / 2)
    assert s.strict_r == pytest.approx(1 / 4)
    assert s.value_accuracy == pytest.approx(1 / 2)
    assert s.by_gold_type["DATE"]["gold"] == 4


def test_one_to_one_matching_prefers_exact_then_overlap() -> None:
    # one long system span overlapping two gold spans: only one relaxed match
    gold = [T(0, 6), T(6, 12)]
    system = [T(0, 12)]
    assert match_timexes(gold, system) == [(0, 0)]  # equal overlap: earlier gold wins
    assert match_timexes([T(0, 4), T(5, 12)], system) == [(1, 0)]  # larger overlap wins
    s = score_corpus([(gold, system)])
    assert (s.counts.relaxed, s.counts.strict) == (1, 0)
    assert s.relaxed_p == 1.0 and s.relaxed_r == 0.5
    # the exact pair wins over a bigger-overlap partial pair
    gold = [T(0, 10), T(10, 20)]
    system = [T(5, 20), T(0, 10)]
    assert sorted(match_timexes(gold, system)) == [(0, 1), (1, 0)]
    # larger overlap wins for a gold span overlapped by two system spans
    gold = [T(0, 10)]
    system = [T(0, 2), T(3, 10)]
    assert match_timexes(gold, system) == [(0, 1)]
    # touching spans (end == start) do not overlap
    assert match_timexes([T(0, 5)], [T(5, 9)]) == []


def test_values_compared_exactly() -> None:
    gold = [T(0, 5, "DATE", "1998-08")]
    for sys_value, ok in [("1998-08", 1), ("1998-08-XX", 0), ("1998-8", 0), ("", 0)]:
        s = score_corpus([(gold, [T(0, 5, "DATE", sys_value)])])
        assert s.counts.value_correct == ok
    s = score_corpus([(gold, [T(0, 5, "date", "1998-08")])])
    assert s.counts.type_correct == 0


def test_accepts_objects_and_incremental_scorer() -> None:
    sc = TempEvalScorer()
    sc.add([Timex(0, 3, type="DATE", value="A")], [Timex(1, 3, type="DATE", value="A")])
    s = sc.scores()
    assert (s.counts.relaxed, s.counts.strict, s.counts.value_correct) == (1, 0, 1)
    d = s.as_dict()
    assert d["counts"]["relaxed"] == 1 and "value_f1" in d


def test_score_dirs_through_timeml_files(tmp_path: Path) -> None:
    text = "Rain fell on Monday and again for two days in June 2020."
    gold_dir, sys_dir = tmp_path / "gold", tmp_path / "sys"
    fields = {"docid": "W1", "dct": dt.date(2020, 6, 10), "text": text}
    i_mon, i_two, i_june = text.index("Monday"), text.index("two days"), text.index("June 2020")
    gold = [Timex(i_mon, i_mon + 6, type="DATE", value="2020-06-08"),
            Timex(i_two, i_two + 8, type="DURATION", value="P2D"),
            Timex(i_june, i_june + 9, type="DATE", value="2020-06")]
    system = [Timex(i_mon, i_mon + 6, type="DATE", value="2020-06-08"),
              Timex(i_two - 4, i_two + 8, type="DURATION", value="P2D"),  # "for two days"
              Timex(text.index("Rain"), 4, type="DATE", value="XXXX")]  # spurious
    write_timeml(fields, gold, gold_dir / "W1.tml")
    write_timeml(fields, system, sys_dir / "W1.tml")
    s = score_dirs(gold_dir, sys_dir)
    assert (s.counts.gold, s.counts.system, s.counts.relaxed, s.counts.strict) == (3, 3, 2, 1)
    assert s.counts.value_correct == 2
    assert s.value_f1 == pytest.approx(2 / 3)
    # a system file whose text differs is refused, like the official toolkit does
    write_timeml({**fields, "text": text + " "}, system, sys_dir / "W1.tml")
    with pytest.raises(ValueError):
        score_dirs(gold_dir, sys_dir)
    assert read_timeml(gold_dir / "W1.tml").text == text


def test_mismatch_kinds_are_diagnostics_and_still_count_as_errors() -> None:
    cases = {("2000-01-05", "2000-01-05TNI"): "part of day", ("1949-XX", "1949"): "X padding",
             ("1989-WXX", "1989-W43"): "week left unspecified", ("2000-W7", "2000-W07"): "week padding",
             ("1998-02-12", "1998-02-19"): "other", ("1998", "1998-Q3"): "other"}
    for (g, s), kind in cases.items():
        assert value_mismatch_kind(g, s) == kind, (g, s)
    gold = [T(0, 5, "DATE", "2000-01-05"), T(10, 15, "DATE", "2000-W7"), T(20, 25, "DATE", "1998")]
    got = [T(0, 5, "TIME", "2000-01-05TNI"), T(10, 15, "DATE", "2000-W07"), T(20, 25, "DATE", "1998")]
    s = score_corpus([(gold, got)])
    assert s.counts.value_correct == 1
    assert s.value_mismatches == {"part of day": 1, "week padding": 1}
