"""Forecasts: cues, probability, holder and deadline per article (map); resolution, calibration and
misdated reports across articles (reduce); the command and the exports.

Every text here is fiction written for these tests."""

from __future__ import annotations

import json
import time

import pytest

import newsline
from newsline.export import validate
from newsline.nlp import pipeline
from newsline.nlp.forecasts.probability import HedgeReader, load_rules, load_table, read_hedge
from newsline.records import RawArticle

from helpers import run_cli, write_reports


def forecasts_of(text: str, date: str | None = "2024-06-03", outlet: str | None = "Ostrel Gazette"):
    raw = RawArticle(source="t.txt", text=text, stated_date=date, outlet=outlet)
    return next(pipeline.analyse([pipeline.prepare(raw)])).forecasts


def one(forecasts, needle: str):
    found = [f for f in forecasts if needle in f.text]
    assert len(found) == 1, [f.text for f in forecasts]
    return found[0]


# -- reading hedges ---------------------------------------------------------------------------
def test_table_phrases_read_as_the_survey_medians_and_the_rule_reads_the_rest():
    assert read_hedge("highly unlikely").probability == 0.05 and read_hedge("highly unlikely").how == "table"
    assert read_hedge("probably").probability == 0.75
    not_likely, unlikely, likely = (read_hedge(p).probability for p in ("not likely", "unlikely", "likely"))
    assert not_likely < 0.35 and abs(not_likely - unlikely) < 0.05  # "not likely" reads as "unlikely"
    litotes = read_hedge("not unlikely").probability
    assert unlikely < 0.5 < litotes < likely  # the double negative is weaker than the plain word
    assert read_hedge("very very likely").probability > read_hedge("very likely").probability > likely
    assert read_hedge("extremely improbable").probability < read_hedge("improbable").probability
    assert read_hedge("little likelihood").probability < 0.2
    assert 0.55 < read_hedge("a real possibility").probability < 0.8
    assert 0.4 <= read_hedge("not certain").probability <= 0.6  # a denial of certainty, not "certainly not"
    assert read_hedge("will").how.startswith("default")
    assert read_hedge("banana") is None


def test_the_rule_predicts_a_phrase_left_out_of_the_table():
    table, rules = load_table(), load_rules()
    for phrase in ("highly likely", "unlikely", "almost certainly", "probably not", "chances are slight"):
        left_out = HedgeReader(table, rules, without=frozenset([phrase]))
        assert phrase not in left_out.table
        reading = left_out.read(phrase)
        assert reading is not None and reading.how.startswith("rule")
        assert abs(reading.probability - table[phrase]) <= 0.1, (phrase, reading)


# -- finding forecasts ---------------------------------------------------------------------------
STORY_TEXT = (
    "Harbour board set to approve dredging plan\n\n"
    "The Ostrel harbour board will vote on Thursday on a plan to dredge the main channel, its chairman, "
    "Tomas Vierling, said on Monday. \"The plan will almost certainly pass,\" Vierling said. \"We have the votes.\"\n\n"
    "Engineers said the old sea wall would hold through the storm season. The ferry service is expected to "
    "resume by Friday. It is highly unlikely that the fish market will reopen before July, the market's "
    "manager, Ada Lindqvist, told the Gazette. A new crane is due to arrive by June 8."
)


