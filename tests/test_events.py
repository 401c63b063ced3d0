"""Events: triggers and their dates per article (map), merged across articles (reduce), exported.

Every text here is fiction written for these tests."""

from __future__ import annotations

import json
import random

import pytest

import newsline
from newsline.export import validate
from newsline.ingest import read_paths
from newsline.nlp import pipeline
from newsline.records import RawArticle

from helpers import write_reports


def mentions_of(text: str, date: str | None = "2024-05-10"):
    raw = RawArticle(source="t.txt", text=text, stated_date=date)
    analysis = next(pipeline.analyse([pipeline.prepare(raw)]))
    return analysis.event_mentions


def by_trigger(mentions):
    return {m.trigger: m for m in mentions}


def test_an_event_takes_the_date_of_its_own_time_expression():
    ms = by_trigger(mentions_of("Rebels attacked the northern garrison of Korsa on Wednesday night. "
                                "The council met in emergency session on Thursday."))
    assert ms["attacked"].date == "2024-05-08" and ms["attacked"].precision == "day"
    assert ms["attacked"].confidence >= 0.8 and ms["attacked"].anchor == "Wednesday night"
    assert ms["met"].date == "2024-05-09"


def test_background_paragraph_is_dated_to_its_own_time_not_the_article():
    ms = mentions_of("The port of Velmora has been busy all week.\n\n"
                     "In 2014, a fire destroyed the old harbour warehouses. A truce between the two unions "
                     "ended the dispute in August of that year.")
    dated = {m.trigger: (m.date, m.precision) for m in ms}
    assert dated["destroyed"] == ("2014", "year")
    assert ("2014-08", "month") in dated.values()


def test_hedged_future_conditional_negated_and_opinion_statements_are_not_events():
    text = ("The army will probably attack Korsa on Friday. Officials said the bridge could reopen next week. "
            "If the talks fail, the union would strike on Monday. The mayor did not resign on Tuesday. "
            "Analysts believe the garrison surrendered. The militia is expected to withdraw on Sunday.")
    assert mentions_of(text) == []


def test_a_televised_address_is_an_event_a_bare_said_is_not():
    ms = mentions_of("President Ilse Marrow said in a televised address on Tuesday that the curfew stands. "
                     "A spokesman said the roads were quiet.")
    assert [m.trigger for m in ms] == ["address"]
    assert ms[0].date == "2024-05-07" and "speech" in ms[0].classes


def test_a_span_and_what_followed_its_end():
    ms = by_trigger(mentions_of("Marevia occupied the islands from 1961 to 1999, after which it withdrew."))
    assert ms["occupied"].date == "1961" and ms["occupied"].date_end == "1999"
    assert ms["withdrew"].date == "1999"


def test_a_sentence_with_two_dates_gives_two_mentions_citing_it():
    ms = mentions_of("The governor declared a state of emergency in a televised address yesterday evening "
                     "and toured the flooded district this morning.")
    assert sorted(m.date for m in ms) == ["2024-05-09", "2024-05-10"]
    assert len({(m.start, m.end) for m in ms}) == 1  # both cite the one sentence


def test_an_undated_sentence_falls_back_to_the_article_date_with_low_confidence():
    (m,) = mentions_of("Engineers repaired the broken levee near Pellan.")
    assert m.date == "2024-05-10" and m.anchor == "article" and m.confidence < 0.5



def test_what_someone_said_wanted_or_counted_is_not_an_event():
    text = ("Committee members said on Monday that they wanted to see the survey. "  # a plain statement
            "The confirmed death toll stood at 21 on Wednesday morning. "  # a figure: the claims stage's
            "At least six people were killed on Tuesday, officials said. "  # a count of casualties
            "Workers at the Velmora Flood Authority said the river was high. "  # a noun inside a name
            "Households whose homes were flooded will get help. "  # a description
            "Water was being released through the gates, the agency said.")  # something going on
    assert mentions_of(text) == []


def test_a_verb_phrase_names_the_event_not_the_reporting_verb():
    (m,) = mentions_of("The cargo ship Ostrava ran aground off Velmora on Tuesday, the coastguard said.")
    assert m.trigger == "run aground" and m.date == "2024-05-07"


