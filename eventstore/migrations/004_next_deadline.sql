-- Each intervention's next open deadline and how many of its open deadlines are missed, kept on
-- its row by the append (inline). Overdue is then a question about the row alone (the next
-- deadline is past, or one is missed), and the portfolio is read in its own order from one
-- index, a page at a time, without probing the deadlines of every intervention.
ALTER TABLE interventions
    ADD COLUMN next_milestone text,
    ADD COLUMN next_number integer,
    ADD COLUMN next_due date,
    ADD COLUMN missed_deadlines integer NOT NULL DEFAULT 0;

-- Ties on the date are broken by the key in code-point order, as the projection does.
UPDATE interventions i
SET next_milestone = n.milestone, next_number = n.number, next_due = n.due
FROM (SELECT DISTINCT ON (stream_id) stream_id, milestone, number, due
      FROM deadlines WHERE status IN ('pending', 'missed')
      ORDER BY stream_id, due, key COLLATE "C") n
WHERE n.stream_id = i.stream_id;

UPDATE interventions i SET missed_deadlines = m.missed
FROM (SELECT stream_id, count(*) AS missed FROM deadlines WHERE status = 'missed'
      GROUP BY stream_id) m
WHERE m.stream_id = i.stream_id;

-- The portfolio's order; its totals are counted from this index alone.
CREATE INDEX interventions_portfolio_order
    ON interventions (status DESC, next_due NULLS LAST, authority, stream_id)
    INCLUDE (missed_deadlines);

-- Overdue is now read from the intervention's row: deadlines are no longer looked up by their
-- date or status across interventions, only by intervention, so these cost writes and serve no
-- reader.
DROP INDEX deadlines_missed;
DROP INDEX deadlines_open_due;
