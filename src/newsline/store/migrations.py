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
    # 3: whether a recorded problem was a rejection or a warning (the article was stored); NULL for rows
    # recorded before this column existed.
    """
    ALTER TABLE rejections ADD COLUMN kind TEXT;
    """,
    # 4: entities are re-linked by the rules of the who-said-what work: a mention carries the other name
    # its text says it also goes by (an acronym defined in brackets, "formerly known as"), name keys are
    # typed by how they were made (name, surname, initials, fuzzy) rather than by coarse label, and the
    # old links are dropped so the next ingest (or opening the store) links every mention again.
    """
    ALTER TABLE mentions ADD COLUMN same_as TEXT;
    DELETE FROM entity_keys;
    DELETE FROM entities;
    UPDATE mentions SET entity = NULL;
    INSERT OR REPLACE INTO meta(key, value) VALUES ('relink', '1');
    """,
    # 5: figures across articles: what a claim counts (key), level or change, and the series it joins;
    # the series themselves; discrepancies remember the series they are about, so a reduce run
    # recomputes only the series it touched.
    """
    ALTER TABLE claims ADD COLUMN kind TEXT NOT NULL DEFAULT 'level';
    ALTER TABLE claims ADD COLUMN direction TEXT;
    ALTER TABLE claims ADD COLUMN subject TEXT;
    ALTER TABLE claims ADD COLUMN key TEXT;
    ALTER TABLE claims ADD COLUMN as_of_value TEXT;
    ALTER TABLE claims ADD COLUMN series TEXT;
    CREATE INDEX claims_series ON claims(series);
    CREATE INDEX claims_unplaced ON claims(series) WHERE series IS NULL AND key IS NOT NULL;
    CREATE TABLE claim_series (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        what TEXT,
        unit TEXT,
        subject TEXT,
        claims INTEGER NOT NULL DEFAULT 0,
        first_as_of TEXT,
        last_as_of TEXT
    );
    ALTER TABLE discrepancies ADD COLUMN series TEXT;
    CREATE INDEX discrepancies_series ON discrepancies(series);
    """,
    # 6: events. Event mentions are written by the map step before any event exists, so the
    # (never written) event_mentions table is made anew with the event left empty until the
    # reduce step places the mention; event_keys index mentions by date bucket x trigger class
    # and date bucket x entity for the incremental merge; articles get their near-duplicate mark.
    """
    DROP TABLE event_mentions;
    CREATE TABLE event_mentions (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        lemma TEXT NOT NULL,
        classes TEXT NOT NULL DEFAULT '[]',
        date TEXT,
        precision TEXT,
        confidence REAL NOT NULL DEFAULT 0,
        date_end TEXT,
        anchor TEXT,
        participants TEXT NOT NULL DEFAULT '[]',
        places TEXT NOT NULL DEFAULT '[]',
        entities TEXT NOT NULL DEFAULT '[]',
        embedding BLOB,
        text_key TEXT,
        attach_score REAL,
        event TEXT
    );
    CREATE INDEX event_mentions_article ON event_mentions(article);
    CREATE INDEX event_mentions_event ON event_mentions(event);
    CREATE INDEX event_mentions_text_key ON event_mentions(text_key);
    CREATE INDEX event_mentions_unplaced ON event_mentions(id) WHERE event IS NULL;
    CREATE TABLE event_keys (
        key TEXT NOT NULL,
        mention INTEGER NOT NULL REFERENCES event_mentions(id) ON DELETE CASCADE,
        PRIMARY KEY (key, mention)
    ) WITHOUT ROWID;
    CREATE INDEX event_keys_mention ON event_keys(mention);
    ALTER TABLE events ADD COLUMN precision TEXT;
    ALTER TABLE events ADD COLUMN confidence REAL;
    ALTER TABLE events ADD COLUMN importance REAL NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN sources INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN trigger TEXT;
    ALTER TABLE events ADD COLUMN places TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE events ADD COLUMN summary_article TEXT;
    ALTER TABLE events ADD COLUMN summary_start INTEGER;
    ALTER TABLE events ADD COLUMN summary_end INTEGER;
    CREATE INDEX events_date ON events(date);
    ALTER TABLE articles ADD COLUMN near_duplicate_of TEXT;
    CREATE TABLE article_signatures (
        article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL,
        placed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX article_signatures_unplaced ON article_signatures(article) WHERE placed = 0;
    CREATE TABLE article_bands (
        band TEXT NOT NULL,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, article)
    ) WITHOUT ROWID;
    """,
    # 7: a discrepancy of kind `attribute` names the entity and the attribute it is about (a person's
    # rank given differently by two reports), so linking can replace it when the entity changes.
    """
    ALTER TABLE discrepancies ADD COLUMN entity TEXT;
    ALTER TABLE discrepancies ADD COLUMN attribute TEXT;
    CREATE INDEX discrepancies_entity ON discrepancies(entity);
    """,
    # 8: a time expression's note: what a reader should know about its value ("ambiguous day/month: read
    # month first; also 2024-05-03" for "03/05/2024" in an article whose order is not known).
    """
    ALTER TABLE timexes ADD COLUMN note TEXT;
    """,
    # 9: where a quote's speaker is named (the mention the speaker resolved to), so the reduce step
    #    can give the quote its speaker's entity; an index for the quotes still waiting for one.
    """
    ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
    ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
    CREATE INDEX quotes_article ON quotes(article);
    CREATE INDEX quotes_unlinked ON quotes(article) WHERE speaker_id IS NULL AND speaker_start IS NOT NULL;
    """,
    # 10: forecasts. What a forecast predicts and how it was read (outcome, its head lemma and event
    # classes, polarity, stance, kind, how the probability was read, the horizon's expression and
    # value, when it was stated, the entities and content words named in it, an embedding of the outcome), what the
    # reduce step made of it (outcome_happened for calibration, expired, when it was resolved, the earliest report of
    # the same forecast it restates, and
    # `checked`, so a run re-examines only forecasts new evidence could bear on); forecast_keys file
    # forecasts and evidence_keys file event mentions (and forecasts as statements) under
    # lemma|word, lemma|entity and lemma|article keys (link/forecast_index.py), so each side finds only
    # what could bear on it.
    """
    ALTER TABLE forecasts ADD COLUMN outcome TEXT;
    ALTER TABLE forecasts ADD COLUMN kind TEXT;
    ALTER TABLE forecasts ADD COLUMN trigger TEXT;
    ALTER TABLE forecasts ADD COLUMN classes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE forecasts ADD COLUMN polarity TEXT NOT NULL DEFAULT 'positive';
    ALTER TABLE forecasts ADD COLUMN stance TEXT NOT NULL DEFAULT 'for';
    ALTER TABLE forecasts ADD COLUMN reading TEXT;
    ALTER TABLE forecasts ADD COLUMN horizon_text TEXT;
    ALTER TABLE forecasts ADD COLUMN horizon_value TEXT;
    ALTER TABLE forecasts ADD COLUMN stated_on TEXT;
    ALTER TABLE forecasts ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE forecasts ADD COLUMN participants TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE forecasts ADD COLUMN keywords TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE forecasts ADD COLUMN subject TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE forecasts ADD COLUMN entities TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE forecasts ADD COLUMN embedding BLOB;
    ALTER TABLE forecasts ADD COLUMN outcome_happened REAL;
    ALTER TABLE forecasts ADD COLUMN expired INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE forecasts ADD COLUMN resolved_on TEXT;
    ALTER TABLE forecasts ADD COLUMN note TEXT;
    ALTER TABLE forecasts ADD COLUMN restates INTEGER;
    ALTER TABLE forecasts ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX forecasts_article ON forecasts(article);
    CREATE INDEX forecasts_unchecked ON forecasts(id) WHERE checked = 0;
    CREATE TABLE forecast_keys (
        key TEXT NOT NULL,
        forecast INTEGER NOT NULL REFERENCES forecasts(id) ON DELETE CASCADE,
        PRIMARY KEY (key, forecast)
    ) WITHOUT ROWID;
    CREATE INDEX forecast_keys_forecast ON forecast_keys(forecast);
    CREATE TABLE evidence_keys (
        key TEXT NOT NULL,
        kind TEXT NOT NULL,  -- m: an event mention, f: a forecast (a later statement that something still holds)
        ref INTEGER NOT NULL,
        PRIMARY KEY (key, kind, ref)
    ) WITHOUT ROWID;
    CREATE INDEX event_mentions_lemma ON event_mentions(lemma);
    """,
    # 11: dating reports by their collection (link/dating.py). Per article, a static embedding of its
    #     text (reports on the same story are neighbours) and, for an article whose date is inferred,
    #     its time expressions in symbolic form (resolved again when its neighbours move its date) and
    #     the similarity a new report must beat to be one of its neighbours (`threshold`); `placed` until
    #     the reduce step has read it.
    """
    CREATE TABLE article_dating (
        article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vector BLOB,
        forms TEXT,
        threshold REAL,
        placed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX article_dating_unplaced ON article_dating(article) WHERE placed = 0;
    CREATE INDEX article_dating_redatable ON article_dating(article) WHERE forms IS NOT NULL;
    """,
    # 12: the web app and `newsline show` read an article's claims by article (forecasts, quotes, timexes,
    #     mentions and event mentions already have such an index).
    """
    CREATE INDEX claims_article ON claims(article);
    """,
    # 13: mentions by article and start, so the mention at a place in an article (a quote's speaker) is a
    #     range read, not a scan of the article's mentions (quadratic on a book-length text).
    """
    CREATE INDEX mentions_article_start ON mentions(article, start);
    """,
    # 14: a mention can be the short form of a fuller name its article gave earlier ("the Journal" after
    #     "the Wall Street Journal"): `short_for` is that name, which the linker reads in the mention's own
    #     article only. Mentions stored before it have none (their links stay as they were).
    """
    ALTER TABLE mentions ADD COLUMN short_for TEXT;
    """,
    # 15: how often each name of an entity is written, kept up to date as mentions link (and as entities
    # merge, and as a quote's speaker moves to a person), so that choosing an entity's canonical name
    # reads its few names instead of counting all its mentions again: that recount grew with the store
    # (docs/scaling.md, hot entities). Filled here from the links already made.
    """
    CREATE TABLE entity_names (
        entity TEXT NOT NULL,
        text TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (entity, text)
    );
    INSERT INTO entity_names (entity, text, n)
        SELECT entity, text, COUNT(*) FROM mentions WHERE entity IS NOT NULL GROUP BY entity, text;
    """,
    # 16: a near-duplicate group's members by its first article, so a new copy joins the stored group
    # (link/near_duplicates.py) without reading every article.
    """
    CREATE INDEX articles_near_duplicate_of ON articles(near_duplicate_of);
    """,
    # 17: forecast and evidence keys carry a year ("attack|e:Q12@2023", link/forecast_index.py): evidence
    # is filed under the years it is dated to and a forecast looks only within its settling window (to a
    # year past its deadline), so a new report no longer re-opens every forecast ever made about its cast.
    # The old keys are dropped and every forecast is examined again at the next link (which refiles them).
    """
    DELETE FROM forecast_keys;
    DELETE FROM evidence_keys;
    DELETE FROM meta WHERE key IN ('forecasts_event_mention', 'forecasts_forecast', 'forecasts_claim');
    UPDATE forecasts SET checked = 0;
    """,
    # 18: the start and end of one operation are filed by year too ("ep|of:operation@2023",
    # link/event_match.py), and looked for at most two years apart; the misdated check reads an article's
    # stale-figure discrepancies through its own claims' series (no more store-wide summary in meta).
    """
    UPDATE event_keys SET key = key || '@' || COALESCE((SELECT substr(m.date, 1, 4) FROM event_mentions m
                                                       WHERE m.id = event_keys.mention), '0')
        WHERE key LIKE 'ep|%';
    DELETE FROM meta WHERE key = 'misdated_stale';
    """,
]
