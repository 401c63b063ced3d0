"""Shared fixtures: the reference reports (when ../shared is present) and small corpora."""

from __future__ import annotations

from pathlib import Path

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
