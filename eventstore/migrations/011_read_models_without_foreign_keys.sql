-- The deadlines and escalations of an intervention are written by the same statement as its
-- row, and only for the streams whose head that statement moved (`eventstore/writer.py`), and
-- rebuild empties and refills the three tables together: their foreign keys could never find an
-- orphan, yet checked every row an append wrote, about a tenth of PostgreSQL's work per append.
ALTER TABLE deadlines DROP CONSTRAINT deadlines_stream_id_fkey;
ALTER TABLE escalations DROP CONSTRAINT escalations_stream_id_fkey;
