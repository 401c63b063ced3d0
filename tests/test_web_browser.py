"""The web app in a real browser: Debian's chromium driven by Playwright against a live server.

Each page loads without a script error or a Content-Security-Policy violation; a click on the
timeline shows the citing sentences and leads to the article with the sentence highlighted; the
entity filter and the search work; the hostile report's markup shows as text and none of its
scripts run. Screenshots of every page go to out/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

import json

import os
import re
from pathlib import Path

import pytest

from web_helpers import HOSTILE_TITLE, SCRIPT_MARKUP, SPOKEN_QUOTE, LiveServer, add_spoken_report, copy_store

CHROMIUM = os.environ.get("NEWSLINE_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install)")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM}: `make install` installs Debian's chromium where apt-get can",
                allow_module_level=True)
VENDORED = (Path(__file__).resolve().parent.parent / "src/newsline/web/static/vendor/vis-timeline-graph2d.min.js")


@pytest.fixture(scope="module")
def server(web_store):
    with LiveServer(web_store["db"]) as live:
        yield live


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records what must never happen: script errors, CSP violations, dialogs."""

    def __init__(self, browser, width=1280, height=900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda err: self.problems.append(f"script error: {err}"))
        self.page.on("console", self.console)
        self.page.on("dialog", self.dialog)

    def console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str):
        response = self.page.goto(url)
        assert response.status == 200, (url, response.status)
        return self.page

    def shoot(self, name: str, full_page: bool = True) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()
    assert not w.problems, w.problems
    assert not w.dialogs, w.dialogs


def test_every_page_loads_and_is_photographed(watched, server, web_store):
    api = watched.context.request
    orren = next(e for e in api.get(f"{server.url}/api/entities?q=Orren").json()["entities"])
    article = api.get(f"{server.url}/api/articles?from=2025-03-19&limit=1").json()["articles"][0]
    castellane = api.get(f"{server.url}/api/entities?q=Castellane").json()["entities"][0]
    event = api.get(f"{server.url}/api/events?from=2025-03-19&to=2025-03-19").json()["events"]
    busiest = max(event, key=lambda e: len(e["mentions"]))
    pages = {
        "timeline": "/", "articles": "/articles", "article": f"/articles/{article['id']}",
        "event": f"/events/{busiest['id']}", "entity-rank": f"/entities/{castellane['id']}",
        "hostile-article": f"/articles/{web_store['hostile']}", "entities": "/entities",
        "entity": f"/entities/{orren['id']}", "quotes": "/quotes", "figures": "/figures", "forecasts": "/forecasts",
        "discrepancies": "/discrepancies", "search": "/search?q=spillway", "about": "/about",
        "not-found": None,
    }
    for name, path in pages.items():
        if path is None:
            response = watched.page.goto(f"{server.url}/articles/0000000000000000")
            assert response.status == 404
            assert "no article" in watched.page.inner_text("main")
            watched.problems = [p for p in watched.problems if "404" not in p]  # the browser logs the 404 itself
        else:
            page = watched.open(server.url + path)
            assert page.locator("h1").first.is_visible(), name
            assert page.locator("footer a[href^='/api/']").count() == 1, name  # its JSON twin
            if name == "timeline" and VENDORED.exists():
                page.wait_for_selector("#timeline-axis .vis-dot")  # photographed with its axis drawn
        watched.shoot(name, full_page=name != "timeline")  # the timeline list is long: its top is what matters
    phone = Watched(watched.context.browser, width=390, height=844)
    try:
        for name, path in (("phone-timeline", "/"), ("phone-article", f"/articles/{article['id']}")):
            page = phone.open(server.url + path)
            if path == "/" and VENDORED.exists():
                page.wait_for_selector("#timeline-axis .vis-dot")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at phone width"
            phone.shoot(name, full_page=False)
        assert not phone.problems, phone.problems
    finally:
        phone.close()


def test_clicking_a_timeline_event_shows_every_citation_and_leads_to_the_sentence(watched, server):
    api = watched.context.request
    events = api.get(f"{server.url}/api/events?from=2025-03-19&to=2025-03-19").json()["events"]
    told = max(events, key=lambda e: len({m["article"] for m in e["mentions"]}))  # several reports of one event
    assert len({m["article"] for m in told["mentions"]}) > 1
    page = watched.open(server.url + "/")
    entry = page.locator("ol.entries li.entry.event", has=page.locator("summary .text", has_text=told["summary"]))
    assert entry.count() == 1
    if VENDORED.exists():
        page.wait_for_selector("#timeline-axis .vis-dot")
        axis = json.loads(page.locator("#timeline-data").text_content())
        days = [item for item in axis["items"] if not item.get("end")]
        assert len(days) > 30  # every day-dated event of the page is a dot
        assert page.locator("#timeline-axis .vis-dot").count() == len(days)
        # find the event's dot (vis-timeline puts no ids in the page), then click another and ours
        page.evaluate("id => window.newslineTimeline.setSelection([id], {focus: true})", entry.get_attribute("id"))
        dot = page.locator("#timeline-axis .vis-item.vis-selected.vis-dot").element_handle()
        page.locator("#timeline-axis .vis-item.vis-dot:not(.vis-selected)").first.click()
        assert "vis-selected" not in dot.get_attribute("class")
        dot.click()
        panel = page.locator("#timeline-selected")
        panel.wait_for()
        assert panel.locator(".selected-head .text").inner_text() == told["summary"]  # the event, under the axis
        links = panel.locator("li.citation a.source")
        assert links.count() == len(told["mentions"])  # every citing sentence, each linked to its article
        hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
        assert hrefs == {f"/articles/{m['article']}?hl={m['start']}-{m['end']}#cited" for m in told["mentions"]}
        assert page.locator("ol.entries li.selected").get_attribute("id") == entry.get_attribute("id")
        watched.shoot("timeline-selected", full_page=False)
    entry.locator("summary").click()
    cite = entry.locator("li.citation", has=page.locator("q")).first  # a sentence other than the summary
    cite.wait_for()
    sentence = cite.locator("q").inner_text()
    assert sentence in {m["sentence"] for m in told["mentions"]} and sentence != told["summary"]
    cite.locator("a.source").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}\?hl=\d+-\d+#cited$"))
    cited = page.locator("#text .cited")
    assert cited.first.is_visible()
    assert "".join(cited.all_inner_texts()).split() == sentence.split()
    titles = page.locator("#text .timex").evaluate_all("els => els.map(e => e.title)")
    assert titles and all(re.match(r"^(DATE|TIME|DURATION|SET) \S+", t) for t in titles)  # the value, on hover