def test_a_date_naming_a_thing_or_another_clause_dates_no_event():
    ms = mentions_of("The governor declared an emergency on Thursday evening under the 2009 Water Act. "
                     "Ines Vora took charge of the agency on Thursday, a day after Otto Brenn resigned.")
    assert {m.date for m in ms} == {"2024-05-09"}  # not 2009, and Brenn did not resign on Thursday
    assert "take charge" in {m.trigger for m in ms} and "resigned" not in {m.trigger for m in ms}


def test_a_clause_setting_the_scene_the_night_before_starts_one_episode():
    (m,) = mentions_of("Crews rescued the last miners on Friday morning after the shaft flooded on Thursday night.")
    assert (m.date, m.date_end) == ("2024-05-09", "2024-05-10")


def test_the_main_clause_names_an_episode_whose_time_hangs_on_its_circumstance():
    # the parser hangs "overnight" on "began": the episode is still the rescue, reported on Sunday
    (m,) = mentions_of("Volunteers rescued the stranded hikers overnight after part of the trail began to slide "
                       "into the gorge, the mountain service said on Sunday.", "2024-05-12")
    assert (m.trigger, m.lemma) == ("rescued", "rescue")
    assert (m.date, m.date_end, m.anchor) == ("2024-05-11", "2024-05-12", "overnight")


def test_the_time_of_a_saying_does_not_date_what_happened_as_its_own():
    # "said on Monday" dates the agency's statement; the snowfall has only the sentence's date
    (m,) = mentions_of("Heavy snow fell on the Arlen pass, and the road agency said on Monday that the tunnel "
                       "was closed.", "2024-05-13")
    assert (m.trigger, m.date) == ("fell", "2024-05-13")
    assert m.confidence == 0.6


def test_a_raid_that_lasted_into_the_next_day_ends_then():
    ms = mentions_of("Wednesday's raid on the depot lasted overnight into Thursday, the garrison said.")
    assert [(m.date, m.date_end) for m in ms] == [("2024-05-08", "2024-05-09")]

STORY = {
    "a1.txt": " date 2024-05-09 Rebels attack Korsa garrison\n\nRebels attacked the northern garrison of Korsa on "
              "Wednesday night, killing four soldiers, the Defence Ministry said. The attack began shortly after "
              "midnight.\n\nIn 2019, a similar raid on the garrison left twelve dead.",
    "a2.txt": " date 2024-05-09 Garrison attacked\n\nGunmen attacked the Korsa garrison on Wednesday night, the "
              "Defence Ministry said on Thursday. Four soldiers were killed in the assault.\n\nPresident Ilse Marrow "
              "said in a televised address on Thursday that the army would respond.",
    "a3.txt": " date 2024-05-10 Marrow vows response\n\nPresident Ilse Marrow, in a televised address on Thursday "
              "evening, condemned the attack on the Korsa garrison. The army sealed the roads around Korsa on Friday "
              "morning.",
    "a4.txt": " date 2024-05-13 Korsa reopens\n\nThe roads around Korsa reopened on Monday, four days after the army "
              "sealed them. The Wednesday night attack on the garrison killed four soldiers.",
    "a5.txt": " date 2024-05-14 Inquiry opens\n\nThe Defence Ministry opened an inquiry into the Korsa attack on "
              "Tuesday. Parliament approved an emergency budget for the garrison on Monday.",
}


def events_of(db, folders):
    with newsline.open(db) as record:
        for folder in folders:
            record.ingest([folder])
        data = record.export()
    validate(data)
    return data, {e["id"]: (e["date"], e["summary"], sorted((m["article"], m["start"], m.get("trigger"))
                                                         for m in e["mentions"])) for e in data["events"]}


def test_shuffled_and_incremental_ingests_give_the_same_events(tmp_path):
    names = sorted(STORY)
    orders = [names, names[::-1], random.Random(3).sample(names, len(names))]
    results = []
    for n, order in enumerate(orders):
        folders = []
        for k, name in enumerate(order):  # one article per ingest run: each run adds to the store
            folders.append(write_reports(tmp_path / f"o{n}" / f"r{k}", {name: STORY[name]}))
        results.append(events_of(tmp_path / f"o{n}.db", folders)[1])
    together = events_of(tmp_path / "all.db", [write_reports(tmp_path / "all", STORY)])[1]
    assert results[0] == results[1] == results[2] == together
    assert len(together) >= 5


