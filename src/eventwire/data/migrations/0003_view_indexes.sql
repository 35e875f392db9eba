-- eventwire schema version 3: indexes for the reads behind the API and the web UI.
--
-- The actor page, the network and the counterparts look participants up by
-- the name they are shown under, COALESCE(name, text) (an expression index:
-- queries must use that same expression); the calendar and the events filters
-- look events up by modality and by the start of their date.

CREATE INDEX event_actors_shown_name ON event_actors (COALESCE(name, text));
CREATE INDEX event_actors_actor ON event_actors (role, actor_key);
CREATE INDEX events_modality ON events (modality);
CREATE INDEX events_date_begin ON events (date_begin);
CREATE INDEX events_article ON events (article_id, key);
