"""The map step on Dask distributed: `newsline ingest --dask local[:N]` or `--dask tcp://HOST:PORT`.

`analyse` is a pure function of the article, so chunks of articles go to the workers as tasks
and their `Analysis` records come back. Each worker process loads the spaCy pipeline once (a
worker plugin warms it; `get_nlp` keeps it) and runs one analysis at a time. Results are
handed on in the order the articles were read, whatever order the tasks finish in: the reduce
step links in that order, so the record is the one the single-process path makes. A task that
raises is retried; a task that still fails (or whose worker died too often) is split into one
task per article, so one bad article fails alone and the batch goes on.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import dask
from distributed import WorkerPlugin

from .nlp.pipeline import Failure, analyse, get_nlp
from .records import Analysis, Article

LOCAL = re.compile(r"^local(?::(\d+))?$")
RETRIES = 2
# articles per task: enough to amortise a task's overhead, few enough to spread a small batch
CHUNK = int(os.environ.get("NEWSLINE_DASK_CHUNK", "16"))
_MODEL_LOCK = threading.Lock()  # a worker with several threads still runs one analysis at a time


class ClusterError(Exception):
    """The Dask address cannot be used (bad form, scheduler not reachable)."""


def check_address(address: str) -> str:
    """`local`, `local:N` or a scheduler address (tcp://HOST:PORT, tls://…); else ClusterError."""
    m = LOCAL.match(address)
    if m:
        if m.group(1) is not None and int(m.group(1)) < 1:
            raise ClusterError(f"--dask {address}: give at least one worker (local:1)")
        return address
    if re.match(r"^(tcp|tls|inproc|ucx)://[^/]+$", address):
        return address
    raise ClusterError(f"--dask {address!r}: expected local, local:N (N worker processes) or a scheduler "
                       "address like tcp://10.0.0.5:8786")


def analyse_chunk(articles: list[Article]) -> list[Analysis | Failure]:
    """The task: one chunk of articles through the pipeline this worker loaded once."""
    with _MODEL_LOCK:
        return list(analyse(articles, get_nlp()))


class LoadModel(WorkerPlugin):
    """Worker plugin: load the pipeline when the worker starts, not in its first task."""

    name = "newsline-load-model"

    def setup(self, worker=None):
        get_nlp()


# Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536, so that workers hand memory back to
# the system at once; with it glibc's allocator makes the spaCy pipeline's many short-lived arrays cost about
# a fifth more (200 articles: 14.2-14.8 s of analysis -> 17.2-18.1 s here). None unsets it (Dask's own
# convention); remote workers take the same setting from their Dask config (README, scale-out).
NO_MALLOC_TRIM = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@contextmanager
def without_dasks_malloc_trim():
    """A nanny sets its variables in the environment of the process that runs it, so a cluster started
    earlier in this process (a plain LocalCluster) leaves Dask's threshold behind for every later worker
    to inherit: it is taken out while ours start, and put back."""
    default = str(dask.config.get("distributed.nanny.pre-spawn-environ", default={}).get("MALLOC_TRIM_THRESHOLD_"))
    left = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    if left is not None and left == default:
        del os.environ["MALLOC_TRIM_THRESHOLD_"]
    try:
        yield
    finally:
        if left is not None:
            os.environ["MALLOC_TRIM_THRESHOLD_"] = left


@contextmanager
def dask_client(address):
    """A distributed Client for `address` (or the Client given), closing what it started."""
    from distributed import Client, LocalCluster

    if not isinstance(address, str):  # a Client already: the caller owns it
        yield address
        return
    m = LOCAL.match(check_address(address))
    cluster = None
    try:
        if m:
            workers = int(m.group(1) or os.cpu_count() or 1)
            with without_dasks_malloc_trim(), dask.config.set(NO_MALLOC_TRIM):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout=10)
    except (OSError, TimeoutError, RuntimeError) as err:
        if cluster is not None:
            cluster.close()
        what = "cannot start the local workers" if m else "cannot reach the scheduler"
        cause = f"{err}; {err.__cause__}" if err.__cause__ else str(err)
        raise ClusterError(f"--dask {address}: {what} ({cause})") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def analyse_on_dask(articles: Iterable[Article], address, *, chunk: int | None = None) -> Iterator[Analysis | Failure]:
    """Analyse on a Dask cluster; yields in the order `articles` came, whatever order tasks finish in."""
    with dask_client(address) as client:
        client.register_plugin(LoadModel(), name=LoadModel.name)  # each worker loads the pipeline now, once
        yield from ordered_results(client, articles, chunk or CHUNK)


def ordered_results(client, items: Iterable, chunk: int, task=analyse_chunk) -> Iterator:
    """`task` (a list of items -> a list of results, one each) over chunks of `items` on the cluster,
    results in the order of `items`. A chunk whose task fails after its retries is run again one
    item per task; an item that fails alone becomes a `Failure`."""
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = max(4, workers * 4)  # chunks in flight: enough to keep every worker busy, bounded memory
    done: dict[int, list] = {}  # chunk number -> its results, until every chunk before it is handed on
    pending: dict = {}  # future -> (chunk number, position in the chunk or None for the whole chunk)
    singles: dict[int, list] = {}  # chunk number -> per-article results while it is retried article by article
    queue = as_completed()
    source = iter(items)
    chunks: dict[int, list] = {}
    next_out = 0
    submitted = 0

    def submit_more() -> None:
        nonlocal submitted
        while len(chunks) < window:
            batch = [a for _, a in zip(range(chunk), source)]
            if not batch:
                return
            chunks[submitted] = batch
            future = client.submit(task, batch, retries=RETRIES, pure=False)
            pending[future] = (submitted, None)
            queue.add(future)
            submitted += 1

    submit_more()
    while pending:
        future = next(queue)
        number, position = pending.pop(future)
        try:
            result = future.result()
            error = None
        except Exception as exc:  # the task raised after its retries, or its worker kept dying
            result, error = None, exc
        finally:
            future.release()
        if position is None and error is None:
            done[number] = result
        elif position is None:  # the whole chunk failed: one task per article
            singles[number] = [None] * len(chunks[number])
            for i, article in enumerate(chunks[number]):
                alone = client.submit(task, [article], retries=1, pure=False)
                pending[alone] = (number, i)
                queue.add(alone)
        else:
            article = chunks[number][position]
            singles[number][position] = result[0] if error is None else Failure(
                article, f"the worker analysing it failed ({type(error).__name__}: {error})")
            if all(r is not None for r in singles[number]):
                done[number] = singles.pop(number)
        while next_out in done:
            yield from done.pop(next_out)
            del chunks[next_out]
            next_out += 1
        submit_more()
