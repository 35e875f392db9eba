-- eventwire schema version 6 for PostgreSQL: the indexes of ../0006_event_dates.sql.

CREATE INDEX events_day ON events (COALESCE(date_begin, date), quad_class);
CREATE INDEX events_day_type ON events (COALESCE(date_begin, date), type);
CREATE INDEX events_span ON events (COALESCE(date_end, date_begin, date), COALESCE(date_begin, date))
    WHERE COALESCE(date_end, date_begin, date) > COALESCE(date_begin, date);
CREATE INDEX event_actors_match ON event_actors (event_id, role, country, name, text);
