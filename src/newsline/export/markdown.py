"""Markdown: a readable dossier (timeline, people, quotes, figures, forecasts, flags)."""

from __future__ import annotations

from ..views.timeline import timeline_entries

TIMES = {"MO": "morning", "MI": "midday", "DT": "daytime", "AF": "afternoon", "EV": "evening", "NI": "night"}


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


def timeline_lines(entries) -> list[str]:
    lines = []
    for e in entries:
        cites = ", ".join(f"`{a[:8]}`" for a in dict.fromkeys(c["article"] for c in e.citations))
        when = ("by " if e.by_report else "") + e.date + (f" to {e.date_end}" if e.date_end else "")
        label = f" ({e.expression})" if e.expression else " (its report's date)" if e.by_report else ""
        clock = f", {TIMES.get(e.time, e.time)}" if e.time else ""
        told = f" ({e.sources} sources)" if e.sources > 1 else ""
        lines.append(f"- **{when}**{esc(label)}{esc(clock)}: {esc(short(e.text))}{told} [{cites}]")
    return lines


def timeline_markdown(data: dict) -> list[str]:
    """The timeline of events (each with its span, time of day, independent sources and citing
    articles), then the events only dated by the one report that tells them."""
    entries = timeline_entries(data)
    lines = timeline_lines(entries) or ["_No dated entries._"]
    if data["events"]:
        shown = {e.id for e in entries}
        rest = [e for e in timeline_entries(data, every=True) if e.id not in shown]
        if rest:
            lines += ["", "Reported without a date of their own (dated by their report):", ""]
            lines += timeline_lines(rest)
    return lines


def who_said_what(data: dict) -> list[str]:
    """Quotes grouped by speaker (one entity across articles where linked), most quoted first;
    unnamed sources under their description, quotes with no speaker last."""
    names = {e["id"]: e["name"] for e in data["entities"]}
    groups: dict[tuple, list[dict]] = {}
    for q in data["quotes"]:
        if q["speaker_id"]:
            key = (0, names.get(q["speaker_id"], q["speaker"] or q["speaker_id"]), q["speaker_id"])
        elif q["speaker"]:
            key = (0, q["speaker"], None)
        else:
            key = (1, "Speaker not named", None)
        groups.setdefault(key, []).append(q)
    lines = []
    for key in sorted(groups, key=lambda k: (k[0], -len(groups[k]), k[1].lower())):
        quotes = groups[key]
        lines += [f"### {esc(key[1])}", ""]
        for q in quotes:
            how = ", ".join(x for x in (q["kind"], q["channel"], q["cue"]) if x)
            words = f"“{esc(short(q['text']))}”" if q["kind"] == "direct" else esc(short(q["text"]))  # marks only for their words
            lines.append(f"- {words} ({esc(how)}) [`{q['article'][:8]}`]")
        lines.append("")
    return lines[:-1] if lines else lines


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
    out += timeline_markdown(data)
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
    out += ["", "## Who said what", ""]
    out += who_said_what(data) or ["_No quotes found._"]
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
