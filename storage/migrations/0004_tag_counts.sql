-- 0004: how many published events use each tag, kept up to date by triggers, so topic
-- autocomplete reads one row per distinct tag instead of counting every tagged event.

CREATE TABLE tag_counts (
    tag_key TEXT PRIMARY KEY,          -- lower-cased tag
    tag     TEXT    NOT NULL,          -- the spelling first seen
    uses    INTEGER NOT NULL           -- published events carrying the tag
) WITHOUT ROWID;

INSERT INTO tag_counts (tag_key, tag, uses)
SELECT tag_key, min(tag), count(*) FROM event_tags WHERE status = 'published' GROUP BY tag_key;

CREATE TRIGGER event_tags_count_insert AFTER INSERT ON event_tags
WHEN new.status = 'published' BEGIN
    INSERT INTO tag_counts (tag_key, tag, uses) VALUES (new.tag_key, new.tag, 1)
    ON CONFLICT (tag_key) DO UPDATE SET uses = uses + 1;
END;

CREATE TRIGGER event_tags_count_delete AFTER DELETE ON event_tags
WHEN old.status = 'published' BEGIN
    UPDATE tag_counts SET uses = uses - 1 WHERE tag_key = old.tag_key;
END;
