-- eventwire schema version 5: cross-article merging (near-duplicate articles and story events).
--
-- article_signatures keeps the MinHash signature of each article's text
-- (dedup.py: 128 little-endian uint32 values, BYTEA in PostgreSQL), computed
-- once; scheme names the parameters, and a signature of another scheme is
-- computed again. duplicate_links links each near-duplicate article to its
-- canonical article (the earliest published) with the estimated Jaccard
-- similarity of their texts. stories has one row per story event (stories.py):
-- the reports of one real-world event across articles; story_events lists
-- those reports (one event of one article each, an event in one story only)
-- and story_participants the actor and recipient identities of each story,
-- for filtering. Links and stories are derived data that `eventwire merge`
-- replaces as a whole; JSON columns (actor_codes...) are arrays of strings.
-- The PostgreSQL tables map the SQLite types as described in 0001_initial.sql.

-- dialect: sqlite
CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    signature BLOB NOT NULL
);
-- dialect: postgresql
CREATE TABLE article_signatures (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    scheme TEXT COLLATE "C" NOT NULL,
    signature BYTEA NOT NULL
);

-- dialect: sqlite
CREATE TABLE duplicate_links (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    similarity REAL NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
    CHECK (article_id <> canonical_id)
);
-- dialect: postgresql
CREATE TABLE duplicate_links (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    canonical_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    similarity DOUBLE PRECISION NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
    CHECK (article_id <> canonical_id)
);
-- dialect: all
CREATE INDEX duplicate_links_canonical ON duplicate_links (canonical_id);

-- dialect: sqlite
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    quad_class INTEGER,
    factuality TEXT NOT NULL CHECK (factuality IN ('factual', 'irrealis', 'negated')),
    actor_codes TEXT NOT NULL DEFAULT '[]',
    recipient_codes TEXT NOT NULL DEFAULT '[]',
    actor_names TEXT NOT NULL DEFAULT '[]',
    recipient_names TEXT NOT NULL DEFAULT '[]',
    date_begin TEXT,
    date_end TEXT,
    first_reported TEXT,
    last_reported TEXT,
    place TEXT,
    place_country TEXT,
    sources INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    reports INTEGER NOT NULL
);
-- dialect: postgresql
CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    type TEXT COLLATE "C" NOT NULL,
    quad_class BIGINT,
    factuality TEXT COLLATE "C" NOT NULL
        CHECK (factuality IN ('factual', 'irrealis', 'negated')),
    actor_codes TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    recipient_codes TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    actor_names TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    recipient_names TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    date_begin TEXT COLLATE "C",
    date_end TEXT COLLATE "C",
    first_reported TEXT COLLATE "C",
    last_reported TEXT COLLATE "C",
    place TEXT COLLATE "C",
    place_country TEXT COLLATE "C",
    sources BIGINT NOT NULL,
    articles BIGINT NOT NULL,
    reports BIGINT NOT NULL
);
-- dialect: all
CREATE INDEX stories_type ON stories (type);
CREATE INDEX stories_date_begin ON stories (date_begin);
CREATE INDEX stories_first_reported ON stories (first_reported);

-- dialect: sqlite
CREATE TABLE story_events (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    event_key TEXT NOT NULL,
    PRIMARY KEY (story_id, seq)
);
-- dialect: postgresql
CREATE TABLE story_events (
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE,
    article_id TEXT COLLATE "C" NOT NULL,
    event_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, seq)
);
-- dialect: all
CREATE INDEX story_events_article ON story_events (article_id, event_key);

-- dialect: sqlite
CREATE TABLE story_participants (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    name TEXT,
    PRIMARY KEY (story_id, role, seq)
);
-- dialect: postgresql
CREATE TABLE story_participants (
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('actor', 'recipient')),
    seq BIGINT NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    sector TEXT COLLATE "C",
    name TEXT COLLATE "C",
    PRIMARY KEY (story_id, role, seq)
);
-- dialect: all
CREATE INDEX story_participants_country ON story_participants (country);
CREATE INDEX story_participants_name ON story_participants (name);
