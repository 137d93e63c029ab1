-- 0005: scheduled posts: channel subscriptions, the delivery ledger and its failure log.
-- Timestamps are ISO 8601 in UTC with microseconds, so they compare as text.

CREATE TABLE subscriptions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,   -- AUTOINCREMENT: ids are never reused
    platform       TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    tz             TEXT    NOT NULL,                    -- IANA zone
    post_at        TEXT    NOT NULL,                    -- local wall-clock HH:MM
    digest         INTEGER NOT NULL CHECK (digest IN (0, 1)),
    alerts         INTEGER NOT NULL CHECK (alerts IN (0, 1)),
    milestones     TEXT    NOT NULL,                    -- JSON array of years
    lead_days      TEXT    NOT NULL,                    -- JSON array of days
    tags           TEXT    NOT NULL,                    -- JSON array of lower-cased tags
    weekend_friday INTEGER NOT NULL DEFAULT 0 CHECK (weekend_friday IN (0, 1)),
    post_empty     INTEGER NOT NULL DEFAULT 0 CHECK (post_empty IN (0, 1)),
    paused         TEXT    NOT NULL DEFAULT '',         -- why it is paused; '' when active
    checked_until  TEXT    NOT NULL,                    -- every occasion due by then is in the ledger
    failing        INTEGER NOT NULL DEFAULT 0,          -- consecutive failed attempts
    version        INTEGER NOT NULL DEFAULT 1,
    removed_at     TEXT,                                -- removed subscriptions keep their ledger
    created_by     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_by     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CHECK (digest = 1 OR alerts = 1)
);

-- One live subscription per channel.
CREATE UNIQUE INDEX subscriptions_channel ON subscriptions (platform, channel)
WHERE removed_at IS NULL;

-- The ledger: one row per (subscription, occasion), created before any attempt to post.
CREATE TABLE deliveries (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    occasion        TEXT    NOT NULL,                   -- digest:<day> or alert:<event>:<day>:<lead>
    due_at          TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'posted', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,                   -- pending: not before; sending: stale after
    owner           TEXT,                               -- the process attempting it
    message_id      TEXT,
    posted_at       TEXT,
    late            INTEGER NOT NULL DEFAULT 0,
    deduplicated    INTEGER NOT NULL DEFAULT 0,
    reason          TEXT    NOT NULL DEFAULT '',        -- why skipped, or the last error
    created_at      TEXT    NOT NULL,
    PRIMARY KEY (subscription_id, occasion)
) WITHOUT ROWID;

-- Work to do: pending records that are due, and attempts that died mid-way.
CREATE INDEX deliveries_work ON deliveries (state, next_attempt_at);

CREATE TABLE delivery_failures (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    occasion        TEXT    NOT NULL,
    at              TEXT    NOT NULL,
    error           TEXT    NOT NULL
);

CREATE INDEX delivery_failures_at ON delivery_failures (at, id);
CREATE INDEX delivery_failures_subscription ON delivery_failures (subscription_id);
