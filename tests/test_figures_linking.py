"""Figure series and conflicts across articles, in a real store: incremental, order-independent,
qualifiers allowed for, a rising toll is a series, a stale restatement is flagged."""

from __future__ import annotations

import json
import random
import subprocess
import sys

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
