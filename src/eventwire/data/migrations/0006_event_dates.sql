-- eventwire schema version 6: indexes for reads over many events (date ranges, participants).
--
-- Store filters and groups events by the day they start, COALESCE(date_begin,
-- date), and the day they end, COALESCE(date_end, date_begin, date); queries
-- must use these same expressions for the indexes to apply.
--   * events_day: a date range (events --since --until) reads a slice of it;
--     with events_day_type, the timeline counts events per day and quad class
--     or type in index order, without sorting.
--   * events_span: events that last more than a day (a month, "last week"),
--     by their end, so a range finds those that began before it and end in it.

CREATE INDEX events_day ON events (COALESCE(date_begin, date), quad_class);
CREATE INDEX events_day_type ON events (COALESCE(date_begin, date), type);
CREATE INDEX events_span ON events (COALESCE(date_end, date_begin, date), COALESCE(date_begin, date))
    WHERE COALESCE(date_end, date_begin, date) > COALESCE(date_begin, date);

-- The actor and recipient filters look up each candidate event's participants of
-- a role; with every column they test in the index, the table is not read.
CREATE INDEX event_actors_match ON event_actors (event_id, role, country, name, text);
