"""Schema migrations, applied in order; the store records the version it is at.

Append a new entry to MIGRATIONS to change the schema; never edit a released one.
"""

MIGRATIONS: list[str] = [
    # 1: the foundation schema: articles, sentences (+ FTS5), and every record kind.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        source TEXT NOT NULL,
        url TEXT,
        path TEXT,
        revision_key TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        current INTEGER NOT NULL DEFAULT 1,
        title TEXT,
        outlet TEXT,
        author TEXT,
        format TEXT,
        stated_date TEXT,
        stated_date_raw TEXT,
        date TEXT,
        date_source TEXT NOT NULL DEFAULT 'unknown',
        date_from TEXT,
        date_to TEXT,
        date_confidence REAL,
        flags TEXT NOT NULL DEFAULT '[]',
        meta TEXT NOT NULL DEFAULT '{}',
        content_hash TEXT NOT NULL UNIQUE,
        word_count INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX articles_revision_key ON articles(revision_key);
    CREATE INDEX articles_date ON articles(date);
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (article, idx)
    );
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content="sentences", content_rowid="id", tokenize="porter unicode61"
    );
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        title TEXT,
        entity TEXT
    );
    CREATE INDEX mentions_article ON mentions(article);
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE timexes (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tid TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        mod TEXT,
        anchor TEXT
    );
    CREATE INDEX timexes_article ON timexes(article);
    CREATE INDEX timexes_value ON timexes(value);
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        attributes TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE entity_keys (
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        entity TEXT NOT NULL,  -- an entity id, or "*" for a key shared by several (ambiguous)
        PRIMARY KEY (key, type)
    );
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT,
        speaker_id TEXT,
        channel TEXT,
        cue TEXT
    );
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        anchor TEXT NOT NULL,
        value TEXT NOT NULL,
        unit TEXT,
        qualifier TEXT,
        what TEXT,
        source TEXT,
        as_of TEXT
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        date TEXT,
        date_end TEXT,
        summary TEXT NOT NULL,
        entities TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE event_mentions (
        event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE TABLE forecasts (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        holder TEXT,
        cue TEXT,
        probability REAL,
        horizon TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        evidence TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE discrepancies (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        description TEXT NOT NULL,
        items TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    # 2: other places the same text was found (wire copy run verbatim by a second outlet, a re-post).
    """
    CREATE TABLE article_sources (
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        outlet TEXT,
        stated_date TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (article, source)
    );
    """,
    # 3: where a quote's speaker is named (the mention the speaker resolved to), so the reduce step
    #    can give the quote its speaker's entity; an index for the quotes still waiting for one.
    """
    ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
    ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
    CREATE INDEX quotes_article ON quotes(article);
    CREATE INDEX quotes_unlinked ON quotes(article) WHERE speaker_id IS NULL AND speaker_start IS NOT NULL;
    """,
]
