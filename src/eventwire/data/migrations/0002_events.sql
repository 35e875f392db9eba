-- eventwire schema version 2: tables for the PLOVER event coder.
--
-- One row of events per records.Event in Extraction.events. raw holds the whole
-- event as JSON (Event.to_dict) and is what a load returns, so fields added to
-- Event later survive a round trip before a migration gives them a column; the
-- other columns copy the fields that queries filter on. JSON columns: context
-- (array of strings), size (object), evidence (array of [start, end]).
-- event_actors has one row per participant (records.EventActor): role actor,
-- recipient or claimant (Event.claimed_by); actor_key is the document-local
-- actors.key, NULL for a participant that was not resolved to an actor.
-- The PostgreSQL tables map the SQLite types as described in 0001_initial.sql.

-- dialect: sqlite
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    key TEXT NOT NULL,
    type TEXT NOT NULL,
    quad_class INTEGER,
    trigger_text TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    sentence_start INTEGER,
    sentence_end INTEGER,
    mode TEXT,
    context TEXT,
    modality TEXT,
    modality_cue TEXT,
    date TEXT,
    date_begin TEXT,
    date_end TEXT,
    date_text TEXT,
    date_source TEXT,
    place TEXT,
    place_country TEXT,
    lat REAL CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
    lon REAL CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180)),
    place_start INTEGER,
    place_end INTEGER,
    size TEXT,
    confidence REAL,
    evidence TEXT,
    raw TEXT NOT NULL,
    UNIQUE (article_id, seq)
);
-- dialect: postgresql
CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    quad_class BIGINT,
    trigger_text TEXT COLLATE "C",
    trigger_start BIGINT,
    trigger_end BIGINT,
    sentence_start BIGINT,
    sentence_end BIGINT,
    mode TEXT COLLATE "C",
    context TEXT COLLATE "C",
    modality TEXT COLLATE "C",
    modality_cue TEXT COLLATE "C",
    date TEXT COLLATE "C",
    date_begin TEXT COLLATE "C",
    date_end TEXT COLLATE "C",
    date_text TEXT COLLATE "C",
    date_source TEXT COLLATE "C",
    place TEXT COLLATE "C",
    place_country TEXT COLLATE "C",
    lat DOUBLE PRECISION CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
    lon DOUBLE PRECISION CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180)),
    place_start BIGINT,
    place_end BIGINT,
    size TEXT COLLATE "C",
    confidence DOUBLE PRECISION,
    evidence TEXT COLLATE "C",
    raw TEXT COLLATE "C" NOT NULL,
    UNIQUE (article_id, seq)
);
-- dialect: all
CREATE INDEX events_type ON events (type);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_place_country ON events (place_country);

-- dialect: sqlite
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'claimant')),
    seq INTEGER NOT NULL,
    actor_key TEXT,
    text TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    name TEXT,
    country TEXT,
    sector TEXT,
    PRIMARY KEY (event_id, role, seq)
);
-- dialect: postgresql
CREATE TABLE event_actors (
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('actor', 'recipient', 'claimant')),
    seq BIGINT NOT NULL,
    actor_key TEXT COLLATE "C",
    text TEXT COLLATE "C" NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    name TEXT COLLATE "C",
    country TEXT COLLATE "C",
    sector TEXT COLLATE "C",
    PRIMARY KEY (event_id, role, seq)
);
-- dialect: all
CREATE INDEX event_actors_country ON event_actors (country);
