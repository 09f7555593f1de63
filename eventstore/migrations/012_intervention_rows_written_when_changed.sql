-- An intervention's row is written only when what it shows has changed: most events (a
-- reminder sent, a deadline scheduled after the next one) change nothing in it, and its upsert
-- was a large part of PostgreSQL's work per append. The two columns that changed on every
-- append go: a stream's version is its head's, in `streams`, and nothing read the position.
ALTER TABLE interventions DROP COLUMN version, DROP COLUMN last_position;
