"""Why an input was rejected: one clear line naming the file (and line) and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Rejection:
    """An input (file, feed item or JSONL line) that could not be ingested."""

    source: str  # "path", "path:LINE" or "path#item-N"
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class InputWarning(Rejection):
    """An input passed over or read only in part, reported as a warning: a file of a format newsline
    does not read, a folder with nothing to read, front matter that is not YAML."""


class InputError(Exception):
    """Raised by a reader for a whole file it cannot read; carries the reason."""
