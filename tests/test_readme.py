"""The README's Python examples run as written."""

from __future__ import annotations

import contextlib
import io
import re
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
    assert "2024-03" in out.getvalue()
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


def test_readme_quotes_component_example_runs():
    block = next(b for b in python_blocks() if "newsline_quotes" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert "('direct', 'Ada Brun', 'said', 'The levee will hold')" in out.getvalue()