def test_cues_of_each_kind_with_their_probability_holder_and_deadline():
    found = forecasts_of(STORY_TEXT)
    vote = one(found, "will vote on Thursday")
    assert vote.cue == "will" and vote.probability == 0.9 and vote.horizon == "2024-06-06"
    assert vote.holder == "Tomas Vierling" and vote.stated_on == "2024-06-03"
    sure = one(found, "almost certainly pass")
    assert sure.cue == "almost certainly" and sure.probability == 0.95 and sure.holder == "Tomas Vierling"
    wall = one(found, "would hold")
    assert wall.trigger == "hold" and wall.holder == "Engineers"
    ferry = one(found, "ferry service")
    assert ferry.kind == "judgement" and ferry.probability == 0.7 and ferry.horizon == "2024-06-07"
    assert ferry.holder == "Ostrel Gazette"  # nobody else holds it: the outlet
    market = one(found, "fish market")
    assert market.cue == "highly unlikely" and market.probability == 0.05 and market.stance == "against"
    assert market.horizon == "2024-06-30" and market.holder == "Ada Lindqvist"  # "before July"
    assert one(found, "crane").horizon == "2024-06-08"
    headline = one(found, "set to approve")
    assert headline.probability == 0.9 and headline.trigger == "approve"


def test_what_is_not_a_forecast():
    found = forecasts_of(
        "If the pumps had failed, the town would have flooded. Will the ferry ever run again? "
        "\"If we got the sums wrong, the audit will show it,\" the treasurer said. The mayor said she would "
        "rather wait. Nobody could say whether the bridge would reopen. The council said it would open a "
        "shelter on Tuesday. The shelter opened on Tuesday, and 40 families spent the night there.",
        date="2024-06-05")
    assert found == [], [f.text for f in found]


def test_negation_polarity_stance_and_nested_hedges():
    found = forecasts_of("The minister said the report would probably not be ready before the autumn. "
                         "It is not unlikely that the strike may spread to the rail depots. "
                         "Officials said there was little chance of the road reopening this week.")
    report = one(found, "not be ready")
    assert report.polarity == "negative" and report.probability == 0.75 and report.stance == "for"
    strike = one(found, "strike may spread")
    assert strike.cue == "not unlikely" and 0.5 < strike.probability < 0.7  # the outer judgement, not "may"
    road = one(found, "little chance")
    assert road.stance == "against" and road.probability < 0.2 and road.horizon == "2024-06-09"


def test_intent_is_a_forecast_of_the_holders_act_and_a_quote_keeps_its_speaker():
    found = forecasts_of("The union said it would end the strike on Monday. \"We are going street by street,\" "
                         "the mayor, Greta Hollis, said. \"Nobody will be left without a bed.\"")
    union = one(found, "end the strike")
    assert union.holder == "The union" and union.horizon == "2024-06-03"
    assert one(found, "Nobody will be left").holder == "Greta Hollis"


def test_bad_input_a_thousand_wills_and_a_deadline_already_past():
    started = time.perf_counter()
    found = forecasts_of(" ".join(["will"] * 1000) + ".")
    assert time.perf_counter() - started < 30 and len(found) <= 1
    past = forecasts_of("Officials said the bridge would reopen by May 1.", date="2024-06-03")
    assert len(past) == 1 and past[0].horizon == "2024-05-01" and past[0].stated_on == "2024-06-03"


# -- across articles ----------------------------------------------------------------------------
STORY = {
    "s1.txt": " date 2024-06-03\n" + STORY_TEXT,
    "s2.txt": " date 2024-06-07\nBoard backs dredging\n\nThe Ostrel harbour board approved the dredging plan on "
              "Thursday by seven votes to two, Tomas Vierling said.",
    "s3.txt": " date 2024-06-11\nFerry back, sea wall breached\n\nThe ferry service resumed on Monday. It came back "
              "three days later than the port had promised. Part of the old sea wall collapsed on Sunday night "
              "during a storm, flooding the quay.",
    "s4.txt": " date 2024-06-20\nDredging vote ahead\n\nThe Ostrel harbour board will vote on Thursday on the plan "
              "to dredge the main channel. Tomas Vierling said he expected it to pass.",
}


