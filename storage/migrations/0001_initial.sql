-- 0001: events, their sources and tags, the audit log, metadata and full-text search.
-- Dates are ISO strings; timestamps are ISO 8601 in UTC with an explicit offset.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO meta (key, value) VALUES ('max_span_days', '0');

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    start        TEXT    NOT NULL,            -- first day of the period (YYYY-MM-DD)
    "end"        TEXT,                        -- start of the last period of a range, or NULL
    last_day     TEXT    NOT NULL,            -- last calendar day covered
    precision    TEXT    NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    place        TEXT    NOT NULL DEFAULT '',
    tags_text    TEXT    NOT NULL DEFAULT '', -- tags, newline-separated, in order
    sources_text TEXT    NOT NULL DEFAULT '', -- publisher and title of every source, for FTS
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'rejected')),
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    CHECK (last_day >= start)
);

-- "What happened on 7 January?": day-precision events by (month, day), oldest first.
CREATE INDEX events_month_day ON events (status, month, day, start) WHERE precision = 'day';
-- Nearest dates that have day-precision events.
CREATE INDEX events_day_start ON events (status, start) WHERE precision = 'day';
-- Range questions: start bounded below by (start - max_span_days); covers the filter.
CREATE INDEX events_start ON events (start, last_day, status);

CREATE TABLE sources (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    publisher TEXT    NOT NULL,
    title     TEXT    NOT NULL,
    url       TEXT,
    published TEXT,
    quote     TEXT,
    PRIMARY KEY (event_id, position)
) WITHOUT ROWID;

CREATE TABLE event_tags (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag      TEXT    NOT NULL,
    tag_key  TEXT    NOT NULL,                -- lower-cased tag, for prefix lookups
    status   TEXT    NOT NULL,                -- copy of events.status
    PRIMARY KEY (event_id, position)
) WITHOUT ROWID;

CREATE INDEX event_tags_status_key ON event_tags (status, tag_key);

CREATE TABLE changes (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    actor    TEXT    NOT NULL,
    at       TEXT    NOT NULL,
    action   TEXT    NOT NULL,
    detail   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX changes_event ON changes (event_id, at, id);
CREATE INDEX changes_at ON changes (at, id);

CREATE VIRTUAL TABLE events_fts USING fts5 (
    title, summary, place, tags_text, sources_text,
    content = 'events',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, summary, place, tags_text, sources_text)
    VALUES (new.id, new.title, new.summary, new.place, new.tags_text, new.sources_text);
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary, place, tags_text, sources_text)
    VALUES ('delete', old.id, old.title, old.summary, old.place, old.tags_text, old.sources_text);
END;

CREATE TRIGGER events_fts_update
AFTER UPDATE OF title, summary, place, tags_text, sources_text ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary, place, tags_text, sources_text)
    VALUES ('delete', old.id, old.title, old.summary, old.place, old.tags_text, old.sources_text);
    INSERT INTO events_fts (rowid, title, summary, place, tags_text, sources_text)
    VALUES (new.id, new.title, new.summary, new.place, new.tags_text, new.sources_text);
END;
