-- The portfolio asks, for every intervention, its next open deadline: this index answers with
-- one index-only probe per intervention, in the order it wants, without a sort.
CREATE INDEX deadlines_open_next ON deadlines (stream_id, due, key) INCLUDE (milestone, number)
    WHERE status IN ('pending', 'missed');
-- Overdue counts missed deadlines whatever their date: this finds them without reading the
-- open ones.
CREATE INDEX deadlines_missed ON deadlines (due) WHERE status = 'missed';
