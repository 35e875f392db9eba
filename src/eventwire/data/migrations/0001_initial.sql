-- eventwire schema version 1: articles, everything extracted from them, failures,
-- and full-text search over article title and text.
--
-- Conventions:
--   * start_char / end_char are character offsets into articles.text, end-exclusive
--     ("end" is a reserved word in SQL, hence the _char suffix).
--   * seq is the position of a record in its Extraction list, so loading an
--     article returns its records in the order they were saved.
--   * booleans are INTEGER 0/1, JSON is TEXT, timestamps are UTC ISO 8601 TEXT.
--
-- Each table stands once per dialect (see eventwire/store/migrations.py), with
-- the same names, columns, keys and checks; its indexes, alike in both, follow
-- once. The PostgreSQL tables map the SQLite types so (and so do those of
-- versions 2, 4 and 5; the columns and tables that versions 7 to 9 add are
-- written once for both, plain TEXT):
--   * TEXT columns use COLLATE "C": byte order, as SQLite compares, so ORDER BY,
--     range filters and exports agree between the two backends whatever the
--     database's locale; LOWER() then folds ASCII only, as SQLite does.
--   * INTEGER becomes BIGINT (SQLite integers have 64 bits; booleans are 0/1
--     with a CHECK in both); REAL becomes DOUBLE PRECISION (PostgreSQL REAL has
--     6 digits); BLOB becomes BYTEA; JSON stays TEXT, as in SQLite; identity
--     columns replace INTEGER PRIMARY KEY.
-- Full-text search: in SQLite an FTS5 index (the last section); in PostgreSQL a
-- stored tsvector column of articles with a GIN index. Title words weigh A, body
-- words B (Store.search ranks A three times B). The PostgreSQL text search
-- configuration stems English words like FTS5's porter tokenizer and, like it,
-- keeps stop words ("the", "not" can be searched).

-- dialect: postgresql
CREATE TEXT SEARCH DICTIONARY eventwire_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION eventwire_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION eventwire_english
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH eventwire_stem;

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE articles (
    num BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    title TEXT COLLATE "C",
    subtitle TEXT COLLATE "C",
    text TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C",
    published TEXT COLLATE "C",
    published_source TEXT COLLATE "C" NOT NULL,
    publisher TEXT COLLATE "C",
    section TEXT COLLATE "C",
    author TEXT COLLATE "C",
    image_url TEXT COLLATE "C",
    keywords TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    language TEXT COLLATE "C",
    source TEXT COLLATE "C" NOT NULL,
    format TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('ok', 'skipped')),
    reason TEXT COLLATE "C",
    schema_version TEXT COLLATE "C" NOT NULL,
    extractor_version TEXT COLLATE "C" NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('eventwire_english', COALESCE(title, '')), 'A')
        || setweight(to_tsvector('eventwire_english', text), 'B')
    ) STORED
);
CREATE INDEX articles_search ON articles USING GIN (search);
-- dialect: all
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_status ON articles (status);

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE entities (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    label TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
-- dialect: all
CREATE INDEX entities_label ON entities (label);

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE actors (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    sector TEXT COLLATE "C",
    role TEXT COLLATE "C",
    PRIMARY KEY (article_id, seq),
    UNIQUE (article_id, key)
);
-- dialect: all
CREATE INDEX actors_name ON actors (name);
CREATE INDEX actors_country ON actors (country);
CREATE INDEX actors_type ON actors (type);

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE mentions (
    article_id TEXT COLLATE "C" NOT NULL,
    actor_seq BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    actor_key TEXT COLLATE "C" NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, actor_seq, seq),
    FOREIGN KEY (article_id, actor_seq) REFERENCES actors (article_id, seq) ON DELETE CASCADE,
    CHECK (0 <= start_char AND start_char <= end_char)
);

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE times (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C",
    granularity TEXT COLLATE "C",
    begin TEXT COLLATE "C",
    end_value TEXT COLLATE "C",
    anchored BIGINT NOT NULL CHECK (anchored IN (0, 1)),
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
-- dialect: all
CREATE INDEX times_value ON times (value);

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE places (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    lat DOUBLE PRECISION CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
    lon DOUBLE PRECISION CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180)),
    feature TEXT COLLATE "C" NOT NULL,
    geonameid BIGINT,
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
-- dialect: all
CREATE INDEX places_name ON places (name);
CREATE INDEX places_country ON places (country);

-- dialect: sqlite
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
-- dialect: postgresql
CREATE TABLE quotes (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    direct BIGINT NOT NULL CHECK (direct IN (0, 1)),
    speaker_key TEXT COLLATE "C",
    speaker_name TEXT COLLATE "C",
    speaker_start BIGINT,
    speaker_end BIGINT,
    cue TEXT COLLATE "C",
    cue_start BIGINT,
    cue_end BIGINT,
    PRIMARY KEY (article_id, seq),
    CHECK (0 <= start_char AND start_char <= end_char)
);
-- dialect: all
CREATE INDEX quotes_speaker_name ON quotes (speaker_name);

-- dialect: sqlite
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    message TEXT NOT NULL,
    -- no foreign key: a failed article is usually not in the articles table
    article_id TEXT,
    at TEXT NOT NULL
);
-- dialect: postgresql
CREATE TABLE failures (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL,
    stage TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C",
    at TEXT COLLATE "C" NOT NULL
);
-- dialect: all
CREATE INDEX failures_stage ON failures (stage);

-- dialect: sqlite
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
