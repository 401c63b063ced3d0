"""The HTTP API and pages through the ASGI app (real store, real SQLite): every route, the
export's field names, filters, pages, 404s, ETags, escaping, and ingest over HTTP."""

from __future__ import annotations

import re
import json
from dataclasses import asdict

import pytest

import newsline
from newsline.export import build_export
from newsline.ingest import read_paths
from newsline.views.timeline import timeline_entries
from web_helpers import HOSTILE_TITLE, HOSTILE_URL, SCRIPT_MARKUP, copy_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
testclient = pytest.importorskip("fastapi.testclient")

LOOPBACK = "http://127.0.0.1"


def client_for(db, **options):
    from newsline.web import create_app

    return testclient.TestClient(create_app(str(db), **options), base_url=LOOPBACK)


@pytest.fixture(scope="module")
def api(web_store):
    with client_for(web_store["db"]) as client:
        yield client


@pytest.fixture(scope="module")
def export(web_store):
    with newsline.open(web_store["db"]) as record:
        return record.export()


def all_pages(api, path, key, limit=7, **params):
    """Walk a list route page by page; the pages must add up to `total`."""
    items, offset, total = [], 0, None
    while True:
        body = api.get(path, params={**params, "limit": limit, "offset": offset}).json()
        assert body["limit"] == limit and body["offset"] == offset
        total = body["total"] if total is None else total
        assert body["total"] == total
        items += body[key]
        offset += limit
        if offset >= total:
            return items, total


def test_lists_are_pages_of_the_export_with_its_field_names(api, export):
    articles, total = all_pages(api, "/api/articles", "articles")
    assert total == len(export["articles"]) == 25
    # same records, same order, same field names; the list leaves each text to /api/articles/{id}
    assert articles == [{k: v for k, v in a.items() if k != "text"} for a in export["articles"]]
    timeline, total = all_pages(api, "/api/timeline", "entries", limit=40)
    # what `newsline timeline --json` prints
    assert timeline == json.loads(json.dumps([asdict(e) for e in timeline_entries(export)]))
    entities, total = all_pages(api, "/api/entities", "entities", limit=20)
    assert [e["id"] for e in entities] == [e["id"] for e in export["entities"]]
    first = export["entities"][0]
    assert {k: v for k, v in entities[0].items() if k not in ("mention_count", "article_count")} == \
        {k: v for k, v in first.items() if k != "mentions"}
    assert entities[0]["mention_count"] == len(first["mentions"])
    with_mentions = api.get("/api/entities", params={"limit": 1, "mentions": "true"}).json()["entities"][0]
    assert with_mentions["mentions"] == first["mentions"]
    for kind in ("quotes", "claims", "forecasts", "discrepancies"):
        records, total = all_pages(api, f"/api/{kind}", kind, limit=25)
        assert records == export[kind] and total == len(export[kind])
    events, total = all_pages(api, "/api/events", "events", limit=25, mentions=1000)
    assert total == len(export["events"])
    assert [{k: v for k, v in e.items() if k != "mention_count"} for e in events] == export["events"]
    assert [e["mention_count"] for e in events] == [len(e["mentions"]) for e in export["events"]]
    # a list of events gives each event's first reports (all with /api/events/{id}) and says how many
    firsts, _ = all_pages(api, "/api/events", "events", limit=25, mentions=1)
    assert [e["mentions"] for e in firsts] == [e["mentions"][:1] for e in export["events"]]
    assert max(e["mention_count"] for e in firsts) > 1 and {len(e["mentions"]) for e in firsts} == {1}
    told = max(export["events"], key=lambda e: len(e["mentions"]))
    assert api.get(f"/api/events/{told['id']}").json()["mentions"] == told["mentions"]
    assert len(export["events"]) > 50 and len(export["claims"]) > 50 and export["discrepancies"]
    assert len(export["quotes"]) > 50 and len(export["forecasts"]) > 20
    figures, total = all_pages(api, "/api/figures", "series", limit=10)
    assert sorted(figures, key=lambda s: s["id"]) == export["series"]  # the export's series records


