-- Read models, updated in the append transaction and rebuildable from the log.
CREATE TABLE interventions (
    stream_id          text        PRIMARY KEY,
    authority          text        NOT NULL,
    regime             text        NOT NULL,
    track              text,
    stage              text        NOT NULL,
    status             text        NOT NULL,
    cycle              integer     NOT NULL,
    published_on       date        NOT NULL,
    opened_on          date        NOT NULL,
    closed_on          date,
    highest_escalation integer     NOT NULL DEFAULT 0,
    version            integer     NOT NULL,
    last_position      bigint      NOT NULL,
    -- The aggregate state after `version`, so an append folds in only its own events.
    state              jsonb       NOT NULL
);

CREATE TABLE deadlines (
    stream_id  text    NOT NULL REFERENCES interventions (stream_id),
    key        text    NOT NULL,
    milestone  text    NOT NULL,
    number     integer,
    cycle      integer NOT NULL,
    kind       text    NOT NULL,
    owner      text    NOT NULL,
    title      text    NOT NULL,
    due        date    NOT NULL,
    alert_on   date    NOT NULL,
    status     text    NOT NULL,
    met_on     date,
    PRIMARY KEY (stream_id, key)
);
CREATE INDEX deadlines_open_due ON deadlines (due) WHERE status IN ('pending', 'missed');

CREATE TABLE escalations (
    stream_id    text    NOT NULL REFERENCES interventions (stream_id),
    key          text    NOT NULL,
    milestone    text    NOT NULL,
    number       integer,
    cycle        integer NOT NULL,
    level        integer NOT NULL,
    recipient    text    NOT NULL,
    raised_on    date    NOT NULL,
    withdrawn_on date,
    PRIMARY KEY (stream_id, key, level, recipient)
);
