-- eventwire schema version 8: events sorted and filtered by the instants their dates cover.
--
-- Dates were compared as TimeML text, so a week (2025-W08) sorted after every
-- day of 2025 and a season (2015-FA) matched no date range. Each event now
-- carries the interval its date covers (times.instants.interval_of of
-- date_begin, else date, to the end of date_end, else date):
--   * begins_at, ends_at: ISO 8601 instants, 'YYYY-MM-DDTHH:MM:SS', the end
--     excluded (2025-W08: 2025-02-17T00:00:00 to 2025-02-24T00:00:00); NULL
--     when the event is undated or its date has no place on the calendar;
--   * day, day_end (migration 0007) now hold the first and the last day the
--     interval reaches into, always 'YYYY-MM-DD', no longer the TimeML text.
-- Lists sort by begins_at; a date range keeps the events whose days overlap
-- it (day_end on or after since, day on or before until), with begins_at and
-- ends_at deciding when a bound has a time of day. The store fills these
-- columns on every save; after this script, the migration fills them for the
-- events stored before (eventwire.store.migrations.fill_event_instants): the
-- instants of a TimeML value are computed in Python, not in SQL.
-- The indexes on the TimeML text (0002, 0003, 0006) served the old comparisons
-- and are replaced by ones on the days and instants.

ALTER TABLE events ADD COLUMN begins_at TEXT;
ALTER TABLE events ADD COLUMN ends_at TEXT;

DROP INDEX events_date;
DROP INDEX events_date_begin;
DROP INDEX events_day;
DROP INDEX events_day_type;
DROP INDEX events_span;

-- Newest (or oldest) first, pages read in index order; the timeline counts events
-- per span and quad class or type in index order.
CREATE INDEX events_begins_quad ON events (begins_at, ends_at, quad_class);
CREATE INDEX events_begins_type ON events (begins_at, ends_at, type);
