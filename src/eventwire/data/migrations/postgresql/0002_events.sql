-- eventwire schema version 2 for PostgreSQL: the event tables of ../0002_events.sql
-- (types mapped as described in 0001_initial.sql).

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
CREATE INDEX events_type ON events (type);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_place_country ON events (place_country);

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
CREATE INDEX event_actors_country ON event_actors (country);
