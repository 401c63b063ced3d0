"""Forecasts on the three reference reports (../shared/seeds; skipped where absent). Only what the
tool decides is asserted, never the reports' sentences."""

from __future__ import annotations


def test_the_headline_forecast_is_mixed_and_001_is_flagged_from_002(seeds_store):
    _, _, data = seeds_store
    name = {a["id"]: a["source"].rsplit("/", 1)[-1][:3] for a in data["articles"]}
    headline = next(f for f in data["forecasts"] if name[f["article"]] == "000" and f["start"] == 0)
    assert headline["cue"] == "probably" and headline["probability"] == 0.75 and headline["trigger"] == "invasion"
    assert headline["status"] == "mixed"  # the invasion came, but gradually
    assert {name[e["article"]] for e in headline["evidence"]} == {"002"}
    hedged = [f for f in data["forecasts"] if name[f["article"]] == "000" and f["stance"] == "against"]
    assert len(hedged) >= 3 and all(f["probability"] <= 0.2 for f in hedged)
    flagged = {name[a["id"]]: a for a in data["articles"]
               if any(f["kind"] == "content_predates_stated_date" for f in a["flags"])}
    assert set(flagged) == {"001"}
    flag = next(f for f in flagged["001"]["flags"] if f["kind"] == "content_predates_stated_date")
    assert {name[e["against"]["article"]] for e in flag["evidence"] if "against" in e} == {"002"}
    assert flagged["001"]["stated_date"] == "2023-11-11" and flag["content_window"][1] < "2023-11-07"