def test_one_article_carries_its_text_and_every_annotation_with_its_span(api, export, web_store):
    hostile = web_store["hostile"]
    body = api.get(f"/api/articles/{hostile}").json()
    exported = next(a for a in export["articles"] if a["id"] == hostile)
    assert {k: body[k] for k in exported} == exported
    assert body["title"] == HOSTILE_TITLE and body["url"] == HOSTILE_URL and SCRIPT_MARKUP in body["text"]
    assert body["timexes"] == [t for t in export["timexes"] if t["article"] == hostile]
    assert body["timexes"] and body["mentions"]
    for span in body["timexes"] + body["mentions"]:
        assert body["text"][span["start"]:span["end"]] == span["text"]
    assert all(m["entity"] for m in body["mentions"])
    assert body["sentences"][0]["start"] == 0


def test_an_article_has_the_events_and_discrepancies_newsline_show_gives(api, export, web_store):
    disputed = next(d for d in export["discrepancies"] if d["kind"] == "attribute")["items"][0]["article"]
    body = api.get(f"/api/articles/{disputed}").json()
    with newsline.open(web_store["db"]) as record:
        shown = record.article(disputed)
    assert body["events"] == shown["events"] and body["events"]
    assert body["discrepancies"] == shown["discrepancies"] and body["discrepancies"]
    assert body["claims"] == shown["claims"] and body["quotes"] == shown["quotes"] and body["quotes"]
    assert body["forecasts"] == shown["forecasts"]


def test_entity_detail_is_the_exported_entity_plus_where_it_appears(api, export):
    orren = next(e for e in export["entities"] if e["name"] == "Matthias Orren")
    body = api.get(f"/api/entities/{orren['id']}").json()
    assert {k: body[k] for k in orren} == orren
    assert len(body["articles"]) == len({m["article"] for m in orren["mentions"]})
    assert body["quotes"] == [q for q in export["quotes"] if q["speaker_id"] == orren["id"]] and body["quotes"]
    his = [e for e in export["events"] if orren["id"] in e["entities"]]
    assert [{k: v for k, v in e.items() if k != "mention_count"} for e in body["events"]] == his and his


def test_filters_from_to_entity_text_and_status(api, export):
    march = api.get("/api/articles", params={"from": "2025-03-14", "to": "2025-03-16", "limit": 100}).json()
    assert march["total"] == len(march["articles"]) > 3
    assert all("2025-03-14" <= a["date"] <= "2025-03-16" for a in march["articles"])
    assert march["total"] == sum(1 for a in export["articles"] if a["date"] and "2025-03-14" <= a["date"] <= "2025-03-16")
    month = api.get("/api/timeline", params={"from": "2025-04", "to": "2025-04"}).json()
    assert month["total"] > 0 and all(e["date"].startswith("2025-04") for e in month["entries"])

    orren = next(e for e in export["entities"] if e["name"] == "Matthias Orren")
    named = api.get("/api/timeline", params={"entity": orren["id"], "limit": 500}).json()
    assert 0 < named["total"] < len(timeline_entries(export))
    assert named["entries"] == json.loads(json.dumps([asdict(e) for e in timeline_entries(export, entity="Matthias Orren")]))
    with_orren = api.get("/api/articles", params={"entity": orren["id"], "limit": 100}).json()
    assert with_orren["total"] == len({m["article"] for m in orren["mentions"]})

    texts = api.get("/api/timeline", params={"q": "SPILLWAY", "limit": 500}).json()
    assert texts["total"] > 0 and all("spillway" in e["text"].lower() for e in texts["entries"])
    words = api.get("/api/articles", params={"q": "levee"}).json()
    assert words["total"] > 0
    figures = api.get("/api/discrepancies", params={"kind": "figure"}).json()
    assert figures["total"] == sum(d["kind"] == "figure" for d in export["discrepancies"]) > 0
    assert all(d["kind"] == "figure" and d["series"] for d in figures["discrepancies"])
    assert api.get("/api/forecasts", params={"status": "maybe"}).status_code == 422
    assert api.get("/api/articles", params={"from": "March"}).status_code == 422
    assert api.get("/api/articles", params={"limit": 0}).status_code == 422


