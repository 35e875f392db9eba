-- eventwire schema version 7: event filters answered from an index, not from event rows.
--
-- An events query by actor and date range used to read every event of the range
-- (a month: ~40,000 rows of a large store) and look up its participants. Each
-- event now carries its days and a search key of its participants per role, and
-- two indexes hold them, so the filter reads index entries only and the rows of
-- the matches alone:
--   * day, day_end: COALESCE(date_begin, date) and COALESCE(date_end, date_begin,
--     date), the days the event starts and ends (NULL when undated);
--   * actor_keys, recipient_keys: for each participant of the role, in order,
--     char(30) || country || char(31) || lower(name) || char(31) || lower(text),
--     then a final char(30); NULL without participants. A code matches as
--     char(30) || code || char(31); a name as a lower-case substring (a code is
--     upper case, and instr() is case-sensitive, so it never matches a name query).
-- The store fills them on every save; this fills them for the events stored before.
-- PostgreSQL gets instr(), which SQLite has built in. The keys are filled by an
-- UPDATE per dialect: SQLite joins them with group_concat() over ordered rows and
-- char(), PostgreSQL with string_agg(... ORDER BY) and chr().

-- dialect: postgresql
CREATE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT strpos($1, $2)';
-- dialect: all
ALTER TABLE events ADD COLUMN day TEXT;
ALTER TABLE events ADD COLUMN day_end TEXT;
ALTER TABLE events ADD COLUMN actor_keys TEXT;
ALTER TABLE events ADD COLUMN recipient_keys TEXT;

-- dialect: sqlite
UPDATE events SET
    day = COALESCE(date_begin, date),
    day_end = COALESCE(date_end, date_begin, date),
    actor_keys = (
        SELECT group_concat(char(30) || COALESCE(p.country, '') || char(31)
                            || LOWER(COALESCE(p.name, '')) || char(31) || LOWER(p.text), '')
               || char(30)
        FROM (SELECT * FROM event_actors WHERE event_id = events.id AND role = 'actor'
              ORDER BY seq) AS p
    ),
    recipient_keys = (
        SELECT group_concat(char(30) || COALESCE(p.country, '') || char(31)
                            || LOWER(COALESCE(p.name, '')) || char(31) || LOWER(p.text), '')
               || char(30)
        FROM (SELECT * FROM event_actors WHERE event_id = events.id AND role = 'recipient'
              ORDER BY seq) AS p
    );
-- dialect: postgresql
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

-- dialect: all
-- Events starting in a range; and those spanning days, by their end, for the
-- ones that began before a range and last into it.
CREATE INDEX events_match ON events (day, day_end, actor_keys, recipient_keys, id);
CREATE INDEX events_match_span ON events (day_end, day, actor_keys, recipient_keys, id)
    WHERE day_end > day;