def test_reports_of_one_event_merge_across_articles(tmp_path):
    data, _ = events_of(tmp_path / "s.db", [write_reports(tmp_path / "s", STORY)])
    attack = [e for e in data["events"] if e["date"] == "2024-05-08"]
    assert len(attack) == 1, [e["summary"] for e in attack]
    assert len({m["article"] for m in attack[0]["mentions"]}) >= 3
    assert attack[0]["sources"] >= 3
    assert any(e["date"] == "2019" for e in data["events"])  # background, on its own date
    address = [e for e in data["events"] if e["date"] == "2024-05-09" and "address" in e["summary"]]
    assert len(address) == 1 and len({m["article"] for m in address[0]["mentions"]}) == 2
    for e in data["events"]:  # extractive: every summary is one of its own sentences
        assert e["summary"] in {m["sentence"] for m in e["mentions"]}


def test_two_hundred_wire_copies_are_one_event_one_source_two_hundred_citations(tmp_path):
    wire = ("Dock workers at the port of Velmora walked out on Monday, halting the loading of grain ships, "
            "the Velmora Port Authority said. About 300 ships waited offshore as the strike spread to the "
            "container terminal and the union promised further action.")
    lines = [json.dumps({"text": f"{wire} ({n} reporting)", "date": "2024-03-05", "source": f"Outlet {n}",
                         "url": f"https://outlet{n}.example/velmora"}) for n in range(200)]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with newsline.open(tmp_path / "w.db") as record:
        report = record.ingest([tmp_path / "wire.jsonl"])
        assert report.stored == 200
        data = record.export()
    walkout = [e for e in data["events"] if e["date"] == "2024-03-04"]
    assert len(walkout) == 1
    assert len({m["article"] for m in walkout[0]["mentions"]}) == 200
    assert walkout[0]["sources"] == 1
    marked = [a for a in data["articles"] if a["near_duplicate_of"]]
    assert len(marked) == 199 and len({a["near_duplicate_of"] for a in marked}) == 1


def test_wire_copies_arriving_over_several_runs_make_the_group_one_run_would(tmp_path):
    """A copy arriving later joins the group stored before; the earliest copy leads it, whenever it came."""
    wire = ("Ferry crews on the Orlen crossing stopped work at dawn on Tuesday over unpaid overtime, the "
            "crossing's operator said, and some 40 lorries were left queuing at the Halm terminal while "
            "talks with the union went on into the evening.")
    copies = [{"text": f"{wire} ({n} desk)", "date": f"2024-06-{12 - n:02d}", "source": f"Outlet {n}"} for n in range(5)]
    other = {"text": "A separate story about the weather at the Halm coast, with rain and a cold wind.",
             "date": "2024-06-10", "source": "Outlet 9"}

    def ingest(db, runs):
        with newsline.open(db) as record:
            for n, run in enumerate(runs):
                path = tmp_path / f"{db.stem}-{n}.jsonl"
                path.write_text("\n".join(json.dumps(c) for c in run) + "\n", encoding="utf-8")
                record.ingest([path])
            data = record.export()
            ids = {a["id"]: a["outlet"] for a in data["articles"]}
            return {a["outlet"]: ids.get(a["near_duplicate_of"]) for a in data["articles"]}

    at_once = ingest(tmp_path / "once.db", [copies + [other]])
    in_runs = ingest(tmp_path / "runs.db", [[copies[0], copies[1]], [other, copies[2]], [copies[4]], [copies[3]]])
    assert in_runs == at_once
    leader = [s for s, dup in at_once.items() if dup is None and s != "Outlet 9"]
    assert leader == ["Outlet 4"]  # the earliest copy (10 June), though it came in the third run
    assert at_once["Outlet 9"] is None and sum(dup is not None for dup in at_once.values()) == 4


