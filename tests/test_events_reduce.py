"""Events across articles (reduce): what joins an event, what stays apart, and the views of them.

Every text here is fiction written for these tests."""

from __future__ import annotations

import csv
import io
import random

import newsline
from newsline.export import table_csv, to_markdown, validate
from newsline.views.timeline import most_important, rank_dates, timeline_entries

from helpers import write_reports

# One story told in five reports: a resignation and its written statement, an operation that starts
# and ends, a raid announced the day after, two attacks by different sides on one day, and details
# without a date of their own.
STORY = {
    "brenn.txt": " date 2024-06-12 Harbour chief quits\n\nHarbour master Otto Brenn resigned on Wednesday after "
                 "the Velmora pier collapse.\n\nIn a written statement, Brenn said he took full responsibility "
                 "for the inspections.\n\nDock workers marched through the old town.",
    "army.txt": " date 2024-06-18 Army leaves the valley\n\nThe army ended its relief operation in the Korsa valley "
                "on Monday.\n\nThe operation began on June 3, a day after the river burst its banks.\n\nSoldiers "
                "pulled more than 900 people from flooded homes in the valley.",
    "raid.txt": " date 2024-06-06 Depot raided\n\nRebel fighters of the Korsa Liberation Front carried out a raid on "
                "the Ostrel fuel depot on Wednesday night.",
    "garrison.txt": " date 2024-06-07 Garrison speaks\n\nWednesday's raid on the Ostrel fuel depot lasted overnight "
                    "into Thursday, the garrison said.\n\nThe Ostrel garrison announced the raid on the fuel depot on "
                    "Thursday.",
    "jets.txt": " date 2024-06-11 Two attacks\n\nThe Korsa Liberation Front attacked the garrison at Ostrel on "
                "Monday. The Marevian Air Force bombed the front's camps near Ostrel on Monday.",
}


def ingest(db, folders):
    with newsline.open(db) as record:
        for folder in folders:
            record.ingest([folder])
        data = record.export()
    validate(data)
    return data


def events_by_text(data):
    return {e["id"]: (e["date"], e["date_end"], sorted((m["article"], m["start"]) for m in e["mentions"]))
            for e in data["events"]}


def event_citing(data, words: str) -> dict:
    (event,) = [e for e in data["events"] if any(words in m["sentence"] for m in e["mentions"])]
    return event


def test_statements_episodes_announcements_and_sides(tmp_path):
    data = ingest(tmp_path / "s.db", [write_reports(tmp_path / "s", STORY)])
    resigned = event_citing(data, "Brenn resigned")
    assert resigned["date"] == "2024-06-12"  # the statement the same day by the same man is part of it
    assert any("written statement" in m["sentence"] for m in resigned["mentions"])
    operation = event_citing(data, "operation began")  # one episode: begun June 3, ended Monday June 17
    assert (operation["date"], operation["date_end"]) == ("2024-06-03", "2024-06-17")
    assert any("ended its relief" in m["sentence"] for m in operation["mentions"])
    assert any("Soldiers pulled" in m["sentence"] for m in operation["mentions"])  # an undated detail of it
    raid = event_citing(data, "carried out a raid")
    assert (raid["date"], raid["date_end"]) == ("2024-06-05", "2024-06-06")  # Wednesday night into Thursday
    assert any("announced the raid" in m["sentence"] for m in raid["mentions"])  # news of it, not a new raid
    assert len({m["article"] for m in raid["mentions"]}) == 2
    monday = [e for e in data["events"] if e["date"] == "2024-06-10"]
    assert len(monday) == 2  # the Front's attack and the air force's bombing: two sides, two events


def test_the_same_events_whatever_the_order_of_arrival(tmp_path):
    names = sorted(STORY)
    results = []
    for n, order in enumerate([names[::-1], random.Random(5).sample(names, len(names))]):
        folders = [write_reports(tmp_path / f"o{n}" / f"r{k}", {name: STORY[name]}) for k, name in enumerate(order)]
        results.append(events_by_text(ingest(tmp_path / f"o{n}.db", folders)))
    together = events_by_text(ingest(tmp_path / "all.db", [write_reports(tmp_path / "all", STORY)]))
    assert results[0] == results[1] == together


def test_the_timeline_leaves_out_what_only_one_report_dates_by_itself(tmp_path):
    data = ingest(tmp_path / "t.db", [write_reports(tmp_path / "t", STORY)])
    marched = event_citing(data, "Dock workers marched")
    assert marched["confidence"] < 0.5 and marched["sources"] == 1
    shown = {e.id for e in timeline_entries(data)}
    assert marched["id"] not in shown and marched["id"] in {e.id for e in timeline_entries(data, every=True)}
    assert event_citing(data, "Brenn resigned")["id"] in shown
    dossier = to_markdown(data)
    assert "**2024-06-03 to 2024-06-17**" in dossier  # the operation's span
    assert "Reported without a date of their own" in dossier and "Dock workers marched" in dossier
    # an event dated only by its report says so: it happened by that day, not necessarily on it
    assert "- **by 2024-06-12** (its report's date): Dock workers marched" in dossier
    assert "- **2024-06-12**: Harbour master Otto Brenn resigned" in dossier
    (entry,) = [e for e in timeline_entries(data, every=True) if e.id == marched["id"]]
    assert entry.by_report and not [e for e in timeline_entries(data) if e.id == event_citing(data, "Brenn resigned")["id"]][0].by_report


def test_events_csv_has_one_row_per_event_and_event_mentions_csv_one_per_sentence(tmp_path):
    data = ingest(tmp_path / "c.db", [write_reports(tmp_path / "c", STORY)])
    events = list(csv.DictReader(io.StringIO(table_csv(data, "events"))))
    mentions = list(csv.DictReader(io.StringIO(table_csv(data, "event_mentions"))))
    assert [r["id"] for r in events] == [e["id"] for e in data["events"]]
    assert len(mentions) == sum(len(e["mentions"]) for e in data["events"])
    assert {r["event"] for r in mentions} == {r["id"] for r in events}
    brenn = next(r for r in events if "Brenn resigned" in r["summary"])
    assert "Otto Brenn" in brenn["participants"] and int(brenn["mentions"]) >= 2


def day(date: str, importance: float, articles: list[str], events: int = 1) -> list[dict]:
    return [{"id": f"ev{date}{n}", "date": date, "date_end": None, "importance": importance, "confidence": 0.9,
             "sources": len(articles), "entities": [], "summary": f"{date} {n}",
             "mentions": [{"article": a, "sentence": f"{date} {n} {a}", "start": 0, "end": 1} for a in articles]}
            for n in range(events)]


def test_the_most_important_dates_are_those_most_sources_tell_of():
    articles = [{"id": a, "outlet": None, "near_duplicate_of": None} for a in "abcdefg"]
    events = day("2024-01-01", 9.0, ["a"]) + day("2024-01-02", 1.0, ["b", "c"]) + day("2024-01-03", 2.0, ["d"])
    timexes = [{"article": a, "type": "DATE", "value": "2024-01-03", "text": "January 3", "sentence": "",
                "start": 0, "end": 1} for a in "efg"]  # three later reports come back to January 3
    data = {"articles": articles, "events": events, "timexes": timexes, "entities": []}
    assert list(rank_dates(data, 2)) == ["2024-01-03", "2024-01-02"]
    assert list(rank_dates(data, 3, first="2024-01-02")) == ["2024-01-03", "2024-01-02"]
    top = most_important(timeline_entries(data, every=True), 1)
    assert [e.date for e in top] == ["2024-01-03"]  # timeline --limit ranks dates the same way
