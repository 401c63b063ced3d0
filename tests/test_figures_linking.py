"""Figure series and conflicts across articles, in a real store: incremental, order-independent,
qualifiers allowed for, a rising toll is a series, a stale restatement is flagged."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

import newsline
from newsline.export import validate
from newsline.link.figures import compatible, interval

from helpers import write_reports

# A storm in the fictional port of Velmora: a toll that rises, two sources that disagree on Thursday,
# and a late report that gives Thursday's figure as if it were current.
STORM = {
    "a.txt": " date 2024-05-01 Storm hits Velmora\n\nAt least 12 people were killed when the storm hit Velmora "
             "on Wednesday, the port authority said. About 3,000 people have left their homes.",
    "b.txt": " date 2024-05-02 Toll rises\n\nThe death toll rose to 15 on Thursday, the port authority said. "
             "Crews cleared the harbour road.",
    "c.txt": " date 2024-05-02 Clinic count\n\nEleven people have died in the storm, the harbour clinic said on "
             "Thursday. The clinic treated walkers for cuts.",
    "d.txt": " date 2024-05-03 Toll at 18\n\nThe death toll stood at 18 on Friday, the port authority said. "
             "Ferries ran again.",
    "e.txt": " date 2024-05-10 Storm aftermath\n\nThe death toll rose to 15 on Thursday, the port authority said. "
             "Ferries stayed in port.",
}


def figures(db) -> dict:
    with newsline.open(db) as record:
        return record.figures()


def comparable(view: dict) -> tuple:
    series = sorted((s["id"], s["what"], tuple(sorted((p["as_of"], json.dumps(p["value"])) for p in s["points"])))
                    for s in view["series"])
    discrepancies = sorted((d["kind"], d["series"], d["description"]) for d in view["discrepancies"])
    return series, discrepancies


def test_interval_reading_of_qualifiers():
    assert compatible({"value": 200, "qualifier": "at_least"}, {"value": 220, "qualifier": None})
    assert not compatible({"value": 1400, "qualifier": None}, {"value": 1200, "qualifier": None})
    assert not compatible({"value": 8000, "qualifier": "about"}, {"value": 12000, "qualifier": "more_than"})
    assert compatible({"value": 17, "qualifier": "at_least"}, {"value": 24, "qualifier": None})
    assert interval(1400, None) == (1350, 1450) and interval([40, 60], None) == (40, 60)


def test_rising_toll_is_a_series_conflict_and_stale_figure_found(tmp_path):
    folder = write_reports(tmp_path / "storm", STORM)
    db = tmp_path / "s.db"
    with newsline.open(db) as record:
        record.ingest([folder])
    view = figures(db)
    toll = next(s for s in view["series"] if s["what"] == "people killed")
    assert [(p["as_of"], p["value"]) for p in toll["points"]] == [
        ("2024-05-01", 12), ("2024-05-02", 11), ("2024-05-02", 15), ("2024-05-03", 18), ("2024-05-09", 15)]
    kinds = sorted(d["kind"] for d in view["discrepancies"])
    assert kinds == ["figure", "stale_figure"], view["discrepancies"]
    conflict = next(d for d in view["discrepancies"] if d["kind"] == "figure")
    assert sorted(i["value"] for i in conflict["items"]) == [11, 15] and "2024-05-02" in conflict["description"]
    stale = next(d for d in view["discrepancies"] if d["kind"] == "stale_figure")
    assert [i["as_of"] for i in stale["items"]] == ["2024-05-09", "2024-05-02", "2024-05-03"]


def test_same_series_whatever_order_and_incremental(tmp_path):
    names = sorted(STORM)
    views = []
    for n, order in enumerate([names, list(reversed(names)), random.Random(3).sample(names, len(names))]):
        db = tmp_path / f"o{n}.db"
        with newsline.open(db) as record:
            for name in order:  # one article per ingest: every reduce run is incremental
                folder = write_reports(tmp_path / f"o{n}-{name}", {name: STORM[name]})
                record.ingest([folder])
            placed = record.store.scalar("SELECT COUNT(*) FROM claims WHERE series IS NULL AND key IS NOT NULL")
            assert placed == 0
        views.append(comparable(figures(db)))
    assert views[0] == views[1] == views[2]


def test_figures_cli_exports_and_csv(tmp_path):
    folder = write_reports(tmp_path / "storm", STORM)
    db = tmp_path / "c.db"
    with newsline.open(db) as record:
        record.ingest([folder])
        data = record.export()
        validate(data)
        csv_text = record.export_to("csv", table="claims")
        markdown = record.export_to("md")
    assert csv_text.splitlines()[0].startswith("series,article,")
    assert all(row.startswith("F") for row in csv_text.splitlines()[1:] if not row.startswith(","))
    assert "**people killed**" in markdown and "Conflict" in markdown and "Stale figure" in markdown
    run = subprocess.run([sys.executable, "-m", "newsline.cli", "figures", "--db", str(db), "--what", "killed",
                          "--json"], capture_output=True, text=True, check=True)
    view = json.loads(run.stdout)
    assert [s["what"] for s in view["series"]] == ["people killed"] and len(view["discrepancies"]) == 2
    shown = subprocess.run([sys.executable, "-m", "newsline.cli", "figures", "--db", str(db)],
                           capture_output=True, text=True, check=True).stdout
    assert "people killed" in shown and "conflict" in shown and "2024-05-09" in shown


def test_an_older_store_migrates(tmp_path):
    import sqlite3

    from newsline.store import SQLiteStore
    from newsline.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2], 1):
        db.executescript(script + f";PRAGMA user_version={number};")
    db.close()
    store = SQLiteStore(path)
    assert store.version() == len(MIGRATIONS)
    columns = {r[1] for r in store.query("PRAGMA table_info(claims)")}
    assert {"series", "kind", "direction", "key"} <= columns
    store.close()


def _stale_by_pairs(claims, what):
    """The first, pairwise reading of stale_figures (cubic in the claims): the oracle for the
    point-folded one on small series."""
    from newsline.link.figures import _day_before, compatible, sorted_value

    out = []
    for c in claims:
        if c["kind"] != "level" or not c["as_of"] or not c["article_date"] or len(c["as_of"]) != 10:
            continue
        if c["as_of"] < _day_before(c["article_date"]):
            continue
        older = [p for p in claims if p["article"] != c["article"] and p["as_of"] and p["as_of"] < c["as_of"]]
        for p in sorted(older, key=lambda p: p["as_of"]):
            if sorted_value(p) != sorted_value(c):
                continue
            before_p = [o for o in older if o["as_of"] < p["as_of"]]
            later = [q for q in older if q["as_of"] > p["as_of"] and not compatible(q, c) and not compatible(q, p)
                     and not any(sorted_value(q) == sorted_value(o) for o in before_p)]
            if later and not any(q["as_of"] > max(x["as_of"] for x in later) and compatible(q, c) for q in older):
                out.append((c["id"], p["as_of"], sorted_value(p), max(x["as_of"] for x in later)))
                break
    return out


def test_stale_figures_folded_into_points_agree_with_the_pairwise_reading():
    """Random death-toll series (values repeat, reports restate old points, one report may give
    several points): the folded version flags the same claims against the same points."""
    import random

    from newsline.link.figures import sorted_value, stale_figures

    rng = random.Random(11)
    for trial in range(60):
        claims = []
        for n in range(rng.randint(3, 40)):
            day = f"2025-03-{rng.randint(1, 12):02d}"
            article_day = f"2025-03-{min(28, int(day[-2:]) + rng.choice([0, 0, 1, 5])):02d}"
            claims.append({
                "id": n, "article": f"a{rng.randint(0, 12)}", "start": n, "end": n + 2, "anchor": "x",
                "value": rng.choice([4, 7, 7, 12, 17, 17, 23, 40]), "qualifier": rng.choice([None, None, "at_least"]),
                "kind": "level", "as_of": day, "as_of_value": day, "article_date": article_day,
                "source": None, "outlet": None, "sentence": "s", "what": "killed", "unit": "people"})
        claims.sort(key=lambda c: (c["as_of"] or "", c["article"], c["start"]))
        got = [(items[0]["as_of"], sorted_value(items[1]), items[1]["as_of"], items[2]["as_of"])
               for _k, _d, items in stale_figures(claims, "killed")]
        want = [(next(c for c in claims if c["id"] == cid)["as_of"], pv, pd, qd)
                for cid, pd, pv, qd in _stale_by_pairs(claims, "killed")]
        assert got == want, trial


def test_same_day_conflicts_by_points_agree_with_every_pair():
    import random
    from itertools import combinations

    from newsline.link.figures import compatible, conflicts

    rng = random.Random(5)
    for trial in range(40):
        claims = [{"id": n, "article": f"a{rng.randint(0, 6)}", "start": n, "end": n + 1, "anchor": "x",
                   "value": rng.choice([10, 12, 20, 1400, 1200]), "qualifier": rng.choice([None, "about", "at_least"]),
                   "kind": "level", "as_of": "2025-03-0" + str(rng.randint(1, 3)), "as_of_value": None,
                   "source": None, "outlet": None, "sentence": "s"} for n in range(rng.randint(2, 25))]
        want = set()
        for a, b in combinations(claims, 2):
            if a["as_of"] == b["as_of"] and a["article"] != b["article"] and not compatible(a, b):
                want |= {a["id"], b["id"]}
        got = {i["start"] for _k, _d, items in conflicts(claims, "x") for i in items}
        assert got == want, trial


def test_a_part_of_a_group_joins_no_series_of_its_total(tmp_path):
    """'two of the children' counts a part: it must not be read as the number of children (a
    later 'three children' would make it a stale figure)."""
    (tmp_path / "a.txt").write_text(" date 2011-11-04\nProfile\n\nThe surgeon raised two children in Leeds. "
                                    "Marta Vell cared for two of the children, and 12 of the 40 staff left.\n")
    with newsline.open(tmp_path / "x.db") as record:
        record.ingest([tmp_path / "a.txt"])
        claims = {(c["anchor"], c["start"]): c for c in record.export()["claims"]}
    by_anchor = sorted(claims.values(), key=lambda c: c["start"])
    assert [(c["anchor"].split()[0], bool(c["series"])) for c in by_anchor] == \
        [("two", True), ("two", False), ("12", False), ("40", True)]


STALE = {
    "x.txt": " date 2024-07-20\nVarn flood\n\nThe flood death toll in Varn stands at 12, officials said. The river burst "
             "its banks on June 3.",
    "y.txt": " date 2024-06-05\nVarn toll\n\nThe flood death toll in Varn rose to 12 on Wednesday, officials said.",
    "z.txt": " date 2024-06-08\nVarn toll rises\n\nThe flood death toll in Varn rose to 30 on Saturday, officials said.",
    "w.txt": " date 2024-07-12\nVarn toll revised\n\nThe flood death toll in Varn was revised down to 12 on Thursday "
             "after a recount, officials said.",
}


def stale_flags(tmp_path, runs: list[list[str]]) -> dict[str, list]:
    with newsline.open(tmp_path / "s.db") as record:
        for n, names in enumerate(runs):
            record.ingest([write_reports(tmp_path / f"run{n}", {name: STALE[name] for name in names})])
        data = record.export()
    return {a["source"].rsplit("/", 1)[-1]: [(f["kind"], [e["kind"] for e in f["evidence"]]) for f in a["flags"]]
            for a in data["articles"]}


@pytest.mark.parametrize("runs, flagged", [
    ([["x.txt", "y.txt", "z.txt"]], True),
    ([["x.txt"], ["y.txt"], ["z.txt"]], True),  # the figure turns stale when later runs bring the series
    ([["x.txt", "y.txt", "z.txt"], ["w.txt"]], False),  # and current again when a later point agrees
])
def test_a_figure_turned_stale_by_later_runs_flags_its_article_and_unflags_it(tmp_path, runs, flagged):
    flags = stale_flags(tmp_path, runs)
    expected = [("content_predates_stated_date", ["stale_figure", "latest_reference"])] if flagged else []
    assert flags["x.txt"] == expected and flags["y.txt"] == flags["z.txt"] == []
