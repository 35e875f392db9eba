-- eventwire schema version 3 for PostgreSQL: the indexes of ../0003_view_indexes.sql.

CREATE INDEX event_actors_shown_name ON event_actors (COALESCE(name, text));
CREATE INDEX event_actors_actor ON event_actors (role, actor_key);
CREATE INDEX events_modality ON events (modality);
CREATE INDEX events_date_begin ON events (date_begin);
CREATE INDEX events_article ON events (article_id, key);
