-- eventwire schema version 4 for PostgreSQL: inputs processed incrementally, as in
-- ../0004_watch.sql.

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
