"""Quotes in the record: speaker_id from the reduce step, the store's schema 3, exports, the
`newsline quotes` command, and the scorer bench/quotes uses (reports written for these tests)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_reports

import newsline
from newsline.eval.quotes import Item, coverage, names_agree, quote_kind, score_article

REPORTS = {
    "a.txt": " date 2025-05-06 Ferry strike\n\nFerry captain Nils Ostberg said on Monday that the crews would "
             'stay ashore. "We will not sail without a contract," Ostberg told the Harbour Courier. The shipping '
             "ministry said in a statement that talks would resume.",
    "b.txt": " date 2025-05-08 Strike ends\n\n\"The boats sail tomorrow,\" Ostberg said on Wednesday. Minister "
             "Vera Holm wrote on X that the deal was fair.",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = write_reports(tmp_path_factory.mktemp("quotes") / "reports", REPORTS)
    db = folder.parent / "q.db"
    with newsline.open(db) as record:
        record.ingest([folder])
    return db


def test_speakers_link_to_one_entity_across_articles(store):
    with newsline.open(store) as record:
        rows = record.quotes(speaker="ostberg")
        entities = {e["id"]: e for e in record.export()["entities"]}
    assert len(rows) == 3 and len({r["article"] for r in rows}) == 2
    ids = {r["speaker_id"] for r in rows}
    assert len(ids) == 1 and None not in ids
    assert entities[ids.pop()]["name"] == "Nils Ostberg"
    assert all(r["speaker"] == "Nils Ostberg" for r in rows if "contract" in r["text"] or "ashore" in r["text"])


def test_the_reduce_step_only_looks_at_quotes_without_a_speaker_id(store):
    from newsline.link.quotes import link_quote_speakers
    from newsline.store import open_store

    s = open_store(str(store))
    try:
        assert link_quote_speakers(s) == 0  # everything linkable is linked
        s.db.execute("UPDATE quotes SET speaker_id = NULL WHERE speaker LIKE '%Holm%'")
        assert link_quote_speakers(s) == 1
    finally:
        s.close()


def test_speaker_offsets_point_at_the_speakers_name(store):
    with newsline.open(store) as record:
        data = record.export()
    texts = {}
    con = sqlite3.connect(store)
    for aid, text in con.execute("SELECT id, text FROM articles"):
        texts[aid] = text
    for q in data["quotes"]:
        if q["speaker_start"] is not None:
            named = texts[q["article"]][q["speaker_start"]:q["speaker_end"]]
            assert named.split()[-1] in q["speaker"], (named, q["speaker"])


def test_a_schema_2_store_gains_the_speaker_columns(tmp_path):
    from newsline.store.migrations import MIGRATIONS
    from newsline.store.sqlite import SQLiteStore

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + MIGRATIONS[1] + ";PRAGMA user_version=2;")
    con.close()
    store = SQLiteStore(db)
    columns = {r[1] for r in store.db.execute("PRAGMA table_info(quotes)")}
    assert {"speaker_start", "speaker_end"} <= columns and store.version() == len(MIGRATIONS)
    store.close()


def test_exports_carry_quotes_json_csv_and_a_who_said_what_dossier(store):
    with newsline.open(store) as record:
        data = json.loads(record.export_to("json"))  # validated against the schema on the way
        table = record.export_to("csv", table="quotes")
        dossier = record.export_to("md")
    assert data["quotes"] and all("speaker_start" in q and q["sentence"] for q in data["quotes"])
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {"speaker", "speaker_id", "channel", "cue", "kind"} <= set(rows[0])
    assert any(r["channel"] == "social:x" for r in rows)
    section = dossier.split("## Who said what", 1)[1].split("\n## ", 1)[0]
    assert "### Nils Ostberg" in section and "### Vera Holm" in section
    assert section.index("### Nils Ostberg") < section.index("### Vera Holm")  # most quoted first


def test_the_quotes_command_filters_and_prints_json(store):
    cli = [sys.executable, "-m", "newsline.cli"]
    out = subprocess.run([*cli, "quotes", "--db", str(store), "--speaker", "Vera Holm", "--json"],
                         capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    assert [r["channel"] for r in rows] == ["social:x"]
    article = rows[0]["article"][:8]
    out = subprocess.run([*cli, "quotes", "--db", str(store), "--article", article], capture_output=True, text=True,
                         check=True)
    assert "Vera Holm" in out.stdout and "Ostberg" in out.stdout
    missing = subprocess.run([*cli, "quotes", "--db", str(Path(store).parent / "nope.db")], capture_output=True,
                             text=True)
    assert missing.returncode == 1 and "no such store" in missing.stderr


# -- the scorer -------------------------------------------------------------------------------
TEXT = "The mayor said the bridge would open in May and the ferry would stop."


def test_a_quote_matches_when_it_covers_thirty_percent_of_the_gold_words():
    gold = Item([(15, len(TEXT) - 1)], "indirect", "Ada Brun", True)
    short = Item([(15, 31)])  # "the bridge would": 3 of 13 words
    longer = Item([(15, 47)])  # up to "May": 7 of 13
    assert coverage(TEXT, gold, short) < 0.3 <= coverage(TEXT, gold, longer)
    tally = score_article(TEXT, [gold], [short, longer])
    assert (tally.matched, tally.predicted) == (1, 2) and tally.precision == 0.5


def test_pairs_are_one_to_one_best_coverage_first():
    gold = [Item([(15, 47)], "indirect"), Item([(52, len(TEXT) - 1)], "indirect")]
    both = Item([(15, len(TEXT) - 1)])
    tally = score_article(TEXT, gold, [both])
    assert tally.matched == 1 and tally.recall == 0.5


def test_names_agree_on_surnames_and_aliases_not_on_other_people():
    gold = Item([(0, 1)], speaker="Mrs. Clinton", speaker_is_name=True)
    assert names_agree("Hillary Clinton", gold)
    assert not names_agree("Bill Gates", gold)
    assert names_agree("NFA", Item([(0, 1)], speaker="National Flood Authority", aliases=("NFA",)))


def test_the_kind_of_a_gold_content_comes_from_its_marks():
    assert quote_kind("“We will go.”") == "direct"
    assert quote_kind("the plan was “dead on arrival”") == "mixed"
    assert quote_kind("the plan was dead") == "indirect"


def test_brat_attributions_are_read_with_their_pieces(tmp_path):
    from newsline.eval.polnear import load, read_ann, split

    (tmp_path / "train" / "text").mkdir(parents=True)
    (tmp_path / "train" / "attributions").mkdir(parents=True)
    text = '"We are ready," the captain said, "and we sail at noon."'
    (tmp_path / "train" / "text" / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "train" / "attributions" / "doc_x1.ann").write_text(
        "T1\tSource 16 27\tthe captain\nT2\tCue 28 32\tsaid\nT3\tContent 1 14;35 55\tWe are ready, and we sail at "
        "noon.\nT4\tAttribution 28 32\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n", encoding="utf-8")
    (att,) = read_ann(tmp_path / "train" / "attributions" / "doc_x1.ann")
    assert att.content == [(1, 14), (35, 55)] and text[att.source[0][0]:att.source[0][1]] == "the captain"
    assert load(tmp_path, "doc").attributions[0].cue == [(28, 32)]
    parts = split([f"n{i}" for i in range(10)])
    assert parts["heldout"] == ["n4", "n9"] and len(parts["dev"]) == 8