def resolved(db, folders):
    with newsline.open(db) as record:
        for folder in folders:
            record.ingest([folder])
        data = record.export()
        view = record.forecasts()
    validate(data)
    by_text = {(f["text"][:40], f["article"]): (f["status"], f["expired"], [e["article"] for e in f["evidence"]])
               for f in data["forecasts"]}
    flags = {a["source"].rsplit("/", 1)[-1]: [f for f in a["flags"] if f["kind"] == "content_predates_stated_date"]
             for a in data["articles"]}
    return data, by_text, flags, view


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("story")
    return resolved(tmp / "s.db", [write_reports(tmp / "all", STORY)])


def status_of(data, needle: str, source: str = "s1.txt"):
    article = next(a["id"] for a in data["articles"] if a["source"].endswith(source))
    found = [f for f in data["forecasts"] if needle in f["text"] and f["article"] == article]
    assert len(found) == 1, [f["text"] for f in data["forecasts"] if f["article"] == article]
    return found[0]


def test_later_reports_settle_forecasts_with_evidence(story):
    data, *_ = story
    ids = {a["source"].rsplit("/", 1)[-1]: a["id"] for a in data["articles"]}
    vote = status_of(data, "will vote on Thursday")
    assert vote["status"] == "confirmed" and ids["s2.txt"] in [e["article"] for e in vote["evidence"]]
    assert status_of(data, "almost certainly pass")["status"] == "confirmed"
    wall = status_of(data, "would hold")
    assert wall["status"] == "refuted" and wall["evidence"][0]["article"] == ids["s3.txt"]
    assert "collapsed" in wall["evidence"][0]["sentence"] and wall["outcome_happened"] == 0.0
    ferry = status_of(data, "ferry service")
    assert ferry["status"] == "mixed" and "after the deadline" in ferry["note"]  # resumed Monday, due by Friday
    crane = status_of(data, "crane")
    assert crane["status"] == "open" and crane["expired"] and "2024-06-08" in crane["note"]
    market = status_of(data, "fish market")
    assert market["status"] == "open" and not market["expired"]  # its deadline (June 30) is after the last report


def test_misdated_report_is_flagged_with_both_sides_and_its_stated_date_kept(story):
    data, _, flags, _ = story
    assert [k for k, v in flags.items() if v] == ["s4.txt"]
    flag = flags["s4.txt"][0]
    s4 = next(a for a in data["articles"] if a["source"].endswith("s4.txt"))
    assert s4["stated_date"] == s4["date"] == "2024-06-20"
    assert flag["content_window"][1] < "2024-06-06" and flag["content_window"][0] <= flag["content_window"][1]
    pending = [e for e in flag["evidence"] if e["kind"] == "pending_but_done"]
    s2 = next(a["id"] for a in data["articles"] if a["source"].endswith("s2.txt"))
    assert pending and pending[0]["against"]["article"] == s2 and "approved" in pending[0]["against"]["sentence"]
    assert "will vote" in pending[0]["sentence"]
    # its own forecast counts from when its content fits: the vote it expects came after that
    assert status_of(data, "will vote on Thursday", "s4.txt")["status"] == "confirmed"


def test_calibration_per_holder(story):
    *_, view = story
    vierling = next(c for c in view["calibration"] if c["holder"] == "Tomas Vierling")
    assert vierling["resolved"] >= 2 and vierling["brier"] is not None and vierling["brier"] < 0.05
    engineers = next(c for c in view["calibration"] if c["holder"] == "Engineers")
    assert engineers["refuted"] == 1 and engineers["brier"] > 0.5


def test_order_and_increments_do_not_change_the_result(story, tmp_path):
    _, together, flags, _ = story
    names = sorted(STORY)
    for n, order in enumerate([names[::-1], [names[3], names[0], names[2], names[1]]]):
        folders = [write_reports(tmp_path / f"o{n}" / f"r{k}", {name: STORY[name]}) for k, name in enumerate(order)]
        _, by_text, other_flags, _ = resolved(tmp_path / f"o{n}.db", folders)
        assert by_text == together
        assert {k: bool(v) for k, v in other_flags.items()} == {k: bool(v) for k, v in flags.items()}


