"""Forecasts and their calibration per holder, as the terminal (and later the web app) shows them.

Reads the newsline/1 export object only (its `forecasts` and `articles`)."""

from __future__ import annotations

from typing import Any

from ..link.forecasts import calibration

STATUSES = ("open", "confirmed", "refuted", "mixed", "expired")


def forecast_view(data: dict, *, holder: str | None = None, status: str | None = None) -> dict[str, Any]:
    """{"forecasts": [...], "calibration": [...]}: forecasts by article date then position, each with
    its article's source and date; `holder` keeps those whose holder contains it (any case), `status`
    those with that status ("expired": open with the deadline passed). Calibration is over the
    holders shown."""
    articles = {a["id"]: a for a in data["articles"]}
    needle = (holder or "").lower()
    out = []
    for f in data["forecasts"]:
        if needle and needle not in (f["holder"] or "").lower():
            continue
        if status == "expired" and not f.get("expired"):
            continue
        if status and status != "expired" and f["status"] != status:
            continue
        a = articles.get(f["article"], {})
        out.append(dict(f, source=a.get("source"), article_date=a.get("date")))
    return {"forecasts": out, "calibration": calibration(out)}


def status_label(f: dict) -> str:
    if f["status"] == "open" and f.get("expired"):
        return "open, deadline passed"
    return f["status"]
