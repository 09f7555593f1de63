-- The log: one row per fact, never changed.
CREATE TABLE events (
    position      bigint      PRIMARY KEY,
    stream_id     text        NOT NULL,
    version       integer     NOT NULL CHECK (version >= 1),
    event_id      uuid        NOT NULL UNIQUE,
    type          text        NOT NULL,
    effective_on  date        NOT NULL,
    recorded_at   timestamptz NOT NULL,
    actor_name    text        NOT NULL,
    actor_role    text        NOT NULL,
    data          jsonb       NOT NULL,
    hash          bytea       NOT NULL,
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

-- Global positions come from one counter row updated inside the append transaction: the row
-- lock serialises position assignment until commit, so positions are gap-free and a reader of
-- the log never sees position n+1 before position n is committed.
CREATE TABLE event_position (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last      bigint  NOT NULL
);
INSERT INTO event_position (singleton, last) VALUES (true, 0);

CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
