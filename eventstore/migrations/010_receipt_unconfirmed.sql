-- Whether any report of the intervention still has an assumed day of receipt: the deadlines
-- counted from it may move when the real day is recorded, and the improvement team is asked to
-- confirm it (`intervention list --unconfirmed`, the portfolio's filter). Kept on the row by
-- the append, as the state has it.
ALTER TABLE interventions ADD COLUMN receipt_unconfirmed boolean NOT NULL DEFAULT false;

-- A report is received (assumed or not) by a ReportReceived event, and its receipt confirmed by
-- a ReportReceiptConfirmed naming it.
UPDATE interventions i SET receipt_unconfirmed = true
WHERE EXISTS (
    SELECT 1 FROM events r
    WHERE r.stream_id = i.stream_id
      AND r.type = 'ReportReceived'
      AND (r.data ->> 'received_assumed')::boolean
      AND NOT EXISTS (
          SELECT 1 FROM events c
          WHERE c.stream_id = r.stream_id
            AND c.type = 'ReportReceiptConfirmed'
            AND c.data ->> 'report' = r.data ->> 'number'));