def test_forecasts_command_and_exports(story, tmp_path):
    db = tmp_path / "c.db"
    folder = write_reports(tmp_path / "c", STORY)
    assert run_cli("ingest", folder, "--db", db).exit_code == 0
    result = run_cli("forecasts", "--db", db, "--json")
    assert result.exit_code == 0
    view = json.loads(result.stdout)
    assert view["forecasts"] and view["calibration"]
    refuted = json.loads(run_cli("forecasts", "--db", db, "--json", "--status", "refuted").stdout)["forecasts"]
    assert refuted and all(f["status"] == "refuted" for f in refuted)
    held = json.loads(run_cli("forecasts", "--db", db, "--json", "--holder", "vierling").stdout)["forecasts"]
    assert held and all("Vierling" in f["holder"] for f in held)
    expired = json.loads(run_cli("forecasts", "--db", db, "--json", "--status", "expired").stdout)["forecasts"]
    assert expired and all(f["expired"] for f in expired)
    bad = run_cli("forecasts", "--db", db, "--status", "maybe")
    assert bad.exit_code == 2 and "unknown status" in bad.stderr
    shown = run_cli("forecasts", "--db", db)
    assert shown.exit_code == 0 and "refuted" in shown.stdout and "Brier" in shown.stdout
    csv_dir = tmp_path / "csv"
    assert run_cli("export", "--db", db, "--format", "csv", "-o", csv_dir).exit_code == 0
    assert "almost certainly" in (csv_dir / "forecasts.csv").read_text("utf-8")
    md = run_cli("export", "--db", db, "--format", "md").stdout
    assert "## Forecasts" in md and "**refuted**" in md and "| holder | settled | Brier |" in md


def test_a_report_of_the_same_act_by_someone_else_does_not_settle_it(tmp_path):
    reports = {"a.txt": " date 2024-06-03\nTeams on the way\n\nNorvish rescue teams will arrive in Ostrel on Wednesday, "
                        "the interior ministry said.",
               "b.txt": " date 2024-06-06\nFirst teams land\n\nA Caldan rescue team with dogs arrived in Ostrel on "
                        "Wednesday, the ministry said."}
    with newsline.open(tmp_path / "t.db") as record:
        record.ingest([write_reports(tmp_path / "r", reports)])
        data = record.export()
    (teams,) = [f for f in data["forecasts"] if "will arrive" in f["text"]]
    assert teams["status"] == "open" and teams["expired"]  # Caldan teams are not the Norvish ones


def test_a_deadline_already_past_when_stated_is_noted_not_hidden(tmp_path):
    reports = {"p.txt": " date 2024-06-03\nBridge\n\nOfficials said the Ostrel bridge would reopen by May 1."}
    with newsline.open(tmp_path / "p.db") as record:
        record.ingest([write_reports(tmp_path / "r", reports)])
        (f,) = record.export()["forecasts"]
    assert f["horizon"] == "2024-05-01" and f["status"] == "open" and f["expired"]
    assert "already past when it was stated" in f["note"]


def test_the_speaker_of_a_quote_holds_the_forecast_by_name():
    """The quotes stage runs first; the forecast's holder is its quote's speaker as best named in the
    article ("he" is Piet Arnold)."""
    text = 'Piet Arnold runs the ferry to Kessel.\n\n"The harbour will reopen next week," he said on the quay.'
    (f,) = forecasts_of(text)
    assert f.holder == "Piet Arnold"


