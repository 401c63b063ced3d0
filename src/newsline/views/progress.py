"""Progress of a long ingest as plain lines, for logs: a terminal gets a live bar instead.

A run writing to a file or a pipe would otherwise say nothing until the end; one line every
`every` seconds ("analysed 512/2,000 articles (14.2/s, about 1m45s left)") shows it is alive
and how fast it goes, without flooding the log.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

# seconds between lines; NEWSLINE_PROGRESS_SECONDS changes it (0: a line per article, for tests)
DEFAULT_EVERY = 30.0


def progress_every() -> float:
    try:
        return max(0.0, float(os.environ.get("NEWSLINE_PROGRESS_SECONDS", DEFAULT_EVERY)))
    except ValueError:
        return DEFAULT_EVERY


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class ProgressLog:
    """Call with (done, total) as articles finish; writes a line through `write` when one is due."""

    def __init__(self, write: Callable[[str], None], every: float | None = None, clock=time.monotonic):
        self.write = write
        self.every = progress_every() if every is None else every
        self.clock = clock
        self.started: float | None = None
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:  # the first call (0 done) starts the clock
            self.started = self.last = now
        if done == 0 or done == total or now - self.last < self.every:
            return  # the summary line reports the end
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        left = f", about {duration((total - done) / rate)} left" if rate > 0 else ""
        self.write(f"analysed {done:,}/{total:,} articles ({rate:.1f}/s{left})")
