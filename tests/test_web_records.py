"""The pages grow when records land: events, quotes, figures, forecasts and discrepancies written
into the store's tables (as their extractors will write them) show on every page with no change."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest

import newsline
from newsline.export import validate
from newsline.views.timeline import timeline_entries
from web_helpers import add_records, copy_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
testclient = pytest.importorskip("fastapi.testclient")


@pytest.fixture(scope="module")
def rich(web_store, tmp_path_factory):
    from newsline.web import create_app

    db = copy_store(web_store["db"], tmp_path_factory.mktemp("rich") / "rich.db")
    ids = add_records(db)
    with newsline.open(db) as record:
        export = record.export()
    validate(export)  # the rows written here are valid newsline/1 records
    with testclient.TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        yield client, export, ids


def test_events_replace_dated_references_on_the_timeline(rich):
    api, export, ids = rich
    assert api.get("/api/events").json()["events"] == export["events"]
    timeline = api.get("/api/timeline").json()
    assert timeline["kind"] == "event" and timeline["entries"] == [asdict(e) for e in timeline_entries(export)]
    named = api.get("/api/events", params={"entity": ids["orren"]}).json()
    assert [e["id"] for e in named["events"]] == ["V1"]
    assert api.get("/api/timeline", params={"entity": ids["orren"]}).json()["total"] == 1
    march12 = api.get("/api/events", params={"from": "2025-03-12", "to": "2025-03-12"}).json()
    assert [e["id"] for e in march12["events"]] == ["V2"]
    page = api.get("/").text
    assert "No events recorded yet" not in page and "2 events" in page
    assert "Matthias Orren resigns as director-general" in page


def test_quotes_show_by_speaker_on_their_pages(rich):
    api, export, ids = rich
    quotes = api.get("/api/quotes", params={"entity": ids["orren"]}).json()
    assert quotes["quotes"] == export["quotes"] and quotes["total"] == 1
    assert f'href="/entities/{ids["orren"]}"' in api.get("/quotes").text
    entity = api.get(f"/entities/{ids['orren']}").text
    assert "What they said" in entity and "full responsibility for the authority" in entity
    assert "Events they are in" in entity and "resigns as director-general" in entity
    article = api.get(f"/articles/{ids['quote_article']}").text
    text = article[article.index('id="text"'):]
    quoted = "".join(re.findall(r'<span class="quote sp0"[^>]*>([^<]*)</span>', text))
    assert quoted == "full responsibility for the authority&#39;s assessment"
    assert "Events it reports" in article


def test_figures_are_series_with_conflicts_marked(rich):
    api, export, _ = rich
    series = {(s["what"], s["unit"]): s for s in api.get("/api/figures").json()["series"]}
    deaths = series[("deaths", "people")]
    assert [p["value"] for p in deaths["points"]] == [9, 17, 24, 21]
    assert [p["conflict"] for p in deaths["points"]] == [False, True, True, False]  # 17 and 24 on one day
    assert series[("people in shelters", "people")]["conflicts"] == 0
    assert api.get("/api/claims").json()["total"] == len(export["claims"]) == 5
    page = api.get("/figures").text
    assert page.count('<g class="point conflict">') == 2 and page.count('<g class="point') == 5
    assert "No figures recorded yet" not in page


def test_forecasts_by_status_with_calibration(rich):
    api, export, _ = rich
    assert api.get("/api/forecasts", params={"status": "refuted"}).json()["forecasts"] == export["forecasts"]
    holders = api.get("/api/forecasts/calibration").json()["holders"]
    assert holders == [{"holder": "Kasimir Oltenbrand", "forecasts": 1, "open": 0, "confirmed": 0, "refuted": 1,
                        "mixed": 0, "scored": 1, "mean_probability": 0.1, "hit_rate": 0.0, "brier": 0.01}]
    page = api.get("/forecasts").text
    assert "Calibration by holder" in page and "highly unlikely" not in page  # the cue is data, not shown raw
    assert "Orren would still be in his post" in page


def test_discrepancies_page_lists_what_disagrees(rich):
    api, export, _ = rich
    assert api.get("/api/discrepancies").json()["discrepancies"] == export["discrepancies"]
    assert "Deaths on 2025-03-16: 17 or 24" in api.get("/discrepancies").text
