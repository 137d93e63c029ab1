-- 0009: range questions bound both ends of an event.
-- Until now a range question read the start index from (period start - the longest
-- span of any event), so one event five years long made every range read five years of
-- index entries. A day-precision event longer than a week (last_day - start > 7) is now
-- also in events_span, an R*Tree of (first_day, last_day) as day numbers (the proleptic
-- Gregorian ordinal, Python's date.toordinal()); queries.IN_PERIOD finds short events
-- through the start index, widened by a week only, and long ones through the R*Tree.
-- Coarser events need no widening: they answer only a period that covers them whole.
-- The week (7) is queries.SHORT_SPAN_DAYS; tests check that the two agree.

CREATE VIRTUAL TABLE events_span USING rtree_i32 (id, first_day, last_day);

INSERT INTO events_span (id, first_day, last_day)
SELECT id, CAST(julianday(start) - 1721424.5 AS INTEGER),
       CAST(julianday(last_day) - 1721424.5 AS INTEGER)
FROM events
WHERE precision = 'day' AND julianday(last_day) - julianday(start) > 7;

CREATE TRIGGER events_span_insert AFTER INSERT ON events
WHEN new.precision = 'day' AND julianday(new.last_day) - julianday(new.start) > 7 BEGIN
    INSERT INTO events_span (id, first_day, last_day)
    VALUES (new.id, CAST(julianday(new.start) - 1721424.5 AS INTEGER),
            CAST(julianday(new.last_day) - 1721424.5 AS INTEGER));
END;

CREATE TRIGGER events_span_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_span WHERE id = old.id;
END;

-- An edit may lengthen, shorten or re-date an event, or change its precision.
CREATE TRIGGER events_span_update AFTER UPDATE OF start, last_day, precision ON events BEGIN
    DELETE FROM events_span WHERE id = old.id;
    INSERT INTO events_span (id, first_day, last_day)
    SELECT new.id, CAST(julianday(new.start) - 1721424.5 AS INTEGER),
           CAST(julianday(new.last_day) - 1721424.5 AS INTEGER)
    WHERE new.precision = 'day' AND julianday(new.last_day) - julianday(new.start) > 7;
END;
