-- A calendar feed holds the deadlines of the authorities its person's organisation covered when
-- it was issued; NULL: every authority (the DfE, and feeds issued before organisations).
ALTER TABLE calendar_feeds ADD COLUMN authorities text[];
