-- 0011: moderation. Events can be retracted (a soft delete: status 'retracted', which
-- every answer leaves out, as it leaves out drafts) and merged into another event
-- (merged_into, set on the retracted one). Every audit entry can hold the event's whole
-- state before and after the change, as JSON (storage.audit_rows), which is what undo
-- restores; older entries keep NULL there and stay valid, they just cannot be undone.
-- Ids are never reused: events becomes AUTOINCREMENT, whose high-water mark
-- (sqlite_sequence) survives deleting the newest rows, so a new event never inherits
-- an old one's history; the audit log is append-only (below).
--
-- SQLite cannot alter a CHECK constraint or add AUTOINCREMENT in place, so events is
-- rebuilt by the documented procedure (create, copy, drop, rename). The store runs
-- migrations before it turns foreign keys on, so dropping the old events table cascades
-- to nothing. Ids are copied as they are, so the full-text indexes (external content,
-- keyed by id) and the span R*Tree stay valid; the indexes and triggers that belonged
-- to the dropped table are created again exactly as migrations 0001-0009 made them.

CREATE TABLE events_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
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
    status       TEXT    NOT NULL
                 CHECK (status IN ('draft', 'published', 'rejected', 'retracted')),
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    sources_json TEXT    NOT NULL DEFAULT '[]',
    version      INTEGER NOT NULL DEFAULT 1,
    merged_into  INTEGER,                     -- the event this one was merged into
    CHECK (last_day >= start),
    CHECK (merged_into IS NULL OR status = 'retracted')
);

INSERT INTO events_new (id, start, "end", last_day, precision, year, month, day, title,
                        summary, place, tags_text, sources_text, status, created_by,
                        created_at, updated_by, updated_at, sources_json, version)
SELECT id, start, "end", last_day, precision, year, month, day, title, summary, place,
       tags_text, sources_text, status, created_by, created_at, updated_by, updated_at,
       sources_json, version
FROM events;

DROP TABLE events;

ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_start ON events (start, last_day, status);
CREATE INDEX events_month_day ON events (precision, status, month, day, start);
CREATE INDEX events_day_start ON events (precision, status, start);
CREATE INDEX events_period ON events (start, last_day, status, precision);

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

CREATE TRIGGER search_words_insert AFTER INSERT ON events
WHEN new.status = 'published'
AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_words') BEGIN
    INSERT INTO word_splitter (rowid, text)
    VALUES (new.id, new.title || ' ' || new.summary || ' ' || new.place || ' ' || new.tags_text);
    INSERT INTO search_words (word, events) SELECT term, 1 FROM word_splitter_terms WHERE true
    ON CONFLICT (word) DO UPDATE SET events = events + 1;
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
END;

CREATE TRIGGER search_words_delete AFTER DELETE ON events
WHEN old.status = 'published' BEGIN
    INSERT INTO word_splitter (rowid, text)
    VALUES (old.id, old.title || ' ' || old.summary || ' ' || old.place || ' ' || old.tags_text);
    UPDATE search_words SET events = events - 1
    WHERE word IN (SELECT term FROM word_splitter_terms);
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
END;

CREATE TRIGGER search_words_update
AFTER UPDATE OF title, summary, place, tags_text, status ON events
WHEN old.status = 'published' OR new.status = 'published' BEGIN
    INSERT INTO word_splitter (rowid, text)
    SELECT old.id, old.title || ' ' || old.summary || ' ' || old.place || ' ' || old.tags_text
    WHERE old.status = 'published';
    UPDATE search_words SET events = events - 1
    WHERE word IN (SELECT term FROM word_splitter_terms);
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
    INSERT INTO word_splitter (rowid, text)
    SELECT new.id, new.title || ' ' || new.summary || ' ' || new.place || ' ' || new.tags_text
    WHERE new.status = 'published';
    INSERT INTO search_words (word, events) SELECT term, 1 FROM word_splitter_terms WHERE true
    ON CONFLICT (word) DO UPDATE SET events = events + 1;
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
END;

CREATE TRIGGER event_names_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_names (rowid, place, tags_text) VALUES (new.id, new.place, new.tags_text);
END;

CREATE TRIGGER event_names_delete AFTER DELETE ON events BEGIN
    INSERT INTO event_names (event_names, rowid, place, tags_text)
    VALUES ('delete', old.id, old.place, old.tags_text);
END;

CREATE TRIGGER event_names_update AFTER UPDATE OF place, tags_text ON events BEGIN
    INSERT INTO event_names (event_names, rowid, place, tags_text)
    VALUES ('delete', old.id, old.place, old.tags_text);
    INSERT INTO event_names (rowid, place, tags_text) VALUES (new.id, new.place, new.tags_text);
END;

CREATE TRIGGER events_span_insert AFTER INSERT ON events
WHEN new.precision = 'day' AND julianday(new.last_day) - julianday(new.start) > 7 BEGIN
    INSERT INTO events_span (id, first_day, last_day)
    VALUES (new.id, CAST(julianday(new.start) - 1721424.5 AS INTEGER),
            CAST(julianday(new.last_day) - 1721424.5 AS INTEGER));
END;

CREATE TRIGGER events_span_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_span WHERE id = old.id;
END;

CREATE TRIGGER events_span_update AFTER UPDATE OF start, last_day, precision ON events BEGIN
    DELETE FROM events_span WHERE id = old.id;
    INSERT INTO events_span (id, first_day, last_day)
    SELECT new.id, CAST(julianday(new.start) - 1721424.5 AS INTEGER),
           CAST(julianday(new.last_day) - 1721424.5 AS INTEGER)
    WHERE new.precision = 'day' AND julianday(new.last_day) - julianday(new.start) > 7;
END;

-- The audit log keeps its table (and its place among the others); its new columns are
-- NULL in older entries. It is append-only, so an entry number is never given twice:
-- SQLite gives a new row max(id) + 1, which only a deleted newest entry could repeat.
-- operation groups the entries of one change to several events (a merge, a tag rename,
-- an undo of those): the id of its first entry; NULL for an entry that stands alone.
ALTER TABLE changes ADD COLUMN state_before TEXT;   -- the event before (NULL: it was new)
ALTER TABLE changes ADD COLUMN state_after TEXT;    -- the event after the change
ALTER TABLE changes ADD COLUMN operation INTEGER;

CREATE TRIGGER changes_append_only BEFORE DELETE ON changes BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- "audit by USER".
CREATE INDEX changes_actor ON changes (actor, at, id);
-- The other entries of an entry's operation, for undo.
CREATE INDEX changes_operation ON changes (operation) WHERE operation IS NOT NULL;
