-- eventwire schema version 4: inputs processed incrementally.
--
-- One row per file that `eventwire watch` ingested (kind 'file') and per
-- Parquet shard that `eventwire load` loaded (kind 'shard'), so that neither
-- reads the same content twice, across restarts. A file is processed again
-- only when its size, mtime and then content hash change; article_ids (a JSON
-- array) are all the ids ingested from it so far, so a feed or JSON Lines
-- file that gains entries has only its new entries ingested. mtime_ns is
-- nanoseconds since the epoch (BIGINT: it does not fit 32 bits).
-- The PostgreSQL table maps the SQLite types as described in 0001_initial.sql.

-- dialect: sqlite
CREATE TABLE watched_files (
    kind TEXT NOT NULL CHECK (kind IN ('file', 'shard')),
    path TEXT NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    article_ids TEXT NOT NULL DEFAULT '[]',
    failures INTEGER NOT NULL DEFAULT 0,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (kind, path)
);
-- dialect: postgresql
CREATE TABLE watched_files (
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('file', 'shard')),
    path TEXT COLLATE "C" NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    content_hash TEXT COLLATE "C" NOT NULL,
    article_ids TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    failures BIGINT NOT NULL DEFAULT 0,
    processed_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, path)
);
