-- eventwire schema version 5 for PostgreSQL: cross-article merging, as in
-- ../0005_stories.sql (signatures are BYTEA).

CREATE TABLE article_signatures (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    scheme TEXT COLLATE "C" NOT NULL,
    signature BYTEA NOT NULL
);

CREATE TABLE duplicate_links (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    canonical_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    similarity DOUBLE PRECISION NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
    CHECK (article_id <> canonical_id)
);
CREATE INDEX duplicate_links_canonical ON duplicate_links (canonical_id);

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
CREATE INDEX stories_type ON stories (type);
CREATE INDEX stories_date_begin ON stories (date_begin);
CREATE INDEX stories_first_reported ON stories (first_reported);

CREATE TABLE story_events (
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE,
    article_id TEXT COLLATE "C" NOT NULL,
    event_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, seq)
);
CREATE INDEX story_events_article ON story_events (article_id, event_key);

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
CREATE INDEX story_participants_country ON story_participants (country);
CREATE INDEX story_participants_name ON story_participants (name);
