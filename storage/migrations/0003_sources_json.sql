-- 0003: a read copy of each event's sources on the event row.
-- Answering "what happened on 7 January?" reads up to 200 events; fetching their sources
-- from the sources table cost one random seek per event. events.sources_json holds the
-- same sources, in order, as [[publisher, title, url, published, quote], ...], written
-- in the same transaction as the sources table, which stays the normalised record.

ALTER TABLE events ADD COLUMN sources_json TEXT NOT NULL DEFAULT '[]';

UPDATE events SET sources_json = (
    SELECT json_group_array(json_array(publisher, title, url, published, quote))
    FROM (SELECT * FROM sources AS s WHERE s.event_id = events.id ORDER BY s.position)
)
WHERE id IN (SELECT event_id FROM sources);
