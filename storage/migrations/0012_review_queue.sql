-- 0012: the review queue. Candidate events extracted from articles (bot.extraction) wait
-- here for a moderator: approved, one becomes a published event, or a new source on the
-- event it matches; rejected, it stays as a record of the decision. Each candidate is one
-- sentence of one article, so the same article ingested twice adds nothing: a candidate
-- is unique by (article content hash, quote) and by (article URL, quote). NULL URLs never
-- conflict (SQLite's UNIQUE treats NULLs as distinct), so pasted text is keyed by its hash.
CREATE TABLE candidates (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    article_hash  TEXT    NOT NULL,            -- sha256 of the article's text
    article_url   TEXT,                        -- where it was published, if known
    publisher     TEXT    NOT NULL DEFAULT '',
    article_title TEXT    NOT NULL DEFAULT '',
    published     TEXT,                        -- the article's date (YYYY-MM-DD)
    quote         TEXT    NOT NULL,            -- the sentence the candidate came from
    start         TEXT    NOT NULL,            -- the resolved date, as events.start
    "end"         TEXT,
    precision     TEXT    NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    date_text     TEXT    NOT NULL DEFAULT '', -- how the article wrote the date
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL DEFAULT '',
    place         TEXT    NOT NULL DEFAULT '',
    actors        TEXT    NOT NULL DEFAULT '', -- newline-separated
    confidence    REAL    NOT NULL,
    matched_event INTEGER,                     -- the existing event it seems to report
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected', 'merged')),
    event_id      INTEGER,                     -- the event it became or was added to
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    UNIQUE (article_hash, quote),
    UNIQUE (article_url, quote)
);

-- "review": the pending candidates, oldest first.
CREATE INDEX candidates_pending ON candidates (status, id);
