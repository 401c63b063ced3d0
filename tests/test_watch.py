"""`newsline watch`: a folder's new and changed files, a feed fetched with conditional GETs from a
server on loopback (304s, backoff on errors, Retry-After), and a clean stop on SIGINT."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from helpers import REPORTS, run_cli

import newsline

pytestmark = pytest.mark.slow


def write(path, text: str, age: float = 60.0) -> None:
    path.write_text(text, encoding="utf-8")
    past = time.time() - age
    os.utime(path, (past, past))


def test_folder_new_changed_and_settling(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "r1.txt", REPORTS["r1.txt"])
    write(folder / "r2.txt", REPORTS["r2.txt"])
    with newsline.open(tmp_path / "w.db") as record:
        watcher = record.watch(str(folder), every=0.1)
        first = watcher.look()
        assert first.report.stored == 2 and first.wait == 0.1
        assert watcher.look().report is None  # nothing new: no ingest at all
        write(folder / "r3.txt", REPORTS["r3.txt"], age=-30)  # modified "just now" (ahead, so a slow look still
        assert watcher.look().report is None                 # sees it as fresh): not settled yet
        assert watcher.look().report.stored == 1  # unchanged since the last look: read now
        write(folder / "r1.txt", REPORTS["r1.txt"].replace("300 ships", "310 ships"))
        changed = watcher.look()
        assert changed.report.stored == 1
        revisions = record.store.query("SELECT revision, current FROM articles WHERE path LIKE '%r1.txt' "
                                       "ORDER BY revision")
        assert [tuple(r) for r in revisions] == [(1, 0), (2, 1)]
        (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
        assert watcher.look().report is None  # a format newsline does not read is not "new"


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Velmora Harbour Wire</title>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://wire.example/{slug}</link>
<pubDate>{date}</pubDate><description>{text}</description></item>"""
ITEMS = [
    dict(title="Dockers vote on strike", slug="vote", date="Mon, 04 Mar 2024 09:00:00 GMT",
         text="Dock workers in Velmora voted on Monday to strike from Wednesday, union leader Mara Okonjo said."),
    dict(title="Ships wait offshore", slug="ships", date="Wed, 06 Mar 2024 18:00:00 GMT",
         text="About 300 ships were waiting off Velmora on Wednesday evening as the strike began."),
    dict(title="Strike ends", slug="ends", date="Fri, 08 Mar 2024 12:00:00 GMT",
         text="The Velmora dock strike ended on Thursday night, the port authority said on Friday."),
]


class FeedServer:
    """A feed on 127.0.0.1 that answers conditional GETs and can be told to fail."""

    def __init__(self):
        self.items = ITEMS[:2]
        self.version = 1
        self.fail: list[tuple[int, str | None]] = []  # (status, Retry-After) for the next requests
        self.seen: list[tuple[int, dict]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                headers = {k.lower(): v for k, v in self.headers.items()}
                etag = f'"v{server.version}"'
                status = server.fail[0][0] if server.fail else 304 if headers.get("if-none-match") == etag else 200
                server.seen.append((status, headers))  # before answering: the client goes on once it has the answer
                if server.fail:
                    _, after = server.fail.pop(0)
                    self.send_response(status)
                    if after:
                        self.send_header("Retry-After", after)
                    self.end_headers()
                elif status == 304:
                    self.send_response(304)
                    self.end_headers()
                else:
                    body = FEED.format(items="\n".join(ITEM.format(**i) for i in server.items)).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", "Fri, 08 Mar 2024 12:00:00 GMT")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.rss"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def feed_server():
    server = FeedServer()
    yield server
    server.close()


def test_feed_conditional_get_and_backoff(feed_server, tmp_path):
    with newsline.open(tmp_path / "f.db") as record:
        watcher = record.watch(feed_server.url, every=0.5)
        first = watcher.look()
        assert first.fetched == "200" and first.report.stored == 2
        sources = {r["source"] for r in record.store.query("SELECT source FROM articles")}
        assert sources == {"https://wire.example/vote", "https://wire.example/ships"}
        second = watcher.look()
        assert second.fetched == "304" and second.report is None
        assert feed_server.seen[-1][0] == 304 and feed_server.seen[-1][1].get("if-none-match") == '"v1"'
        assert feed_server.seen[-1][1].get("if-modified-since") == "Fri, 08 Mar 2024 12:00:00 GMT"
        feed_server.items, feed_server.version = ITEMS, 2
        third = watcher.look()
        assert third.fetched == "200" and third.report.stored == 1 and third.report.unchanged == 2
        feed_server.fail = [(503, "7"), (500, None), (500, None)]
        waits = [watcher.look() for _ in range(3)]
        assert all(w.error for w in waits) and "HTTP 503" in waits[0].error
        assert waits[0].wait == 7  # Retry-After over the backoff (1s)
        assert [w.wait for w in waits[1:]] == [2.0, 4.0]  # twice as long after each failure
        back = watcher.look()
        assert back.error is None and back.wait == 0.5 and back.fetched == "304"
    feed_server.close()
    with newsline.open(tmp_path / "f.db") as record:
        down = record.watch(feed_server.url, every=0.5).look()
    assert down.error.startswith("cannot fetch") and down.wait == 1.0


def test_watch_stops_cleanly_on_sigint(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "r1.txt", REPORTS["r1.txt"])
    env = dict(os.environ)
    env.pop("NEWSLINE_DB", None)
    proc = subprocess.Popen([sys.executable, "-m", "newsline.cli", "watch", str(folder), "--every", "0.2",
                             "--db", str(tmp_path / "w.db")], env=env, stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if " stored, " in line:
            break
    assert any("1 stored" in line for line in lines), lines
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 0, rest
    assert "stopped after" in rest and "Traceback" not in rest
    with newsline.open(tmp_path / "w.db") as record:
        assert record.status()["counts"]["articles"] == 1


def test_watch_usage(tmp_path):
    result = run_cli("watch", tmp_path / "missing", "--db", tmp_path / "x.db")
    assert result.exit_code == 2 and "not a folder or an http(s) feed URL" in result.stderr


