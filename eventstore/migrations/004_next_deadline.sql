-- Each intervention's next open deadline, kept on its row by the append (inline), so the
-- portfolio is read in its own order from one index, a page at a time, without probing the
-- deadlines of every intervention.
ALTER TABLE interventions
    ADD COLUMN next_milestone text,
    ADD COLUMN next_number integer,
    ADD COLUMN next_due date;

-- Ties on the date are broken by the key in code-point order, as the projection does.
UPDATE interventions i
SET next_milestone = n.milestone, next_number = n.number, next_due = n.due
FROM (SELECT DISTINCT ON (stream_id) stream_id, milestone, number, due
      FROM deadlines WHERE status IN ('pending', 'missed')
      ORDER BY stream_id, due, key COLLATE "C") n
WHERE n.stream_id = i.stream_id;

CREATE INDEX interventions_portfolio_order
    ON interventions (status DESC, next_due NULLS LAST, authority, stream_id);
