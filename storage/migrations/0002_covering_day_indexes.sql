-- 0002: make the day-precision lookups covering.
-- SQLite does not treat a partial index as covering when the query repeats the index's
-- WHERE term (precision = 'day'), so every index entry cost a table read. Indexes that
-- lead with precision cover the lookups, and still return rows in (start, id) order.

DROP INDEX events_month_day;
DROP INDEX events_day_start;

CREATE INDEX events_month_day ON events (precision, status, month, day, start);
CREATE INDEX events_day_start ON events (precision, status, start);
