"""Markdown: a readable dossier (timeline, people, quotes, figures, forecasts, flags)."""

from __future__ import annotations

from ..views.timeline import timeline_entries


def esc(text) -> str:
    return ("" if text is None else str(text)).replace("|", "\\|").replace("\n", " ")


def short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def figures_markdown(data: dict) -> list[str]:
    """Series reported more than once (as-of, figure, source), then the conflicts, then figures
    reported once."""
    from ..views.figures import figure_view, point_label

    if not data["claims"]:
        return ["_None found yet._"]
    view = figure_view(data)
    lines = []
    for s in view["series"]:
        if len(s["points"]) < 2:
            continue
        unit = f" ({s['unit']})" if s["unit"] else ""
        lines += [f"**{esc(s['what'] or s['key'])}{esc(unit)}**", ""]
        lines += [f"- {p['as_of'] or '?'}: {esc(point_label(p))} — {esc(p['source'] or 'source?')} [`{p['article'][:8]}`]"
                  for p in s["points"]]
        lines.append("")
    for d in view["discrepancies"]:
        label = "Conflict" if d["kind"] == "figure" else "Stale figure"
        cites = ", ".join(f"`{i['article'][:8]}`" for i in d["items"])
        lines.append(f"- **{label}**: {esc(d['description'])} [{cites}]")
    placed = {id(p) for s in view["series"] if len(s["points"]) > 1 for p in s["points"]}
    once = [c for c in data["claims"] if not any(
        c["series"] == s["id"] and len(s["points"]) > 1 for s in view["series"])]
    if once:
        lines += ["", "Reported once:", ""]
        lines += [f"- {esc(c['anchor'])} {esc(c['what'] or '')} (as of {c['as_of'] or '?'}, "
                  f"{esc(c['source'] or 'source?')}) [`{c['article'][:8]}`]" for c in once]
    del placed
    return lines


def forecasts_markdown(data: dict) -> list[str]:
    """Each forecast with its holder, probability, deadline and status, the evidence that settled it;
    then the calibration of the holders with settled forecasts."""
    from ..link.forecasts import calibration

    if not data["forecasts"]:
        return ["_None found yet._"]
    lines = []
    for f in data["forecasts"]:
        p = "?" if f["probability"] is None else f"{f['probability']:.0%}"
        status = "open, deadline passed" if f.get("expired") else f["status"]
        by = f", by {f['horizon']}" if f["horizon"] else ""
        cites = "".join(f" [`{e['article'][:8]}`]" for e in f["evidence"][:3])
        lines.append(f"- **{status}**: {esc(short(f['text']))} — {esc(f['holder'] or '?')}, p≈{p}{by}"
                     f" [`{f['article'][:8]}`]" + (f"; settled by{cites}" if cites else ""))
    rows = calibration(data["forecasts"])
    if rows:
        lines += ["", "| holder | settled | Brier |", "|---|---|---|"]
        lines += [f"| {esc(r['holder'])} | {r['resolved']} | {'n/a' if r['brier'] is None else format(r['brier'], '.3f')} |"
                  for r in rows]
    return lines


def to_markdown(data: dict) -> str:
    arts = data["articles"]
    dates = sorted(a["date"] for a in arts if a["date"])
    outlets = sorted({a["outlet"] for a in arts if a.get("outlet")})
    out = ["# newsline dossier", ""]
    span = f", dated {dates[0]} to {dates[-1]}" if dates else ""
    out.append(f"{len(arts)} articles from {len(outlets) or 'unknown'} outlets{span}. "
               f"Every line cites its article; article ids are listed under *Articles*.")
    out += ["", "## Timeline", ""]
    entries = timeline_entries(data)
    if not entries:
        out.append("_No dated entries._")
    for e in entries:
        cites = ", ".join(f"`{c['article'][:8]}`" for c in e.citations)
        label = f" ({e.expression})" if e.expression else ""
        out.append(f"- **{e.date}**{esc(label)}: {esc(short(e.text))} [{cites}]")
    out += ["", "## People and organisations", ""]
    if not data["entities"]:
        out.append("_None found._")
    else:
        out += ["| name | type | aliases | titles | mentions |", "|---|---|---|---|---|"]
        for ent in data["entities"][:60]:
            titles = sorted({t["value"] for t in ent["attributes"].get("title", [])})
            aliases = [a for a in ent["aliases"] if a != ent["name"]]
            out.append(f"| {esc(ent['name'])} | {ent['type']} | {esc(', '.join(aliases))} | "
                       f"{esc(', '.join(titles))} | {len(ent['mentions'])} |")
    out += ["", "## Quotes", ""]
    out += [f"- **{esc(q['speaker'] or 'unattributed')}** ({q['kind']}, {esc(q['channel'] or 'channel unknown')}): "
            f"“{esc(short(q['text']))}” [`{q['article'][:8]}`]" for q in data["quotes"]] or ["_None found yet._"]
    out += ["", "## Figures", ""]
    out += figures_markdown(data)
    out += ["", "## Forecasts", ""]
    out += forecasts_markdown(data)
    out += ["", "## Discrepancies and flags", ""]
    lines = [f"- {d['kind']}: {esc(d['description'])}" for d in data["discrepancies"]]
    for a in arts:
        for flag in a["flags"]:
            lines.append(f"- `{a['id'][:8]}` {esc(a['source'])}: {flag['kind']}: {esc(flag['reason'])}")
    out += lines or ["_None._"]
    out += ["", "## Articles", "", "| id | date | date source | outlet | title | source |", "|---|---|---|---|---|---|"]
    for a in arts:
        when = a["date"] or "?"
        if a["date_source"] == "inferred" and a["date_window"]:
            when += f" ({a['date_window'][0]}…{a['date_window'][1]})"
        out.append(f"| `{a['id'][:8]}` | {when} | {a['date_source']} | {esc(a.get('outlet'))} | "
                   f"{esc(short(a['title'] or '', 80))} | {esc(a['source'])} |")
    return "\n".join(out) + "\n"
