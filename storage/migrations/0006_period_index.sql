-- 0006: period questions apply the precision rule in SQL, before any LIMIT, so counts and
-- pages are true ("October 2019" is not an answer to "what happened on 7 October 2019?").
-- With precision in the index the filter and the count read no table rows.

CREATE INDEX events_period ON events (start, last_day, status, precision);
