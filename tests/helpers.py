"""Test helpers: small report folders written by the tests themselves (fiction)."""

from __future__ import annotations

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
