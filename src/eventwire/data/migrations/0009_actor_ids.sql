-- eventwire schema version 9: canonical actor ids, the same actor across articles.
--
-- The actors of one article are resolved by the actors stage; the store gives
-- each one a canonical id when it saves the article (store/identity.py, with the
-- rules of crossdoc/identity.py), so that "Donald Trump", "Donald J. Trump" and
-- "President-elect Trump" of different articles are one actor:
--   * actor_ids: one row per canonical id, with its canonical name, type, codes,
--     and what candidates are found by (a person's given name and surname, an
--     organisation's initials); base_key is the identity key it stands for;
--   * actors.actor_id, event_actors.actor_id: the id of each actor and event
--     participant; actors.name_key: the identity key that decided it;
--     actors.ref, actors.cameo: the actor dictionary's entry id and CAMEO code;
--   * actor_keys: the dependent keys seen ("Clinton" alone, "Donald J. Trump",
--     "DNC") and the id they resolve to now, by family (the word, name or initials
--     whose candidates decide them), so that a new candidate re-resolves them;
--   * actor_overrides: the user's corrections (eventwire actors merge / split): a key
--     ("name:..." for one name) and the id it must have; assignment reads them first.
-- The ids of the actors stored before are filled in by the store right after this
-- migration (it needs the Python rules), in the same transaction.

ALTER TABLE actors ADD COLUMN ref TEXT;
ALTER TABLE actors ADD COLUMN cameo TEXT;
ALTER TABLE actors ADD COLUMN actor_id TEXT;
ALTER TABLE actors ADD COLUMN name_key TEXT;
ALTER TABLE event_actors ADD COLUMN actor_id TEXT;

CREATE INDEX actors_actor_id ON actors (actor_id);
CREATE INDEX actors_name_key ON actors (name_key);
CREATE INDEX event_actors_actor_id ON event_actors (actor_id, event_id);

CREATE TABLE actor_ids (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    ref TEXT,
    cameo TEXT,
    base_key TEXT,
    given TEXT,
    surname TEXT,
    initials TEXT
);
CREATE INDEX actor_ids_surname ON actor_ids (surname);
CREATE INDEX actor_ids_given ON actor_ids (given);
CREATE INDEX actor_ids_initials ON actor_ids (initials);

CREATE TABLE actor_keys (
    key TEXT PRIMARY KEY,
    family TEXT NOT NULL,
    actor_id TEXT NOT NULL
);
CREATE INDEX actor_keys_family ON actor_keys (family);

CREATE TABLE actor_overrides (
    key TEXT PRIMARY KEY,
    actor_id TEXT NOT NULL,
    made_at TEXT NOT NULL
);
