"""A time expression's note and the article's numeric date order, through the store and the exports."""

from __future__ import annotations

import csv
import sqlite3

import newsline
from newsline.export import validate
from newsline.store.migrations import MIGRATIONS

from helpers import write_reports

REPORTS = {
    # no order known: the note says so
    "bulletin.txt": " date 2031-06-02 Pump station bulletin\n\nThe Kessel pump station was last serviced on "
                    "04/05/2031, the operator said on Monday.",
    # the outlet is a British domain: day first, no note
    "ledger.txt": " date 2031-06-02 Ledger\n\n<!-- newsline: outlet=kesselledger.co.uk -->\nThe council met on "
                  "04/05/2031 to approve the repairs.",
}


def test_an_ambiguous_numeric_date_carries_a_note_to_every_export(tmp_path):
    folder = write_reports(tmp_path / "in", REPORTS)
    with newsline.open(tmp_path / "x.db") as record:
        record.ingest([folder])
        data = record.export()
        written = record.export_to("csv", tmp_path / "csv")
    validate(data)
    numeric = {t["text"]: t for t in data["timexes"] if t["text"] == "04/05/2031"}
    by_article = {a["id"]: a for a in data["articles"]}
    notes = {by_article[t["article"]]["title"]: (t["value"], t["note"])
             for t in data["timexes"] if t["text"] == "04/05/2031"}
    assert notes == {"Pump station bulletin": ("2031-04-05", "ambiguous day/month: read month first; also 2031-05-04"),
                     "Ledger": ("2031-05-04", None)}, numeric
    assert all("note" in t for t in data["timexes"])
    rows = list(csv.DictReader((tmp_path / "csv" / "timexes.csv").open(encoding="utf-8")))
    assert any(r["note"].startswith("ambiguous day/month") for r in rows), written


def test_an_older_store_gains_the_note_column(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for number, script in enumerate(MIGRATIONS[:2], 1):
        con.executescript(script + f";PRAGMA user_version={number};")
    con.close()
    folder = write_reports(tmp_path / "in", {"bulletin.txt": REPORTS["bulletin.txt"]})
    with newsline.open(db) as record:
        record.ingest([folder])
        data = record.export()
    assert [t["note"] for t in data["timexes"] if t["text"] == "04/05/2031"] == [
        "ambiguous day/month: read month first; also 2031-05-04"]
    columns = [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(timexes)")]
    assert columns[-1] == "note"
