"""The README runs as written: its Python examples, and its tour's shell session, whose output must
be what the tool prints today (only the seconds of the ingest line may differ)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import newsline
from helpers import REPORTS, write_reports

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_api_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_reports(tmp_path / "reports", REPORTS)
    block = next(b for b in python_blocks() if "newsline.open" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert (tmp_path / "story.db").exists()
    printed = out.getvalue()
    assert "2024-03" in printed
    assert re.search(r"^\d+ \[.*«strike»", printed, re.M)  # the count, then the snippets
    assert any(title in printed for title in ("Harbour workers walk out", "Talks stall", "Strike ends early"))
    assert "[]" in printed.splitlines()[-1]  # no rejections
    with newsline.open(tmp_path / "story.db") as record:
        assert record.status()["current_articles"] == 3


def test_readme_spacy_component_example_runs():
    block = next(b for b in python_blocks() if "add_pipe" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    printed = out.getvalue()
    assert "('Wednesday night', 'TIME', '2023-10-25TNI')" in printed
    assert "('two days', 'DURATION', 'P2D')" in printed


ELIDED = "⋮"  # in the README's output: any number of lines left out here


def tour() -> list[tuple[str, list[str]]]:
    """The first code block of "## A tour": ("$ command", the output lines the README shows)."""
    section = README.read_text(encoding="utf-8").split("## A tour", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line.rstrip())
    return steps


def untimed(line: str) -> str:
    return re.sub(r" in \d+\.\ds → ", " in <seconds>s → ", line)


def shows(expected: list[str], actual: list[str]) -> bool:
    """`actual` is `expected`, line for line, where an ELIDED line stands for any run of lines."""
    if not expected:
        return not actual
    if expected[0] == ELIDED:
        return any(shows(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and untimed(expected[0]) == untimed(actual[0]) and shows(expected[1:], actual[1:])


def test_readme_tour_prints_what_the_readme_shows(sample_run):
    steps = tour()
    assert steps[0][0] == "newsline ingest --sample --db demo.db", "the session fixture runs the tour's ingest"
    assert len(steps) >= 3
    for command, expected in steps:
        if command == steps[0][0]:
            stdout, stderr = sample_run.stdout, sample_run.stderr  # same command, same folder: run once a session
            stderr = "".join(line for line in stderr.splitlines(True) if not line.startswith("analysed "))
        else:
            words = shlex.split(command)
            assert words[0] == "newsline"
            env = dict(os.environ)
            env.pop("NEWSLINE_DB", None)
            proc = subprocess.run([sys.executable, "-m", "newsline.cli", *words[1:]], cwd=sample_run.folder, env=env,
                                  capture_output=True, text=True, timeout=120)
            assert proc.returncode == 0, proc.stderr
            stdout, stderr = proc.stdout, proc.stderr
        actual = [line.rstrip() for line in (stdout + stderr).splitlines()]
        assert shows(expected, actual), (
            f"README's tour shows other output for `{command}`; the tool prints today:\n" + "\n".join(actual))


def test_readme_quotes_component_example_runs():
    block = next(b for b in python_blocks() if "newsline_quotes" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert "('direct', 'Ada Brun', 'said', 'The levee will hold')" in out.getvalue()
