"""TimeML in and out through the CLI: `newsline timeml IN OUT` and `export --format timeml`."""

from __future__ import annotations

import subprocess
import sys

from newsline.timeml import read_timeml

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-06" temporalFunction="false" functionInDocument="CREATION_TIME">2024-03-06</TIMEX3></DCT>
<TEXT>
The ferry company said on Monday that crossings would resume next week &amp; that fares would stay the same.
Its chief said last year's storms had cost it <TIMEX3 tid="t1" type="DURATION" value="P3M">three months</TIMEX3> of trade.
</TEXT>
</TimeML>
"""


def cli(*args):
    return subprocess.run([sys.executable, "-m", "newsline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_timeml_command_tags_raw_text_against_the_dct(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "ferry.tml").write_text(DOC, "utf-8")
    (src / "broken.tml").write_text("<TimeML><TEXT>cut off", "utf-8")
    proc = cli("timeml", src, out)
    assert "broken.tml" in proc.stderr  # a bad document is named, the rest is written
    assert proc.returncode == 3
    doc = read_timeml(out / "ferry.tml")
    original = read_timeml(src / "ferry.tml")
    assert doc.text == original.text and doc.dct.isoformat() == "2024-03-06"
    values = {t.text: (t.type, t.value) for t in doc.timexes}
    assert values["Monday"] == ("DATE", "2024-03-04")
    assert values["next week"] == ("DATE", "2024-W11")
    assert values["last year"] == ("DATE", "2023")
    assert values["three months"] == ("DURATION", "P3M")


def test_export_timeml_writes_one_document_per_article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2024-03-06 Crews reopened the road on Monday, two days after the storm.",
                                  "utf-8")
    db = tmp_path / "t.db"
    assert cli("ingest", folder, "--db", db).returncode == 0
    assert cli("export", "--db", db, "--format", "timeml").returncode == 2  # needs a folder
    proc = cli("export", "--db", db, "--format", "timeml", "-o", tmp_path / "tml")
    assert proc.returncode == 0, proc.stderr
    (written,) = list((tmp_path / "tml").glob("*.tml"))
    doc = read_timeml(written)
    assert doc.dct.isoformat() == "2024-03-06"
    assert {(t.text, t.value) for t in doc.timexes} >= {("Monday", "2024-03-04"), ("two days", "P2D")}
