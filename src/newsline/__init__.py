"""newsline: a sourced, dated record of a developing story from a stream of news reports.

    >>> import newsline
    >>> with newsline.open("story.db") as record:          # doctest: +SKIP
    ...     report = record.ingest(["reports/"])
    ...     data = record.export()                          # the newsline/1 object
"""

__version__ = "0.1.0"

from .api import Newsline, open  # noqa: E402,A004

__all__ = ["Newsline", "open", "__version__"]
