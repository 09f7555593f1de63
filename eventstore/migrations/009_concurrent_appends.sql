-- Appends of different streams commit concurrently.
--
-- Positions come from a sequence instead of a counter row locked until commit: they have gaps
-- (an append rolled back leaves one) and are not in commit order. Each event carries the id of
-- the transaction that wrote it, and the log is read in (transaction_id, position) order, only
-- below the oldest transaction still running (`eventstore.log`), so a reader never finds an
-- event behind one it has already read.
CREATE SEQUENCE event_positions AS bigint;
SELECT setval('event_positions', greatest(last, 1), last > 0) FROM event_position;
DROP TABLE event_position;

-- The events written before committed one at a time, in position order: transaction 0 keeps
-- them in that order, ahead of every event written since. The log's order is its key; each
-- position is still unique, as the sequence hands it out once.
ALTER TABLE events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0';
ALTER TABLE events ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id();
ALTER TABLE events DROP CONSTRAINT events_pkey, ADD PRIMARY KEY (transaction_id, position);

-- Each stream's head: its version and the hash its chain ends on, moved by the same statement
-- that appends. An append goes ahead only from the head it expects; and with gaps in the
-- positions, the head is what shows that a stream's last event was removed.
CREATE TABLE streams (
    stream_id text    PRIMARY KEY,
    version   integer NOT NULL CHECK (version >= 1),
    hash      bytea   NOT NULL
);
INSERT INTO streams (stream_id, version, hash)
SELECT DISTINCT ON (stream_id) stream_id, version, hash
FROM events ORDER BY stream_id, version DESC;

-- An append folds its events into the state its process kept from the stream's previous
-- append, or from the log: the state is no longer rewritten with every append. What readers
-- took from it (the regime's version, the contacts) are columns of their own.
ALTER TABLE interventions
    ADD COLUMN regime_version integer NOT NULL DEFAULT 1,
    ADD COLUMN contacts jsonb NOT NULL DEFAULT '{}';
UPDATE interventions
SET regime_version = COALESCE((state ->> 'regime_version')::integer, 1),
    contacts = COALESCE(state -> 'contacts', '{}');
ALTER TABLE interventions DROP COLUMN state;
