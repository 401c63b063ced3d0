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


# A report written for these tests: one quotation and one forecast, which no extractor finds yet
# (quotes and forecasts are being built); they are added to the Analysis the real pipeline makes
# of this report and saved through the store's own save path, as those extractors will.
SPOKEN = """---
title: Barsk sets a date for the new spillway
date: 2025-03-24
outlet: Harbour Gazette
---
Ines Barsk told reporters in Vell on Monday that the Tessary spillway "will be rebuilt before the autumn rains".

Kasimir Oltenbrand said it was very unlikely that the rebuilding would be finished by October, and asked the authority to publish its schedule.
"""
SPOKEN_QUOTE = "will be rebuilt before the autumn rains"
SPOKEN_FORECAST = "the rebuilding would be finished by October"


def add_spoken_report(db: Path, folder: Path) -> dict:
    """Analyse SPOKEN and save it into the store at `db`, checking the pipeline found its quote (speaker
    Barsk) and forecast (Kasimir Oltenbrand, 'very unlikely'); returns the ids the tests look for."""
    import newsline
    from newsline.ingest import read_paths
    from newsline.link import reduce_store
    from newsline.nlp.pipeline import analyse, prepare
    from newsline.records import RawArticle

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "barsk-spillway-date.md"
    path.write_text(SPOKEN, encoding="utf-8")
    (raw,) = [r for r in read_paths([path]) if isinstance(r, RawArticle)]
    (analysis,) = analyse([prepare(raw)])
    text, article = analysis.article.text, analysis.article.id
    with newsline.open(db) as record:
        store = record.store
        people = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM entities WHERE type = 'PERSON'")}
        # the quote is the quotes stage's own (found, speaker resolved, channel read)
        assert any(SPOKEN_QUOTE in q.text and q.speaker.endswith("Barsk") for q in analysis.quotes), analysis.quotes
        # and the forecast the forecasts stage's: held by the one who said it, the hedge read as a probability
        assert any(SPOKEN_FORECAST in f.text and f.holder == "Kasimir Oltenbrand" and f.probability < 0.2
                   for f in analysis.forecasts), analysis.forecasts
        assert store.save([analysis]) == [article]
        reduce_store(store)
    return {"article": article, "barsk": people["Ines Barsk"], "oltenbrand": people["Kasimir Oltenbrand"]}
