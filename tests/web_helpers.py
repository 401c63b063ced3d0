"""The web tests' store: the sample corpus plus one hostile report, and a live server on loopback.

The hostile report (written for these tests) carries markup and script in every field a page
shows: its title, outlet and text, and a `javascript:` URL as its address. Each payload would set
`window.__pwned` (or open a dialog) if a page ever let it run.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from pathlib import Path

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=\'title\'"><script>window.__pwned="title"</script>Spillway <b>files</b>'
HOSTILE_OUTLET = '<svg onload="window.__pwned=\'outlet\'">Harbour Gazette</svg>'
HOSTILE_URL = "javascript:window.__pwned='url';alert('url')"
HOSTILE_TEXT = (
    "Inspectors from the National Flood Authority opened the spillway files on Thursday, March 20, 2025. "
    "On Friday, March 21, a reader forum reposted the files with <script>window.__pwned='text';alert('text')</script> "
    "pasted into the page. "
    "The same post carried <img src=x onerror=\"window.__pwned='img';alert('img')\"> and a link "
    "[open the files](javascript:window.__pwned='link') that no reader should follow. "
    "Auditor Hanna Velk said on Saturday, March 22, that the review of the Tessary Dam would finish by April 4."
)
SCRIPT_MARKUP = "<script>window.__pwned='text';alert('text')</script>"


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.jsonl"
    line = {"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "source": HOSTILE_OUTLET, "url": HOSTILE_URL,
            "date": "2025-03-23", "fiction": True}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def build_web_store(folder: Path) -> dict:
    """Ingest the sample corpus and the hostile report into folder/web.db; return what tests need."""
    import newsline
    from newsline.api import sample_corpus_path

    db = folder / "web.db"
    hostile = write_hostile(folder / "hostile")
    with newsline.open(db) as record:
        report = record.ingest([sample_corpus_path(), hostile])
        assert not report.rejected, report.rejected
        row = record.store.query("SELECT id FROM articles WHERE url = ?", (HOSTILE_URL,))[0]
    return {"db": db, "hostile": row["id"]}


def copy_store(db: Path, target: Path) -> Path:
    """A private copy (tests that write must not change the shared store)."""
    src, dst = sqlite3.connect(db), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving the app on a free loopback port, in a thread of the test process."""

    def __init__(self, db: Path, **options):
        import uvicorn

        from newsline.web import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(str(db), allowed_hosts=["127.0.0.1", "localhost"], **options)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def add_records(db: Path) -> dict:
    """Write events, quotes, figures, forecasts and a discrepancy into the store's own tables, as the
    extractors being built will: the pages must show them with no change. Spans point at real text
    of the sample reports; values are what those sentences say."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row

    def find(needle: str) -> tuple[str, int, int, int]:
        """(article, sentence index, start, end) of the first current sentence containing `needle`."""
        row = con.execute("SELECT s.article, s.idx, s.start, s.text FROM sentences s JOIN articles a ON a.id = s.article"
                          " WHERE a.current = 1 AND instr(s.text, ?) > 0 ORDER BY a.date, a.source LIMIT 1",
                          (needle,)).fetchone()
        assert row, needle
        start = row["start"] + row["text"].index(needle)
        return row["article"], row["idx"], start, start + len(needle)

    def entity(name: str) -> str:
        return con.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]

    orren, oltenbrand = entity("Matthias Orren"), entity("Kasimir Oltenbrand")
    resign = find("resigned as director-general")
    collapse = find("gave way above Brannock")
    with con:
        con.execute("INSERT INTO events (id, date, date_end, summary, entities) VALUES (?,?,?,?,?)",
                    ("V1", "2025-03-19", None, "Matthias Orren resigns as director-general of the flood authority",
                     json.dumps([orren])))
        con.execute("INSERT INTO events (id, date, date_end, summary, entities) VALUES (?,?,?,?,?)",
                    ("V2", "2025-03-12", None, "The Tessary Dam spillway gives way above Brannock", json.dumps([])))
        con.execute('INSERT INTO event_mentions (event, article, sentence, start, "end") VALUES (?,?,?,?,?)',
                    ("V1", *resign))
        con.execute('INSERT INTO event_mentions (event, article, sentence, start, "end") VALUES (?,?,?,?,?)',
                    ("V2", *collapse))
        quote = find("full responsibility for the authority's assessment")
        con.execute('INSERT INTO quotes (article, sentence, start, "end", text, kind, speaker, speaker_id, channel, cue)'
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (*quote, "full responsibility for the authority's assessment", "direct", "Orren", orren,
                     "statement", "said"))
        forecast = find("highly unlikely")
        con.execute('INSERT INTO forecasts (article, sentence, start, "end", text, holder, cue, probability, horizon,'
                    " status, evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (*forecast, "Orren would still be in his post by the end of the month", "Kasimir Oltenbrand",
                     "highly unlikely", 0.1, "2025-03-31", "refuted",
                     json.dumps([{"article": resign[0], "sentence": "Matthias Orren resigned.", "start": resign[2],
                                  "end": resign[3]}])))
        for context, needle, value, qualifier, as_of in (
                ("death toll rose to nine", "nine", 9, None, "2025-03-14"),
                ("collapse rose to 17", "17", 17, None, "2025-03-16"),
                ("had received 24 bodies", "24", 24, None, "2025-03-16"),
                ("stood at 21", "21", 21, None, "2025-03-19"),
                ("Some 600 are sleeping", "Some 600", 600, "about", "2025-03-16")):
            article, idx, start, _ = find(context)
            start += context.index(needle)
            end = start + len(needle)
            what = "people in shelters" if value == 600 else "deaths"
            con.execute('INSERT INTO claims (article, sentence, start, "end", anchor, value, unit, qualifier, what,'
                        " source, as_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (article, idx, start, end, needle, json.dumps(value), "people", qualifier, what,
                         "officials", as_of))
        con.execute("INSERT INTO discrepancies (kind, description, items) VALUES (?,?,?)",
                    ("figure", "Deaths on 2025-03-16: 17 or 24", json.dumps([
                        {"article": find("collapse rose to 17")[0], "text": "17"},
                        {"article": find("had received 24 bodies")[0], "text": "24"}])))
    con.close()
    return {"orren": orren, "oltenbrand": oltenbrand, "quote_article": quote[0]}
