-- eventwire schema version 1 for PostgreSQL: the tables of ../0001_initial.sql with
-- the same names, columns, keys and checks, in PostgreSQL types.
--
-- Type mapping (kept the same in every PostgreSQL migration):
--   * TEXT columns use COLLATE "C": byte order, as SQLite compares, so ORDER BY,
--     range filters and exports agree between the two backends whatever the
--     database's locale; LOWER() then folds ASCII only, as SQLite does.
--   * INTEGER becomes BIGINT (SQLite integers have 64 bits; booleans are 0/1
--     with a CHECK in both); REAL becomes DOUBLE PRECISION (PostgreSQL REAL has
--     6 digits); BLOB becomes BYTEA; JSON stays TEXT, as in SQLite; identity
--     columns replace INTEGER PRIMARY KEY.
--   * Full-text search: a stored tsvector column with a GIN index instead of
--     FTS5. Title words weigh A, body words B (Store.search ranks A three times
--     B). The text search configuration stems English words like FTS5's porter
--     tokenizer and, like it, keeps stop words ("the", "not" can be searched).

CREATE TEXT SEARCH DICTIONARY eventwire_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION eventwire_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION eventwire_english
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH eventwire_stem;

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
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_status ON articles (status);
CREATE INDEX articles_search ON articles USING GIN (search);

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
CREATE INDEX entities_label ON entities (label);

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
CREATE INDEX actors_name ON actors (name);
CREATE INDEX actors_country ON actors (country);
CREATE INDEX actors_type ON actors (type);

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
CREATE INDEX times_value ON times (value);

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
CREATE INDEX places_name ON places (name);
CREATE INDEX places_country ON places (country);

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
CREATE INDEX quotes_speaker_name ON quotes (speaker_name);

CREATE TABLE failures (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL,
    stage TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C",
    at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX failures_stage ON failures (stage);