def test_search_pages_through_sentences(api):
    first = api.get("/api/search", params={"q": "spillway", "limit": 5}).json()
    assert first["total"] > 5 and len(first["hits"]) == 5
    assert all("spillway" in h["text"].lower() and "«" in h["snippet"] for h in first["hits"])
    hits, total = all_pages(api, "/api/search", "hits", limit=5, q="spillway")
    assert len(hits) == total == first["total"] and len({(h["article"], h["idx"]) for h in hits}) == total
    assert set(first["hits"][0]) == {"article", "idx", "start", "end", "text", "source", "title", "date", "snippet"}
    odd = api.get("/api/search", params={"q": 'spillway "unbalanced'})  # not FTS5 syntax: searched as a phrase
    assert odd.status_code == 200 and odd.json()["total"] == 0
    assert api.get("/api/search").status_code == 422


@pytest.mark.parametrize("path", [
    "/api/articles/0000000000000000", "/api/articles/..%2F..%2Fetc%2Fpasswd", "/api/articles/ZZZ",
    "/api/entities/E0000000000", "/articles/0000000000000000", "/articles/%3Cscript%3E", "/entities/nobody",
    "/static/..%2F..%2F..%2Fpyproject.toml", "/static/../../cli.py", "/nowhere",
])
def test_unknown_ids_and_paths_are_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert "pyproject" not in response.text and "[project]" not in response.text