def test_a_post_stands_for_the_person_the_article_names_for_it(tmp_path):
    """"The port authority's chief said ... he had no plans to resign" (named in the next sentence, not
    the deputy named before) and a headline's "port chief" (named in the lede, beside the critic who
    says so): a later report names the man, not his post, and settles both."""
    reports = {
        "a.txt": " date 2024-06-03\nPort counts storm damage\n\nThe port's deputy director, Vera Lindqvist, told "
                 "reporters that repairs to the quay had begun. She said the work would take a month.\n\nThe port "
                 "authority's chief said in a brief statement that he had no plans to resign. Anton Mirel has not "
                 "been seen at the harbour since the storm.",
        "b.txt": " date 2024-06-04\nCritic says port chief will be gone by the end of June\n\nHenrik Sovel, leader "
                 "of the Harbour Alliance, said on Tuesday that Anton Mirel would not last the month at the port "
                 "authority.",
        "c.txt": " date 2024-06-12\nPort chief quits\n\nAnton Mirel resigned as head of the Ostrel port authority on "
                 "Tuesday, nine days after the storm.",
    }
    text = reports["a.txt"].split("\n", 1)[1]
    resign = one(forecasts_of(text), "no plans to resign")
    assert (resign.subject, resign.holder) == (["Mirel"], "Anton Mirel")
    unnamed = forecasts_of("A spokesman said the ferry would sail on Friday. Anton Mirel has not been seen since.")
    assert one(unnamed, "would sail").holder == "A spokesman"  # someone not named is never guessed
    with newsline.open(tmp_path / "t.db") as record:
        record.ingest([write_reports(tmp_path / "r", reports)])
        data = record.export()
    resign = status_of(data, "no plans to resign", "a.txt")
    gone = status_of(data, "will be gone", "b.txt")
    assert (resign["status"], gone["status"]) == ("refuted", "confirmed")
    assert "Anton Mirel resigned" in resign["evidence"][0]["sentence"]


def test_who_he_is_in_a_reported_clause_and_a_group_is_no_post():
    # the teller, not the one told; the one the report names before "he"; ministers are no one person
    told = forecasts_of("The harbour master, Ilse Brandt, met the crews on Monday.\n\n"
                        "Captain Joran Vell told Ilse Brandt he would sail on Friday.")
    assert one(told, "would sail").subject == ["Vell"]
    named = forecasts_of("Tomas Arden said Piet Moor had decided that he would close the ferry on Friday.")
    assert one(named, "close the ferry").subject == ["Moor"]
    group = forecasts_of("Foreign ministers will meet in Kessel on Monday. Anna Ruiz chairs the talks.")
    assert one(group, "will meet").subject == ["minister"]


YEARS_LATER = {
    "made.txt": " date 2024-06-03\nDredging vote\n\nThe Ostrel harbour board will approve the dredging plan on Thursday, "
                "its chairman, Tomas Vierling, said.",
    "again.txt": " date 2026-09-01\nDredging vote, again\n\nThe Ostrel harbour board will approve the dredging plan on "
                 "Thursday, its chairman, Tomas Vierling, said.",
}


@pytest.mark.parametrize("approved_on, status", [("2024-06-07", "confirmed"), ("2026-09-04", "open")])
def test_a_report_years_after_the_deadline_is_another_storys(tmp_path, approved_on, status):
    """The same board approving the same kind of plan two years on does not settle the 2024 forecast,
    and the 2026 forecast is not a restatement of it; approved that week, it does."""
    reports = dict(YEARS_LATER, **{"done.txt": f" date {approved_on}\nPlan approved\n\nThe Ostrel harbour board "
                                               "approved the dredging plan on Thursday, Tomas Vierling said."})
    with newsline.open(tmp_path / "y.db") as record:
        record.ingest([write_reports(tmp_path / "r", reports)])
        data = record.export()
    ids = {a["source"].rsplit("/", 1)[-1]: a["id"] for a in data["articles"]}
    made, again = (status_of(data, "will approve", name) for name in ("made.txt", "again.txt"))
    assert made["status"] == status and (made["expired"] == (status == "open"))
    assert again["restates"] is None and made["restates"] is None
    if status == "open":  # the 2026 approval settles the 2026 forecast, made that week
        assert again["status"] == "confirmed" and again["evidence"][0]["article"] == ids["done.txt"]
