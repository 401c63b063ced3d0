"""What keeps the web app fast on a big store, on a real SQLite store: a search ranks at most
SEARCH_RANKED matches (the most recently stored) and says so, and the timeline page keeps its
rendered entries for one store generation only (a change to the store shows at once)."""

from __future__ import annotations

import re

import pytest

import newsline
from newsline.api import sample_corpus_path
from newsline.store import open_store
from web_helpers import copy_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
testclient = pytest.importorskip("fastapi.testclient")


def client_for(db):
    from newsline.web import create_app

    return testclient.TestClient(create_app(str(db)), base_url="http://127.0.0.1")


def bm25_of_matches(store, query: str, current_only: bool = False) -> dict[int, float]:
    """Every matching sentence id with its bm25 score, read from the index directly."""
    scores = {r[0]: r[1] for r in store.query(
        "SELECT rowid, bm25(sentences_fts) FROM sentences_fts WHERE sentences_fts MATCH ?", (query,))}
    if current_only:
        current = {r[0] for r in store.query(
            "SELECT s.id FROM sentences s JOIN articles a ON a.id = s.article WHERE a.current = 1")}
        scores = {i: s for i, s in scores.items() if i in current}
    return scores


def hit_keys(result) -> list[tuple[str, int]]:
    return [(h["article"], h["idx"]) for h in result["hits"]]


def sentence_keys(store) -> dict[int, tuple[str, int]]:
    return {r[0]: (r[1], r[2]) for r in store.query("SELECT id, article, idx FROM sentences")}


def test_a_search_ranks_every_match_up_to_the_cap_and_past_it_the_most_recent(web_store):
    from newsline.web import queries

    store = open_store(str(web_store["db"]))
    try:
        scores = bm25_of_matches(store, "spillway")
        keys = sentence_keys(store)
        best_first = sorted(scores, key=lambda i: (scores[i], i))
        newest = sorted(scores, reverse=True)[:5]
        assert len(scores) > 10 and set(newest) != set(best_first[:5])  # the cap changes what ranks first

        everything = queries.search(store, "spillway", stale=[], limit=1000, rank_at_most=len(scores))
        assert everything["total"] == everything["ranked"] == len(scores)
        assert hit_keys(everything) == [keys[i] for i in best_first]

        expected = [keys[i] for i in sorted(newest, key=lambda i: (scores[i], i))]
        first = queries.search(store, "spillway", stale=[], limit=3, rank_at_most=5)
        assert first["total"] == len(scores) and first["ranked"] == 5  # every match counted, five ranked
        assert hit_keys(first) == expected[:3]
        second = queries.search(store, "spillway", stale=[], limit=3, offset=3, rank_at_most=5)
        assert hit_keys(second) == expected[3:]  # the pages end with the ranked matches
        past = queries.search(store, "spillway", stale=[], limit=3, offset=5, rank_at_most=5)
        assert past["hits"] == [] and past["total"] == len(scores)
    finally:
        store.close()


def test_a_capped_search_skips_replaced_revisions(web_store, tmp_path):
    """The replaced revision's sentences are among the newest matches in the index; the ranked ones are
    the newest of the current articles' sentences."""
    from newsline.web import queries

    db = copy_store(web_store["db"], tmp_path / "revised.db")
    report = tmp_path / "reports" / "gate-log.txt"
    report.parent.mkdir()
    first_text = (" date 2025-03-27 Gate log\n\nThe spillway gates at Tessary were inspected on Thursday by a team "
                  "of four engineers.\n\nA second spillway survey is planned for April.")
    report.write_text(first_text, encoding="utf-8")
    with newsline.open(db) as record:
        record.ingest([report])
        report.write_text(first_text.replace("four engineers", "five engineers"), encoding="utf-8")
        record.ingest([report])
        store = record.store
        old = {r[0] for r in store.query(
            "SELECT s.id FROM sentences s JOIN articles a ON a.id = s.article WHERE a.current = 0")}
        assert old  # the first revision is kept, not current
        stale = queries.article_index(store).stale_sentences
        assert set(stale) == old
        every = bm25_of_matches(store, "spillway")
        current = bm25_of_matches(store, "spillway", current_only=True)
        assert old & set(sorted(every, reverse=True)[:4])  # among the four newest matches in the index
        newest = sorted(current, reverse=True)[:4]
        keys = sentence_keys(store)
        result = queries.search(store, "spillway", stale=stale, limit=10, rank_at_most=4)
        assert result["total"] == len(current) and result["ranked"] == 4
        assert hit_keys(result) == [keys[i] for i in sorted(newest, key=lambda i: (current[i], i))]
        assert all(k not in {keys[i] for i in old} for k in hit_keys(result))
        assert queries.search(store, "spillway", limit=10, rank_at_most=4) == result  # stale read when not given


def test_the_search_page_and_its_twin_say_when_the_ranking_is_capped(web_store, monkeypatch):
    from newsline.web import queries

    monkeypatch.setattr(queries, "SEARCH_RANKED", 4)
    with client_for(web_store["db"]) as client:
        body = client.get("/api/search", params={"q": "spillway", "limit": 3}).json()
        assert body["ranked"] == 4 < body["total"] and len(body["hits"]) == 3
        assert len(client.get("/api/search", params={"q": "spillway", "limit": 3, "offset": 3}).json()["hits"]) == 1
        few = client.get("/api/search", params={"q": "Velk"}).json()  # under the cap: all ranked
        assert few["ranked"] == few["total"] == len(few["hits"]) > 0
        page = client.get("/search", params={"q": "spillway"}).text
        assert f"{body['total']} sentences match; these are the best of the 4 stored most recently" in page
        assert len(re.findall(r'<li><span class="snippet">', page)) == 4
        past = client.get("/search", params={"q": "spillway", "offset": 50}).text
        assert "The pages of “spillway” end at sentence 4" in past and "No sentence matches" not in past
        assert "stored most recently" not in client.get("/search", params={"q": "Velk"}).text


def test_the_timeline_page_keeps_its_rendered_entries_until_the_store_changes(web_store, tmp_path):
    from newsline.web.api_routes import timeline_of

    db = copy_store(web_store["db"], tmp_path / "timeline.db")
    with client_for(db) as client:
        state = client.app.state.web
        before = client.get("/").text
        index = timeline_of(state, state.store())
        shown = len(re.findall(r'<li id="entry-\d+"', before))
        assert shown > 30 and len(index.rendered) == shown
        kept = dict(index.rendered)
        assert client.get("/").text == before
        filtered = client.get("/", params={"from": "2025-03-19", "to": "2025-03-19"}).text
        assert 0 < len(re.findall(r'<li id="entry-\d+"', filtered)) < shown
        assert index.rendered == kept  # a filtered page joins the entries already rendered

        # a wire copy of one report (plus a line of its own) adds a source to the events it tells
        original = next(sample_corpus_path().rglob("2025-03-19-orren-resigns.txt")).read_text(encoding="utf-8")
        copy = tmp_path / "wire" / "orren-wire-copy.txt"
        copy.parent.mkdir()
        copy.write_text(original.replace("outlet=Tavren Valley Ledger", "outlet=Wire Copy Service")
                        + "\nThis copy was sent to subscribers by a wire service.\n", encoding="utf-8")
        with newsline.open(db) as record:
            assert record.ingest([copy]).stored == 1
        after = client.get("/").text
        assert "Wire Copy Service" not in before and "Wire Copy Service" in after  # the event's entry, anew
    with client_for(db) as fresh:  # a new server renders everything anew: the same page
        assert fresh.get("/").text == after
