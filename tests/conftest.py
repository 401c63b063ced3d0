"""Shared fixtures: the reference reports (when ../shared is present) and small corpora."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import REPORTS, write_reports

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory, seeds_dir):
    """A store with the three reference reports ingested once for the session."""
    import newsline

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with newsline.open(db) as record:
        report = record.ingest([seeds_dir])
        data = record.export()
    return db, report, data


@pytest.fixture()
def reports_dir(tmp_path) -> Path:
    return write_reports(tmp_path / "reports", REPORTS)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The bundled sample corpus ingested once per session by the CLI, as the README's tour does it
    (`newsline ingest --sample --db demo.db` in a folder of its own). Tests only read this store.

    Progress lines are asked for at every article (NEWSLINE_PROGRESS_SECONDS=0), so the run also shows
    what a log gets from a long ingest."""
    folder = tmp_path_factory.mktemp("tour")
    env = dict(os.environ, NEWSLINE_PROGRESS_SECONDS="0")
    env.pop("NEWSLINE_DB", None)
    proc = subprocess.run([sys.executable, "-m", "newsline.cli", "ingest", "--sample", "--db", "demo.db"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return SimpleNamespace(folder=folder, db=folder / "demo.db", stdout=proc.stdout, stderr=proc.stderr)


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> dict:
    """The sample corpus plus a hostile report, for the web app's API and browser tests."""
    from web_helpers import build_web_store

    return build_web_store(tmp_path_factory.mktemp("web"))


from pgcluster import pg_server, pg_url  # noqa: E402,F401  (PostgreSQL tests: a throwaway server)
