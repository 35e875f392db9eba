-- eventwire schema version 7 for PostgreSQL: the columns and indexes of
-- ../0007_event_match.sql, and instr(), which SQLite has built in.

CREATE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT strpos($1, $2)';

ALTER TABLE events ADD COLUMN day TEXT;
ALTER TABLE events ADD COLUMN day_end TEXT;
ALTER TABLE events ADD COLUMN actor_keys TEXT;
ALTER TABLE events ADD COLUMN recipient_keys TEXT;

UPDATE events SET
    day = COALESCE(date_begin, date),
    day_end = COALESCE(date_end, date_begin, date),
    actor_keys = (
        SELECT string_agg(chr(30) || COALESCE(p.country, '') || chr(31)
                          || LOWER(COALESCE(p.name, '')) || chr(31) || LOWER(p.text), ''
                          ORDER BY p.seq) || chr(30)
        FROM event_actors p WHERE p.event_id = events.id AND p.role = 'actor'
    ),
    recipient_keys = (
        SELECT string_agg(chr(30) || COALESCE(p.country, '') || chr(31)
                          || LOWER(COALESCE(p.name, '')) || chr(31) || LOWER(p.text), ''
                          ORDER BY p.seq) || chr(30)
        FROM event_actors p WHERE p.event_id = events.id AND p.role = 'recipient'
    );

CREATE INDEX events_match ON events (day, day_end, actor_keys, recipient_keys, id);
CREATE INDEX events_match_span ON events (day_end, day, actor_keys, recipient_keys, id)
    WHERE day_end > day;