def test_pages_escape_article_data_and_send_a_strict_policy(api, web_store):
    page = api.get(f"/articles/{web_store['hostile']}")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    html = page.text
    assert "&lt;script&gt;window.__pwned" in html and "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert not re.search(r"""href=["']?\s*javascript:""", html, re.I)
    assert page.headers["x-content-type-options"] == "nosniff"
    timeline = api.get("/", params={"q": "reader forum"})
    assert "script-src 'self'" in timeline.headers["content-security-policy"]
    assert "&lt;script&gt;" in timeline.text and "<script>window" not in timeline.text
    for path in ("/", "/articles", "/entities", "/quotes", "/figures", "/forecasts", "/discrepancies",
                 "/search?q=forum", "/about"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert "<script>" not in response.text.replace('<script type="application/json" id="timeline-data">', "")


def test_kinds_with_no_records_say_so_and_the_others_show_theirs(api, tmp_path):
    with newsline.open(tmp_path / "empty.db"):
        pass
    with client_for(tmp_path / "empty.db") as empty:
        for kind in ("quotes", "forecasts", "figures", "discrepancies"):
            assert f"No {kind} recorded yet." in empty.get(f"/{kind}").text
        assert "No events recorded yet" in empty.get("/").text
    assert "No quotes recorded yet." not in api.get("/quotes").text
    assert "No forecasts recorded yet." not in api.get("/forecasts").text
    timeline = api.get("/").text
    assert "No events recorded yet" not in timeline and 'class="entry event"' in timeline
    assert "No figures recorded yet." not in api.get("/figures").text
    assert "No discrepancies recorded yet." not in api.get("/discrepancies").text
    assert "<h2>people killed <span" in api.get("/figures", params={"what": "killed"}).text
    assert "No series matches." in api.get("/figures", params={"what": "unicorns"}).text


def test_etag_answers_304_until_the_store_changes(web_store, tmp_path):
    db = copy_store(web_store["db"], tmp_path / "etag.db")
    with client_for(db) as client:
        first = client.get("/api/articles")
        tag = first.headers["etag"]
        again = client.get("/api/articles", headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        assert client.get("/", headers={"If-None-Match": tag}).status_code == 304
        with newsline.open(db) as record:  # another connection commits: every ETag is stale
            record.store.record_rejections([type("R", (), {"source": "x.txt", "reason": "test"})()])
        changed = client.get("/api/articles", headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag
        assert client.get("/api/articles/0000000000000000").headers.get("etag") is None


def test_openapi_schema_lists_every_route(api):
    schema = api.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
                 "/api/figures", "/api/entities",
                 "/api/entities/{entity_id}", "/api/quotes", "/api/claims", "/api/forecasts", "/api/discrepancies",
                 "/api/search", "/api/timeline", "/api/ingest"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"from", "to", "entity", "q", "limit", "offset"} <= params


def test_ingest_over_http_is_off_by_default(api):
    response = api.post("/api/ingest", files={"files": ("a.txt", b"date 2025-03-30 Crews cleared the road.")})
    assert response.status_code == 403 and "--allow-ingest" in response.json()["detail"]


def test_ingest_over_http_takes_the_cli_formats_errors_and_limits(web_store, tmp_path):
    db = copy_store(web_store["db"], tmp_path / "ingest.db")
    bad_utf8 = "Der Damm bei Brannock hielt nicht stand, sagte der Präsident.".encode("cp1252")
    bad_jsonl = b'{"text": "The levee at Lisle Ford held on Sunday, March 30.", "date": "2025-03-30"}\n{oops\n'
    big = b"a" * (10 * 1024 * 1024 + 1)
    files = [
        ("files", ("../../outside.txt", b" date 2025-03-30 Road reopens\n\nCrews reopened the Pellan road on Sunday.")),
        ("files", ("latin.txt", bad_utf8)),
        ("files", ("feed.jsonl", bad_jsonl)),
        ("files", ("huge.txt", big)),
    ]
    with client_for(db, allow_ingest=True) as client:
        before = client.get("/api/articles").json()["total"]
        tag = client.get("/api/articles").headers["etag"]
        response = client.post("/api/ingest", files=files)
        assert response.status_code == 200
        report = response.json()
        assert report["stored"] == 2 and not report["ok"]
        assert client.get("/api/articles").json()["total"] == before + 2
        assert client.get("/api/articles", headers={"If-None-Match": tag}).status_code == 200
        cross = client.post("/api/ingest", files=files[:1], headers={"Origin": "http://evil.example"})
        assert cross.status_code == 403
        # the same name with a changed text is a new revision; searches see only the current one
        changed = b" date 2025-03-31 Road reopens\n\nCrews reopened the Pellan road again on Monday after a landslip."
        again = client.post("/api/ingest", files=[("files", ("outside.txt", changed))]).json()
        assert again["stored"] == 1 and again["ok"]
        assert client.get("/api/articles").json()["total"] == before + 2
        reopens = client.get("/api/search", params={"q": '"reopened the Pellan road"'}).json()
        assert reopens["total"] == 1 and "landslip" in client.get(f"/api/articles/{reopens['hits'][0]['article']}").json()["text"]
    uploads = tmp_path / "ingest-uploads"
    assert sorted(p.name for p in uploads.iterdir()) == ["feed.jsonl", "outside.txt"]  # rejected files not kept
    assert not (tmp_path.parent / "outside.txt").exists()
    # the same reasons, word for word, as `newsline ingest` gives for the same files
    (tmp_path / "cli").mkdir()
    for name, data in (("latin.txt", bad_utf8), ("feed.jsonl", bad_jsonl), ("huge.txt", big)):
        (tmp_path / "cli" / name).write_bytes(data)
    cli = {r.source.rsplit("/", 1)[-1]: r.reason for r in read_paths([tmp_path / "cli"])
           if type(r).__name__ == "Rejection"}
    http = {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in report["rejected"]}
    assert http == cli and set(cli) == {"latin.txt", "feed.jsonl:2", "huge.txt"}
    assert "over the 10 MB limit" in http["huge.txt"] and "not valid UTF-8" in http["latin.txt"]


def test_serve_command_listens_on_loopback_and_refuses_foreign_hosts(web_store, tmp_path):
    import subprocess
    import sys
    import time

    import httpx

    from web_helpers import free_port

    missing = subprocess.run([sys.executable, "-m", "newsline.cli", "serve", "--db", str(tmp_path / "nope.db")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no such store" in missing.stderr
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsline.cli", "serve", "--db", str(web_store["db"]),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/api/status", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "newsline serve did not start"
                time.sleep(0.2)
        assert status.status_code == 200 and status.json()["counts"]["articles"] == 25
        rebound = httpx.get(f"http://127.0.0.1:{port}/api/status", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400  # a DNS-rebound page cannot read a loopback record
        assert httpx.post(f"http://127.0.0.1:{port}/api/ingest", files={"files": ("a.txt", b"x")}).status_code == 403
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err

