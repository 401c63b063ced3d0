"""The map step on Dask: the same record as the single-process path, results put back in order when
tasks finish out of order, a failed task retried, a killed worker's work redone, one bad item alone."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from helpers import comparable_export, run_cli

import newsline
from newsline import cluster
from newsline.api import sample_corpus_path
from newsline.nlp.pipeline import Failure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def workers():
    """A LocalCluster of two worker processes on loopback, each loading the pipeline once."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def threads():
    """Two worker threads in this process: for tasks defined here (no pickling across processes)."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


finished: list = []
attempts: dict = {}


def slow_echo(items: list) -> list:
    """A task: each item is (name, seconds); 'flaky' fails its first try, 'bad' every time."""
    out = []
    for name, seconds in items:
        attempts[name] = attempts.get(name, 0) + 1
        if name == "bad" or (name == "flaky" and attempts[name] == 1):
            raise RuntimeError(f"{name} failed")
        time.sleep(seconds)
        out.append(name)
    finished.append([name for name, _ in items])
    return out


def test_results_in_input_order_and_failures_alone(threads):
    finished.clear()
    attempts.clear()
    items = [("slow", 0.6), ("a", 0.0), ("b", 0.0), ("flaky", 0.0), ("c", 0.0), ("bad", 0.0), ("d", 0.0)]
    results = list(cluster.ordered_results(threads, items, 1, task=slow_echo))
    assert results[:5] == ["slow", "a", "b", "flaky", "c"] and results[6] == "d"
    assert isinstance(results[5], Failure) and "bad failed" in results[5].reason
    assert finished.index(["slow"]) > finished.index(["a"])  # it did finish out of order
    assert attempts["flaky"] == 2  # retried, then fine
    chunked = list(cluster.ordered_results(threads, [("e", 0), ("bad", 0), ("f", 0)], 3, task=slow_echo))
    assert chunked[0] == "e" and isinstance(chunked[1], Failure) and chunked[2] == "f"  # the chunk, split


def model_id():
    from newsline.nlp import pipeline

    return id(pipeline._NLP) if pipeline._NLP is not None else None


def test_same_record_as_one_process(workers, sample_run, reports_dir, tmp_path, monkeypatch):
    """The sample corpus analysed one article per task on two worker processes (finishing in any
    order) makes the export the single-process CLI run makes; each worker loads the model once."""
    monkeypatch.setattr(cluster, "CHUNK", 1)
    with newsline.open(tmp_path / "dask.db") as record:
        report = record.ingest([sample_corpus_path()], dask=workers)
    assert report.stored == 24 and not report.rejected
    loaded = workers.run(model_id)
    assert len(loaded) == 2 and all(loaded.values())
    assert comparable_export(tmp_path / "dask.db") == comparable_export(sample_run.db)
    with newsline.open(tmp_path / "again.db") as record:
        assert record.ingest([reports_dir], dask=workers).stored == 3
    assert workers.run(model_id) == loaded  # the same pipeline objects: not loaded again


def test_killed_worker_is_retried(workers, sample_run, tmp_path, monkeypatch):
    """A worker process killed while it analyses: its task runs again elsewhere, nothing is lost."""
    monkeypatch.setattr(cluster, "CHUNK", 2)
    pids = workers.run(os.getpid)
    killed = []

    def kill_when_busy():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            busy = [address for address, tasks in workers.processing().items() if tasks]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.01)

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    with newsline.open(tmp_path / "killed.db") as record:
        report = record.ingest([sample_corpus_path()], dask=workers)
    killer.join()
    assert killed, "no worker was seen busy"
    assert report.stored == 24 and not report.rejected
    assert comparable_export(tmp_path / "killed.db") == comparable_export(sample_run.db)


def test_cli_with_a_scheduler_address(workers, reports_dir, tmp_path):
    """`newsline ingest --dask tcp://…` uses a running scheduler; the record is the single-process one."""
    address = workers.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    on_dask = run_cli("ingest", reports_dir, "--db", tmp_path / "d.db", "--dask", address)
    assert on_dask.exit_code == 0, on_dask.output
    alone = run_cli("ingest", reports_dir, "--db", tmp_path / "s.db")
    assert alone.exit_code == 0
    assert comparable_export(tmp_path / "d.db") == comparable_export(tmp_path / "s.db")


@pytest.mark.parametrize("address, message", [
    ("local:0", "at least one worker"),
    ("localhost:8786", "expected local, local:N"),
])
def test_bad_dask_address(address, message, reports_dir, tmp_path):
    result = run_cli("ingest", reports_dir, "--db", tmp_path / "x.db", "--dask", address)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "x.db").exists()
    both = run_cli("ingest", reports_dir, "--db", tmp_path / "x.db", "--dask", "local:2", "--workers", "2")
    assert both.exit_code == 2 and "with --dask" in both.stderr


def malloc_trim_threshold():
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_local_workers_start_without_dasks_malloc_trim_threshold(workers):
    """Dask's nanny gives workers a 64 KiB malloc trim threshold (the plain LocalCluster above has it),
    which makes the analysis about a fifth slower; `--dask local` starts its workers without it."""
    assert set(workers.run(malloc_trim_threshold).values()) == {"65536"}
    with cluster.dask_client("local:1") as client:
        assert list(client.run(malloc_trim_threshold).values()) == [None]
