"""The store is one file a user can open in Datasette: tables browse and full-text search works."""

from __future__ import annotations

import asyncio

import pytest

import newsline

datasette_app = pytest.importorskip("datasette.app")


def test_datasette_browses_and_searches_the_store(tmp_path, reports_dir):
    db = tmp_path / "story.db"
    with newsline.open(db) as record:
        record.ingest([reports_dir])

    async def fetch():
        ds = datasette_app.Datasette([str(db)])
        articles = await ds.client.get("/story/articles.json?_shape=array")
        found = await ds.client.get("/story/sentences.json?_search=stalled&_shape=array")
        fts = await ds.get_database("story").fts_table("sentences")
        return articles, found, fts

    articles, found, fts = asyncio.run(fetch())
    assert articles.status_code == 200 and len(articles.json()) == 3
    assert fts == "sentences_fts"
    assert found.status_code == 200
    texts = [row["text"] for row in found.json()]
    assert texts and all("stall" in t.lower() for t in texts)
