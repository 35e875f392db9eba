-- eventwire schema version 1: articles, everything extracted from them, failures,
-- and full-text search over article title and text.
--
-- Conventions (kept portable so a PostgreSQL backend can reuse the shape):
--   * start_char / end_char are character offsets into articles.text, end-exclusive
--     ("end" is a reserved word in SQL, hence the _char suffix).
--   * seq is the position of a record in its Extraction list, so loading an
--     article returns its records in the order they were saved.
--   * booleans are INTEGER 0/1, JSON is TEXT, timestamps are UTC ISO 8601 TEXT.
-- Only the last section (full-text search) is SQLite-specific.

CREATE TABLE articles (
    -- num is the stable row number the full-text index points at; an explicit
    -- INTEGER PRIMARY KEY survives VACUUM, an implicit rowid may not.
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    subtitle TEXT,
    text TEXT NOT NULL,
    url TEXT,
    published TEXT,
    published_source TEXT NOT NULL,
    publisher TEXT,
    section TEXT,
    author TEXT,
    image_url TEXT,
    keywords TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
    reason TEXT,
    schema_version TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_status ON articles (status);

CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
CREATE INDEX entities_label ON entities (label);

CREATE TABLE actors (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    role TEXT,
    PRIMARY KEY (article_id, seq),
    -- keys are document-local: quotes, mentions and events refer to actors by key
    UNIQUE (article_id, key)
);
CREATE INDEX actors_name ON actors (name);
CREATE INDEX actors_country ON actors (country);
CREATE INDEX actors_type ON actors (type);

CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    actor_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    actor_key TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (article_id, actor_seq, seq),
    FOREIGN KEY (article_id, actor_seq) REFERENCES actors (article_id, seq) ON DELETE CASCADE,
    CHECK (0 <= start_char AND start_char <= end_char)
);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT,
    granularity TEXT,
    begin TEXT,
    end_value TEXT,
    anchored INTEGER NOT NULL CHECK (anchored IN (0, 1)),
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
CREATE INDEX times_value ON times (value);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    lat REAL CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
    lon REAL CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180)),
    feature TEXT NOT NULL,
    geonameid INTEGER,
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
CREATE INDEX places_name ON places (name);
CREATE INDEX places_country ON places (country);

CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    direct INTEGER NOT NULL CHECK (direct IN (0, 1)),
    speaker_key TEXT,
    speaker_name TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
CREATE INDEX quotes_speaker_name ON quotes (speaker_name);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    message TEXT NOT NULL,
    -- no foreign key: a failed article is usually not in the articles table
    article_id TEXT,
    at TEXT NOT NULL
);
CREATE INDEX failures_stage ON failures (stage);

-- Full-text search (SQLite FTS5). An external-content index over
-- articles.title and articles.text, kept in sync by triggers so that no
-- write path in Python has to know about it.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    text,
    content = 'articles',
    content_rowid = 'num',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.num, new.title, new.text);
END;

CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.num, old.title, old.text);
END;

CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.num, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.num, new.title, new.text);
END;
