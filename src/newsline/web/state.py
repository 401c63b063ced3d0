"""What the web app keeps between requests: one store connection per worker thread, the
store's change generation (for ETags) and caches that live as long as one generation.

SQLite's `PRAGMA data_version` changes on a connection whenever another connection (any
process) has committed to the file since that connection last asked. One watcher connection
that never writes therefore sees every commit: each change bumps `generation`, which
invalidates the caches and the ETags without a schema change or a cost to ingest.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from ..store import open_store

MAX_CACHED = 64  # summaries per store generation: a few whole-store ones, the rest per query ("kind:key")


class WebState:
    def __init__(self, db: str, *, allow_ingest: bool = False):
        self.db = str(db)
        self.allow_ingest = allow_ingest
        self.boot = os.urandom(4).hex()  # a restart may serve new templates: new ETags
        self._local = threading.local()
        self._stores: list[Any] = []
        self._watch = sqlite3.connect(self.db, check_same_thread=False, isolation_level=None)
        self._watch_lock = threading.Lock()
        self._version = self._data_version()
        self._generation = 0
        self._cache: dict[str, Any] = {}
        self._cache_generation = 0
        self._cache_lock = threading.Lock()
        self.ingest_lock = threading.Lock()

    def _data_version(self) -> int:
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def generation(self) -> int:
        """A number that changes whenever anyone committed to the store since the last call."""
        with self._watch_lock:
            version = self._data_version()
            if version != self._version:
                self._version = version
                self._generation += 1
            return self._generation

    def etag(self) -> str:
        return f'"nl-{self.boot}-{self.generation()}"'

    def store(self):
        """This thread's store connection (sqlite3 connections stay on the thread that made them)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db)
            self._local.store = store
            self._stores.append(store)
        return store

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        """`build()` once per store generation (expensive summaries: the reference timeline, entity ranks)."""
        generation = self.generation()
        with self._cache_lock:
            if generation != self._cache_generation:
                self._cache.clear()
                self._cache_generation = generation
            if key not in self._cache:
                if len(self._cache) >= MAX_CACHED:  # per-query entries (a name's sentences) come and go
                    self._cache.pop(next(k for k in self._cache if ":" in k), None)
                self._cache[key] = build()
                # The summaries hold ~100,000 objects on a store of 10,000 articles: left to the cycle
                # collector, each of its full passes walks them all and doubles a request's p99. They
                # hold no cycles, so reference counting frees them when the cache is cleared.
                gc.freeze()
            return self._cache[key]

    def close(self) -> None:
        self._watch.close()
        for store in self._stores:
            try:
                store.close()
            except sqlite3.ProgrammingError:  # made on another thread: closed when the process ends
                pass
