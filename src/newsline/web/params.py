"""Query parameters shared by the API routes and the pages (same names, same limits)."""

from __future__ import annotations

import re
from typing import Annotated, Optional

from fastapi import HTTPException, Query

DATE_PREFIX = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: a page's form left the field blank
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_LIMIT = 500

DateFrom = Annotated[Optional[str], Query(alias="from", pattern=DATE_PREFIX,
                                          description="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD (a prefix range).")]
DateTo = Annotated[Optional[str], Query(alias="to", pattern=DATE_PREFIX, description="Latest date, as `from`.")]
EntityId = Annotated[Optional[str], Query(max_length=200, description="An entity id: only records naming it.")]
SeriesId = Annotated[Optional[str], Query(max_length=100, description="A figure series id (the export's `series`).")]
Text = Annotated[Optional[str], Query(max_length=500, description="Only records whose text contains this.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Records per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]


def blank_to_none(value: str | None) -> str | None:
    """A page's form sends empty fields; an empty filter means no filter."""
    return value if value else None


def check_article_id(article_id: str) -> str:
    """Article ids are 16 hex digits; anything else cannot name an article (404, not a lookup)."""
    if not ARTICLE_ID.match(article_id):
        raise HTTPException(404, f"no article {article_id!r}")
    return article_id
