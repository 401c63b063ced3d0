"""Test helpers: small report folders written by the tests themselves (fiction)."""

from __future__ import annotations

import re
import time
from pathlib import Path


def write_reports(folder: Path, reports: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# Short reports written for these tests (fiction), with dates, people, titles and an acronym.
REPORTS = {
    "r1.txt": " date 2024-03-04 Harbour workers walk out\n\nDock workers at the port of Velmora walked out on "
              "Monday, the Velmora Port Authority (VPA) said. Union leader Mara Okonjo told reporters the strike "
              "would last until Friday. About 300 ships waited offshore.",
    "r2.txt": " date 2024-03-06 Talks stall\n\nTalks between the VPA and the union stalled on Tuesday night. Okonjo "
              "said the authority had refused to meet. Port chief Col. Ivan Dresner said the army would not be "
              "called in.",
    "r3.txt": " date 2024-03-08 Strike ends early\n\nThe strike ended on Thursday, a day earlier than planned. "
              "Velmora Port Authority director Brig. Gen. Ivan Dresner said ships would dock over the weekend.",
}


def run_cli(*args, env: dict | None = None):
    """`newsline ARGS` in this process (typer's runner): exit code, stdout and stderr kept apart."""
    from typer.testing import CliRunner

    from newsline.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env=env)


SUMMARY = re.compile(r"^(?P<stored>\d+) stored, (?P<unchanged>\d+) unchanged, (?P<rejected>\d+) rejected, "
                     r"(?P<warnings>\d+) with warnings; (?P<linked>\d+) mentions linked; (?P<words>[\d,]+) words "
                     r"in (?P<seconds>\d+\.\d)s → (?P<db>.+)$", re.M)


def ingest_summary(stderr: str) -> dict:
    """The figures of the line `newsline ingest` ends with."""
    match = SUMMARY.search(stderr)
    assert match, f"no ingest summary line in:\n{stderr}"
    return {k: (v if k == "db" else float(v) if k == "seconds" else int(v.replace(",", "")))
            for k, v in match.groupdict().items()}


def comparable_export(db) -> dict:
    """A store's export, to compare with the record another run made of the same reports: the
    generator left out, and the wall-clock time of each re-dating (`meta.date_history[].at`, when
    that run dated the article again) checked to be a time, then set aside. Everything else stays."""
    import datetime as dt

    import newsline

    with newsline.open(db) as record:
        data = record.export()
    data.pop("generator")
    for article in data["articles"]:
        for change in (article.get("meta") or {}).get("date_history", []):
            assert dt.datetime.fromisoformat(change.pop("at")).tzinfo is not None, change
    return data


def cpu_seconds(fn, *args, repeat: int = 3) -> float:
    """CPU time of fn(*args), the best of `repeat` runs: for linear-time checks that other work on the
    machine must not fail."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn(*args)
        best = min(best, time.process_time() - started)
    return best
