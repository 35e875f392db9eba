-- eventwire schema version 8 for PostgreSQL: the columns and indexes of
-- ../0008_event_instants.sql; the migration fills them in Python after this script.

ALTER TABLE events ADD COLUMN begins_at TEXT;
ALTER TABLE events ADD COLUMN ends_at TEXT;

DROP INDEX events_date;
DROP INDEX events_date_begin;
DROP INDEX events_day;
DROP INDEX events_day_type;
DROP INDEX events_span;

CREATE INDEX events_begins_quad ON events (begins_at, ends_at, quad_class);
CREATE INDEX events_begins_type ON events (begins_at, ends_at, type);
