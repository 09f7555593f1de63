-- Notifications handed to a mail server or a webhook, one row per (deadline, rung, recipient,
-- channel): a retried `notify` activity skips what an earlier attempt already delivered. The row
-- is inserted before the hand-over in a transaction that commits after it, so a second attempt
-- running at the same time waits for the first and then skips.
CREATE TABLE notification_deliveries (
    delivery_key text        PRIMARY KEY,
    stream_id    text        NOT NULL,
    channel      text        NOT NULL,
    event_id     uuid        NOT NULL,
    delivered_at timestamptz NOT NULL DEFAULT now()
);

-- Each person's secret calendar feed: only the digest of the secret is kept; deleting the row
-- revokes the feed.
CREATE TABLE calendar_feeds (
    person        text        PRIMARY KEY,
    secret_digest bytea       NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now()
);