def test_a_late_copy_that_meets_only_one_stored_copy_joins_its_whole_group(tmp_path):
    """A ~ B and B ~ C but not A ~ C (word 5-grams): C, arriving later but dated earlier, meets only B, the
    group's first; C leads the group now, A (stored as B's copy) included."""
    part = {name: " ".join(f"{name}{i} crews worked" for i in range(40)) + "." for name in ("harbour", "levee", "ferry")}
    texts = {"A": part["harbour"] + " " + part["levee"], "B": " ".join(part.values()),
             "C": part["levee"] + " " + part["ferry"]}
    dates = {"A": "2024-06-03", "B": "2024-06-02", "C": "2024-06-01"}
    with newsline.open(tmp_path / "c.db") as record:
        for run in (["A", "B"], ["C"]):
            path = tmp_path / f"{''.join(run)}.jsonl"
            path.write_text("\n".join(json.dumps({"text": texts[n], "date": dates[n], "source": n}) for n in run) + "\n",
                            encoding="utf-8")
            record.ingest([path])
        data = record.export()
    outlet = {a["id"]: a["outlet"] for a in data["articles"]}
    assert {outlet[a["id"]]: outlet.get(a["near_duplicate_of"]) for a in data["articles"]} == {"A": "C", "B": "C", "C": None}


def test_an_article_with_500_dates_and_one_with_none(tmp_path):
    days = " ".join(f"Officials inspected the dam on {d} March 2023." for d in range(1, 32)) * 16
    reports = {"many.txt": " date 2024-01-10 Inspections\n\n" + days,
               "none.txt": "Nothing about any time at all is said here, only that the river is wide."}
    with newsline.open(tmp_path / "b.db") as record:
        report = record.ingest([write_reports(tmp_path / "b", reports)])
        assert report.stored == 2 and not report.rejected
        data = record.export()
    validate(data)
    inspected = {e["date"] for e in data["events"]}
    assert {f"2023-03-{d:02d}" for d in range(1, 32)} <= inspected
    assert all(e["date"].startswith("2023-03") for e in data["events"])


def test_timeline_cli_events_command_and_exports(tmp_path):
    from typer.testing import CliRunner

    from newsline.cli import app

    db = str(tmp_path / "c.db")
    folder = write_reports(tmp_path / "c", STORY)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    timeline = json.loads(runner.invoke(app, ["timeline", "--db", db, "--json"]).stdout)
    assert timeline and all(e["kind"] == "event" for e in timeline)
    top = json.loads(runner.invoke(app, ["timeline", "--db", db, "--json", "--limit", "2"]).stdout)
    assert len(top) == 2 and "2024-05-08" in {e["date"] for e in top}
    marrow = json.loads(runner.invoke(app, ["timeline", "--db", db, "--json", "--entity", "Ilse Marrow"]).stdout)
    assert marrow and all("Ilse Marrow" in e["entities"] for e in marrow)
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--json", "--from", "2024-05-08",
                                            "--to", "2024-05-08"]).stdout)
    assert len(events) == 1 and len(events[0]["mentions"]) >= 3
    shown = runner.invoke(app, ["events", "--db", db])
    assert shown.exit_code == 0 and "Wednesday night" in shown.stdout
    tl = json.loads(runner.invoke(app, ["export", "--db", db, "-f", "timelinejs"]).stdout)
    check_timelinejs(tl)
    ics = tmp_path / "e.ics"
    assert runner.invoke(app, ["export", "--db", db, "-f", "ics", "-o", str(ics)]).exit_code == 0
    from icalendar import Calendar

    items = [c for c in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert len(items) == len(events_of_store(db))
    assert any(str(c.get("dtstart").dt) == "2024-05-08" for c in items)


def events_of_store(db):
    with newsline.open(db) as record:
        return record.export()["events"]


def check_timelinejs(data: dict) -> None:
    """TimelineJS 3's JSON format (timeline.knightlab.com/docs/json-format): an object with an
    `events` list of slides (optional `title` slide, `eras`, `scale` human|cosmological); a slide
    needs `start_date` (except the title), may have `end_date`, `text` {headline, text}, `media`,
    `group`, `display_date`, `background`, `autolink`, `unique_id` (unique); a date object needs
    an integer `year` and may have month 1-12, day 1-31, hour, minute, second, millisecond,
    display_date, format."""
    slide_keys = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink",
                  "unique_id"}
    date_keys = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}
    assert set(data) <= {"events", "title", "eras", "scale"} and isinstance(data["events"], list)
    assert data["events"]
    ids = [s["unique_id"] for s in data["events"] if "unique_id" in s]
    assert len(ids) == len(set(ids))

    def check_date(d):
        assert set(d) <= date_keys and isinstance(int(d["year"]), int)
        if "month" in d:
            assert 1 <= int(d["month"]) <= 12
        if "day" in d:
            assert "month" in d and 1 <= int(d["day"]) <= 31

    for slide in data["events"]:
        assert set(slide) <= slide_keys
        check_date(slide["start_date"])
        if "end_date" in slide:
            check_date(slide["end_date"])
            start, end = slide["start_date"], slide["end_date"]
            assert (end["year"], end.get("month", 1), end.get("day", 1)) >= (start["year"], start.get("month", 1),
                                                                            start.get("day", 1))
        assert set(slide.get("text", {})) <= {"headline", "text"}
    if "title" in data:
        assert set(data["title"]) <= slide_keys


