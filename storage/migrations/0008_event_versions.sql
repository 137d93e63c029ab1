-- 0008: a version number on every event, raised by each update, so an edit based on an
-- old read (two moderators citing at once) is refused instead of silently undoing the
-- other's change. Existing and newly inserted events start at 1.

ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
