"""Figure series and their discrepancies, as the terminal (and later the web app) shows them.

Reads the newsline/1 export object only (its `series`, `claims` and `discrepancies`)."""

from __future__ import annotations

from typing import Any

FIGURE_KINDS = ("figure", "stale_figure")


def figure_view(data: dict, *, what: str | None = None) -> dict[str, Any]:
    """{"series": [...], "discrepancies": [...]}: every series (optionally only those whose `what`
    contains `what`), largest first, each point with its source and article; and the figure
    discrepancies of those series."""
    sources = {a["id"]: a for a in data["articles"]}
    needle = (what or "").lower()
    series = []
    for s in data.get("series", []):
        if needle and needle not in (s["what"] or "").lower() and needle not in s["key"].lower():
            continue
        points = [dict(p, outlet=sources.get(p["article"], {}).get("outlet"),
                       source_file=sources.get(p["article"], {}).get("source")) for p in s["points"]]
        series.append(dict(s, points=points))
    series.sort(key=lambda s: (-len(s["points"]), s["what"] or "", s["id"]))
    ids = {s["id"] for s in series}
    discrepancies = [d for d in data["discrepancies"] if d["kind"] in FIGURE_KINDS and d.get("series") in ids]
    return {"series": series, "discrepancies": discrepancies}


def point_label(point: dict) -> str:
    value = point["value"]
    shown = f"{value[0]:g}–{value[1]:g}" if isinstance(value, list) else f"{value:g}"
    qualifier = (point.get("qualifier") or "").replace("_", " ")
    return f"{qualifier + ' ' if qualifier else ''}{shown}"