def test_filtering_the_timeline_by_an_entity(watched, server):
    page = watched.open(server.url + "/")
    everything = page.locator("ol.entries li.entry").count()
    option = page.locator("select[name=entity] option", has_text="Matthias Orren")
    orren = option.get_attribute("value")
    page.select_option("select[name=entity]", value=orren)
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"entity=E[0-9a-f]+"))
    entries = page.locator("ol.entries li.entry")
    assert 0 < entries.count() < everything
    for i in range(entries.count()):  # each is an event he takes part in, named with a link to him
        assert entries.nth(i).locator(f"p.people a[href='/entities/{orren}']").count() == 1
    assert page.locator("select[name=entity]").input_value() == orren
    assert page.locator("footer a[href^='/api/']").get_attribute("href") == f"/api/timeline?entity={orren}"
    if VENDORED.exists():
        page.wait_for_selector("#timeline-axis .vis-dot")
    watched.shoot("timeline-filtered")


def test_search_from_the_header(watched, server):
    page = watched.open(server.url + "/articles")
    page.fill("header input[name=q]", "levee")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=levee"))
    marks = page.locator("ol.hits mark").all_inner_texts()
    assert marks and all(m.lower().startswith("levee") for m in marks)
    page.locator("ol.hits li a.source").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert "levee" in " ".join(page.locator("#text .cited").all_inner_texts()).lower()


def test_the_hostile_report_shows_its_markup_as_text_and_runs_nothing(watched, server, web_store):
    hostile = web_store["hostile"]
    for path in (f"/articles/{hostile}", "/?q=reader+forum", "/search?q=forum", "/articles?from=2025-03-23",
                 f"/api/articles/{hostile}"):
        page = watched.open(server.url + path)
        page.wait_for_timeout(150)  # an onerror or onload handler would have fired by now
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
    page = watched.open(f"{server.url}/articles/{hostile}")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert SCRIPT_MARKUP in page.locator("#text").inner_text()
    assert page.locator("main img, main svg, main b, main script").count() == 0
    assert "javascript:window" in page.locator("dl.facts").inner_text()  # the URL shows, as text
    timeline = watched.open(server.url + "/?q=reader+forum")
    if VENDORED.exists():
        timeline.locator("#timeline-axis .vis-dot").click()  # its one dot, in view: the axis opens on it
        assert SCRIPT_MARKUP in timeline.locator("#timeline-selected").inner_text()
    else:
        timeline.locator("ol.entries li.entry summary").first.click()
    assert SCRIPT_MARKUP in timeline.locator("ol.entries li.entry").first.inner_text()
    watched.shoot("hostile-on-timeline")
    assert watched.dialogs == []


def test_pages_with_quotes_figures_forecasts_and_discrepancies(browser, web_store, tmp_path):
    db = copy_store(web_store["db"], tmp_path / "records.db")
    ids = add_spoken_report(db, tmp_path / "reports")
    watched = Watched(browser)
    try:
        with LiveServer(db) as live:
            for name, path in (("figures", "/figures"), ("forecasts", "/forecasts"), ("quotes", "/quotes"),
                               ("article", f"/articles/{ids['article']}"), ("entity", f"/entities/{ids['barsk']}"),
                               ("discrepancies", "/discrepancies")):
                page = watched.open(live.url + path)
                assert page.locator("p.empty", has_text=f"No {name} recorded yet").count() == 0
                watched.shoot(f"records-{name}")
            page = watched.open(live.url + f"/entities/{ids['barsk']}")
            assert SPOKEN_QUOTE in page.locator("ul.quotes").inner_text()
            page = watched.open(live.url + "/figures")
            killed = page.locator("section.series").first
            assert killed.locator("h2").inner_text().startswith("people killed")
            assert killed.locator("svg.chart g.point.conflict").count() == 2
            assert killed.locator("svg.chart g.point.stale").count() == 1
            watched.shoot("records-figures-top", full_page=False)
        assert not watched.problems, watched.problems
        assert not watched.dialogs
    finally:
        watched.close()
