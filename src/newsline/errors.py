"""Errors a caller can act on, raised by the API and turned into exit codes by the CLI.

`BadRequest` is an argument the caller got wrong (a date in the wrong form, an export
table that does not exist): the CLI prints it as one line and exits 2. `NotFound` is a
well-formed request for something the store does not hold: one line, exit 1.
"""

from __future__ import annotations


class BadRequest(ValueError):
    """An argument the caller got wrong; the message says what form is expected."""


class NotFound(LookupError):
    """Nothing in the store matches a well-formed request."""


class AmbiguousId(BadRequest):
    """An id prefix that matches more than one article; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[dict]):
        super().__init__(message)
        self.candidates = candidates