def test_sample_corpus_events_against_gold(tmp_path):
    from newsline.api import sample_corpus_path, sample_gold_path
    from newsline.eval.gold import load_gold, score_export

    with newsline.open(tmp_path / "sample.db") as record:
        record.ingest([sample_corpus_path()])
        data = record.export()
        texts = {r[0]: r[1] for r in record.store.query("SELECT id, text FROM articles")}
    scores = score_export(load_gold(sample_gold_path()), data, texts)["events"]
    assert scores["recall"] >= 0.9
    assert scores["merge_precision"] >= 0.6  # target 0.9: not met yet (see bench/README.md)
    npa = [a for a in data["articles"] if a["source"].endswith("2025-03-17-lawmakers-back-fund.html")]
    assert npa and npa[0]["near_duplicate_of"]  # the wire story run by the Courier


def test_seeds_events_appear_once_on_their_dates(seeds_store):
    _db, _report, data = seeds_store
    dates = [e["date"] for e in data["events"]]
    for date in ("2023-10-07", "2023-10-22", "2023-10-25", "2023-10-26", "2014", "2014-08", "2005"):
        assert date in dates, date

    def one(date: str, word: str) -> None:
        hits = [e for e in data["events"] if e["date"] == date and any(word in m["sentence"] for m in e["mentions"])]
        assert len(hits) == 1, (date, word, [e["summary"] for e in hits])

    one("2023-10-22", "October 22")
    one("2014-08", "ceasefire")
    one("2005", "withdrew")
    one("2023-10-26", "briefing")
    one("2023-10-25", "address")
    one("2023-10-07", "offensive")
    raid = [e for e in data["events"] if e["date"] == "2023-10-25" and e["date_end"] == "2023-10-26"]
    assert len(raid) == 1  # Wednesday night into Thursday, with the IDF's announcement of it the next day
    assert any("announced" in m["sentence"] for m in raid[0]["mentions"])
    assert len([e for e in data["events"] if any("second phase" in m["sentence"] for m in e["mentions"])]) == 1
    assert "2023-10" not in dates  # "the war began earlier this month" is the October 7 attack


def test_the_end_of_an_operation_years_later_is_another_episode(tmp_path):
    """A start and an end of "a relief operation" by the same army join into one span when weeks
    apart, not when three years apart (EPISODE_DAYS)."""
    reports = {
        "a.txt": " date 2023-03-20\nRelief effort\n\nThe Norvish army began its relief operation in the Varn valley "
                 "on March 13, the defence ministry said.",
        "b.txt": " date 2023-04-04\nRelief effort over\n\nThe Norvish army ended its relief operation in the Varn "
                 "valley on Monday, the defence ministry said.",
        "c.txt": " date 2026-05-05\nValley relief\n\nSoldiers of the Norvish army ended a relief operation on Monday "
                 "after three weeks of work in the Varn valley, officers told reporters.",
    }
    data, _ = events_of(tmp_path / "e.db", [write_reports(tmp_path / "r", reports)])
    source = {a["id"]: a["source"].rsplit("/", 1)[-1] for a in data["articles"]}
    spans = {(e["date"], e.get("date_end")): sorted(source[m["article"]] for m in e["mentions"]) for e in data["events"]}
    assert spans[("2023-03-13", "2023-04-03")] == ["a.txt", "b.txt"]
    assert spans[("2026-05-04", None)] == ["c.txt"]
