-- 0013: RSS and Atom feeds a moderator subscribed (`feed add URL`). The poller
-- (adapters.feeds) reads each feed when next_poll_at comes, queues the candidates of
-- its new items for review and records the items it has seen in feed_items. A feed
-- that fails is polled again later and later (failures counts the failures in a row,
-- last_error says why), so a broken feed neither hammers its server nor stops the rest.
CREATE TABLE feeds (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    url          TEXT    NOT NULL UNIQUE,
    added_by     TEXT    NOT NULL,
    added_at     TEXT    NOT NULL,
    auto_publish REAL,                          -- publish candidates at least this sure
    next_poll_at TEXT    NOT NULL,
    last_poll_at TEXT,
    failures     INTEGER NOT NULL DEFAULT 0,    -- failed polls in a row
    last_error   TEXT,
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
);

-- An item is seen once per content: the same link (or guid) with a new content hash
-- is a changed article and is read again; the queue's own keys then keep what was
-- already queued from that article from being queued twice.
CREATE TABLE feed_items (
    feed_id      INTEGER NOT NULL,              -- feeds.id; removing a feed removes these
    item_key     TEXT    NOT NULL,              -- the item's guid, else its link
    content_hash TEXT    NOT NULL,
    seen_at      TEXT    NOT NULL,
    PRIMARY KEY (feed_id, item_key, content_hash)
);

-- The poller's question: which feeds are due.
CREATE INDEX feeds_due ON feeds (paused, next_poll_at);
