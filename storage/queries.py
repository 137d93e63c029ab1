"""The store's SQL, as constants.

Every statement is fixed text with ``?`` placeholders. Lists (event ids,
statuses, (month, day) pairs) arrive as a single JSON array parameter and
are unpacked with ``json_each``, so no SQL is ever assembled at run time.
The comment on each query names the index it is meant to use; the tests
check the plans with ``EXPLAIN QUERY PLAN``.
"""

from __future__ import annotations

from storage.audit_rows import CHANGE_COLUMNS
from storage.rows import EVENT_COLUMNS

_STATUS_IN = "status IN (SELECT value FROM json_each(?))"

# Primary key lookups, in bulk.
EVENTS_BY_IDS = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?))"  # noqa: S608 - constant fragments only
)
# What an update keeps (who created the event, when) and checks (the stored version).
COUNT_EVENTS = "SELECT count(*) FROM events"
# The highest id ever given, deleted or not (AUTOINCREMENT's mark, migration 0011), so
# an id is never given twice; max(id) too, for an event inserted with its id set.
LAST_ID = (
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), "
    "coalesce((SELECT max(id) FROM events), 0))"
)

# Index events_month_day (status, month, day, start) WHERE precision = 'day'.
_MONTH_DAY_WHERE = (
    f"precision = 'day' AND {_STATUS_IN} "  # noqa: S608 - constant fragments only
    "AND (month, day) IN "
    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
)
ON_MONTH_DAYS = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ("  # noqa: S608 - constant fragments only
    f"SELECT id FROM events WHERE {_MONTH_DAY_WHERE} ORDER BY start, id LIMIT ? OFFSET ?) "
    "ORDER BY start, id"
)
# One (status, month, day): the index already yields (start, id) order, so LIMIT stops early.
MONTH_DAY_IDS = (
    "SELECT start, id FROM events WHERE status = ? AND precision = 'day' "
    "AND month = ? AND day = ? ORDER BY start, id LIMIT ?"
)
MONTH_DAY_EVENTS = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ("  # noqa: S608 - constant fragments only
    "SELECT id FROM events WHERE status = ? AND precision = 'day' "
    "AND month = ? AND day = ? ORDER BY start, id LIMIT ? OFFSET ?) "
    "ORDER BY start, id"
)
COUNT_ON_MONTH_DAYS = f"SELECT count(*) FROM events WHERE {_MONTH_DAY_WHERE}"  # noqa: S608 - constant fragments only

# meta.max_span_days, the longest span of any event, is still kept up to date on writes;
# since migration 0009 no read depends on it (long events are found through events_span).
RAISE_MAX_SPAN = (
    "UPDATE meta SET value = CAST(max(CAST(value AS INTEGER), ?) AS TEXT) "
    "WHERE key = 'max_span_days'"
)

# Skip-scan of events_month_day: at most two index seeks per distinct (month, day), so
# at most 733 seeks in all. (A row-value bound (month, day) > (?, ?) seeks on month only.)
PUBLISHED_MONTH_DAYS = """
WITH RECURSIVE md(k) AS (
    SELECT (SELECT month * 100 + day FROM events
            WHERE precision = 'day' AND status = ?1 ORDER BY month, day LIMIT 1)
    UNION ALL
    SELECT coalesce(
        (SELECT e.month * 100 + e.day FROM events AS e
         WHERE e.precision = 'day' AND e.status = ?1
           AND e.month = md.k / 100 AND e.day > md.k % 100
         ORDER BY e.day LIMIT 1),
        (SELECT e.month * 100 + e.day FROM events AS e
         WHERE e.precision = 'day' AND e.status = ?1 AND e.month > md.k / 100
         ORDER BY e.month, e.day LIMIT 1))
    FROM md WHERE md.k IS NOT NULL
)
SELECT k FROM md WHERE k IS NOT NULL
"""

# Index events_day_start (status, start) WHERE precision = 'day'.
DATES_BEFORE = (
    "SELECT DISTINCT start FROM events WHERE status = ? AND precision = 'day' "
    "AND start < ? ORDER BY start DESC LIMIT ?"
)
DATES_AFTER = (
    "SELECT DISTINCT start FROM events WHERE status = ? AND precision = 'day' "
    "AND start > ? ORDER BY start LIMIT ?"
)

# FTS5, matched on the event's own columns (see storage.fts). Events whose title matches
# every required group come first (?3, the title expression); then bm25, whose weights
# follow the column order title, summary, place, tags_text, sources_text: source
# headlines, which only ranking words can match, count least. Parameters: expression,
# statuses, title expression, limit.
_MATCHED = (
    "FROM events_fts JOIN events AS e ON e.id = events_fts.rowid "
    f"WHERE events_fts MATCH ?1 AND e.{_STATUS_IN.replace('?', '?2')}"
)
SEARCH_IDS = (
    f"SELECT e.id {_MATCHED} ORDER BY "  # noqa: S608 - constant fragments only
    "e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?3) DESC, "
    "bm25(events_fts, 10.0, 2.0, 4.0, 6.0, 0.5), e.start, e.id LIMIT ?4"
)
# Does anything match? One row is enough. Parameters: expression, statuses.
ANY_MATCH = f"SELECT 1 {_MATCHED} LIMIT 1"

# Where given events mention one group of spellings: highlight() adds a mark before each
# of the group's tokens, so a column came back longer exactly where the group occurs; and
# unlike bm25 it needs no index-wide statistics. The rowid list is looked up in the
# group's index entries one by one. Parameters: expression, event ids.
_COLUMNS = ("title", "summary", "place", "tags_text", "sources_text")
MENTIONS = (
    "SELECT rowid, "  # noqa: S608 - constant fragments only
    + ", ".join(
        f"length(highlight(events_fts, {i}, '+', '')) > length({column})"
        for i, column in enumerate(_COLUMNS)
    )
    + " FROM events_fts WHERE events_fts MATCH ?1 AND rowid IN (SELECT value FROM json_each(?2))"
)

# Is a word a name: in some published event's place or tags (event_names indexes only
# those)? Parameters: expression, statuses.
NAMED = (
    "SELECT 1 FROM event_names JOIN events AS e ON e.id = event_names.rowid "  # noqa: S608 - constant fragments only
    f"WHERE event_names MATCH ?1 AND e.{_STATUS_IN.replace('?', '?2')} LIMIT 1"
)

# Close spellings: words sharing letter triples with the asked word, most shared first
# (bm25 over the trigram index), of about its length. Parameters: trigram expression,
# shortest and longest length, limit.
# Other forms of a word: a prefix range on search_words' primary key.
WORD_FORMS = (
    "SELECT word, events FROM search_words WHERE word >= ?1 AND word < ?2 AND events > 0 "
    "ORDER BY events DESC, word LIMIT ?3"
)
SIMILAR_WORDS = (
    "SELECT w.word, w.events FROM search_words_trigrams AS t "
    "JOIN search_words AS w ON w.word = t.word "
    "WHERE search_words_trigrams MATCH ?1 AND w.events > 0 "
    "AND length(w.word) BETWEEN ?2 AND ?3 "
    "ORDER BY bm25(search_words_trigrams), w.events DESC, w.word LIMIT ?4"
)

# Primary key of tag_counts (one row per distinct tag, counted by triggers).
TOPICS = (
    "SELECT tag FROM tag_counts WHERE tag_key >= ? AND tag_key < ? AND uses > 0 "
    "ORDER BY uses DESC, tag_key LIMIT ?"
)

UPDATE_EVENT = (
    'UPDATE events SET start = ?, "end" = ?, last_day = ?, precision = ?, year = ?, '
    "month = ?, day = ?, title = ?, summary = ?, place = ?, tags_text = ?, "
    "sources_text = ?, status = ?, created_by = ?, created_at = ?, updated_by = ?, "
    "updated_at = ?, sources_json = ?, merged_into = ?, version = ? WHERE id = ?"
)
DELETE_SOURCES = "DELETE FROM sources WHERE event_id = ?"
DELETE_TAGS = "DELETE FROM event_tags WHERE event_id = ?"

# The audit log, newest first, a page at a time: all of it (index changes_at), one
# event's (changes_event), one user's (changes_actor) or since a moment (changes_at).
# Parameters: the filter value (none for all of it), limit, offset.
_NEWEST = "ORDER BY at DESC, id DESC LIMIT ?{n} OFFSET ?{m}"
ALL_CHANGES = f"SELECT {CHANGE_COLUMNS} FROM changes {_NEWEST.format(n=1, m=2)}"  # noqa: S608 - constant fragments only
EVENT_CHANGES = (
    f"SELECT {CHANGE_COLUMNS} FROM changes WHERE event_id = ?1 "  # noqa: S608 - constant fragments only
    "ORDER BY at DESC, id DESC LIMIT ?2"
)
EVENT_CHANGES_PAGE = f"{EVENT_CHANGES} OFFSET ?3"
ACTOR_CHANGES = (
    f"SELECT {CHANGE_COLUMNS} FROM changes WHERE actor = ?1 {_NEWEST.format(n=2, m=3)}"  # noqa: S608 - constant fragments only
)
SINCE_CHANGES = (
    f"SELECT {CHANGE_COLUMNS} FROM changes WHERE at >= ?1 {_NEWEST.format(n=2, m=3)}"  # noqa: S608 - constant fragments only
)
COUNT_ALL_CHANGES = "SELECT count(*) FROM changes"
COUNT_EVENT_CHANGES = "SELECT count(*) FROM changes WHERE event_id = ?"
COUNT_ACTOR_CHANGES = "SELECT count(*) FROM changes WHERE actor = ?"
COUNT_SINCE_CHANGES = "SELECT count(*) FROM changes WHERE at >= ?"
CHANGE_BY_ID = f"SELECT {CHANGE_COLUMNS} FROM changes WHERE id = ?"  # noqa: S608 - constant fragments only
# Every entry of one operation (changes_operation, and the primary key for its first).
OPERATION_CHANGES = (
    f"SELECT {CHANGE_COLUMNS} FROM changes WHERE id = ?1 OR operation = ?1 ORDER BY id"  # noqa: S608 - constant fragments only
)
SET_OPERATION = "UPDATE changes SET operation = ?1 WHERE id = ?1"

# Tags for "tags": one row per distinct tag of published events (tag_counts' triggers).
TAG_USES = (
    "SELECT tag, uses FROM tag_counts WHERE uses > 0 ORDER BY uses DESC, tag_key "
    "LIMIT ? OFFSET ?"
)
COUNT_TAGS = "SELECT count(*) FROM tag_counts WHERE uses > 0"
# Events carrying a tag, whatever their status but retracted (event_tags_status_key).
TAGGED_IDS = (
    "SELECT DISTINCT event_id FROM event_tags "
    "WHERE status IN ('draft', 'published', 'rejected') AND tag_key = ? ORDER BY event_id"
)

# -- anniversaries (scheduled posts and "upcoming") -------------------------------------

# Events carrying any of the tags in a JSON array; '[]' means no tag filter.
_TAGGED = (
    "(?{n} = '[]' OR EXISTS (SELECT 1 FROM event_tags AS t WHERE t.event_id = events.id "
    "AND t.tag_key IN (SELECT value FROM json_each(?{n}))))"
)

# Index events_month_day (precision, status, month, day, start), start bounded above.
# Parameters: precision, (month, day) pairs, before, tags[, limit].
_RECURRING_WHERE = (
    "precision = ?1 AND status = 'published' AND (month, day) IN "  # noqa: S608 - constant fragments only
    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2)) "
    f"AND start < ?3 AND {_TAGGED.format(n=4)}"
)
# INDEXED BY: to save a sort, the planner would otherwise walk events_day_start over
# every earlier event (all of the store) instead of seeking the day's entries.
RECURRING = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ("  # noqa: S608 - constant fragments only
    f"SELECT id FROM events INDEXED BY events_month_day WHERE {_RECURRING_WHERE} "
    "ORDER BY start, id LIMIT ?5 OFFSET ?6) ORDER BY start, id"
)
COUNT_RECURRING = f"SELECT count(*) FROM events WHERE {_RECURRING_WHERE}"  # noqa: S608 - constant fragments only

# The same lookups as references (id, start, tags) for planning; no limit, no event text.
REFS_ON_DATES = (
    "SELECT id, start, tags_text FROM events WHERE precision = 'day' "
    "AND status = 'published' AND start IN (SELECT value FROM json_each(?1)) "
    "ORDER BY start, id"
)
REFS_RECURRING = (
    "SELECT id, start, tags_text FROM events INDEXED BY events_month_day "
    "WHERE precision = ?1 AND status = 'published' "
    "AND (month, day) IN "
    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2)) "
    "AND start < ?3 ORDER BY start, id"
)

# A period's answer: day-precision events that overlap it, and coarser events ("October
# 2019") only when the period covers all of them, so counts and pages are true. Two
# index reads, each bounded at both ends (migration 0009):
# - events_period (start, last_day, status, precision) covers the filter for events that
#   start in the period, and for day events up to SHORT_SPAN_DAYS long that start that
#   much earlier (a coarser event must start inside the period anyway);
# - events_span, an R*Tree of the day events longer than that, for those of them that
#   start earlier still and reach into the period.
# They cannot both find an event (the second wants start < ?1). Parameters: lowest
# start (period start less SHORT_SPAN_DAYS), period end, period start, statuses, period
# start and end as day numbers (date.toordinal()).
SHORT_SPAN_DAYS = 7  # the trigger condition of migration 0009
_PERIOD_HITS = (
    "SELECT start, id FROM events INDEXED BY events_period "  # noqa: S608 - constant fragments only
    f"WHERE start BETWEEN ?1 AND ?2 AND {_STATUS_IN.replace('?', '?4')} AND ("
    "(precision = 'day' AND last_day >= ?3) OR "
    "(precision != 'day' AND start >= ?3 AND last_day <= ?2)) "
    "UNION ALL "
    "SELECT e.start, e.id FROM events_span AS s CROSS JOIN events AS e ON e.id = s.id "
    "WHERE s.first_day <= ?6 AND s.last_day >= ?5 AND e.start < ?1 "
    f"AND e.precision = 'day' AND e.{_STATUS_IN.replace('?', '?4')}"
)
# One statement for a chat page: the page (limit ?7, offset ?8) with the total and the
# first and last start of every hit, so an answer makes one round trip and decodes only
# its page. Always one row at least: a page past the end has the total and NULL events.
# The first and last are each one ordered seek (LIMIT 1): min() and max() beside count()
# would instead be computed over every hit, which costs three times the count.
_PAGE = (
    "SELECT t.total, t.first, t.last, e.*, p.start AS p_start, p.id AS p_id "  # noqa: S608 - constant fragments only
    "FROM (SELECT (SELECT count(*) FROM ({hits})) AS total, "
    "(SELECT start FROM ({hits}) ORDER BY start {order} LIMIT 1) AS first, "
    "(SELECT start FROM ({hits}) ORDER BY start {reverse} LIMIT 1) AS last) AS t "
    "LEFT JOIN (SELECT start, id FROM ({hits}) ORDER BY start {order}, id {order} "
    "LIMIT {limit} OFFSET {offset}) AS p "
    f"LEFT JOIN (SELECT {EVENT_COLUMNS} FROM events) AS e ON e.id = p.id "
    "ORDER BY p_start {order}, p_id {order}"
)
PERIOD_PAGE = _PAGE.format(
    hits=_PERIOD_HITS, order="ASC", reverse="DESC", limit="?7", offset="?8"
)
# "Before 2020" lists the nearest first: the same hits, newest first.
PERIOD_PAGE_NEWEST = _PAGE.format(
    hits=_PERIOD_HITS, order="DESC", reverse="ASC", limit="?7", offset="?8"
)
IN_PERIOD = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ("  # noqa: S608 - constant fragments only
    f"SELECT id FROM ({_PERIOD_HITS}) ORDER BY start, id LIMIT ?7 OFFSET ?8) ORDER BY start, id"
)
IN_PERIOD_NEWEST = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ("  # noqa: S608 - constant fragments only
    f"SELECT id FROM ({_PERIOD_HITS}) ORDER BY start DESC, id DESC LIMIT ?7 OFFSET ?8) "
    "ORDER BY start DESC, id DESC"
)
COUNT_IN_PERIOD = f"SELECT count(*) FROM ({_PERIOD_HITS})"  # noqa: S608 - constant fragments only

# One (status, month, day) as a page with its total and first and last start: the index
# events_month_day yields the hits in (start, id) order. Parameters: status, month, day,
# limit, offset.
_MONTH_DAY_HITS = (
    "SELECT start, id FROM events WHERE status = ?1 AND precision = 'day' "
    "AND month = ?2 AND day = ?3"
)
MONTH_DAY_PAGE = _PAGE.format(
    hits=_MONTH_DAY_HITS, order="ASC", reverse="DESC", limit="?4", offset="?5"
)
# The same answer, faster when the page has events: the page straight from the index in
# (start, id) order, each row also carrying the total and the first and last start (three
# uncorrelated subqueries, so computed once). It skips MONTH_DAY_PAGE's join on ids and
# final sort, about 0.1 ms of its 0.28 ms at 1M events, but an empty page has no row to
# carry the total: then MONTH_DAY_PAGE answers instead. Parameters as MONTH_DAY_PAGE.
DAY_PAGE = (
    f"SELECT (SELECT count(*) FROM ({_MONTH_DAY_HITS})), "  # noqa: S608 - constant fragments only
    f"(SELECT start FROM ({_MONTH_DAY_HITS}) ORDER BY start LIMIT 1), "
    f"(SELECT start FROM ({_MONTH_DAY_HITS}) ORDER BY start DESC LIMIT 1), "
    f"{EVENT_COLUMNS} FROM events WHERE status = ?1 AND precision = 'day' "
    "AND month = ?2 AND day = ?3 ORDER BY start, id LIMIT ?4 OFFSET ?5"
)
# Several (status, month, day) lookups: the total and first and last start of them all.
# Parameters: statuses, (month, day) pairs.
MONTH_DAYS_SPAN = (
    f"SELECT count(*), min(start), max(start) FROM events WHERE {_MONTH_DAY_WHERE}"  # noqa: S608 - constant fragments only
)

# A topic's events in date order, for timelines: every FTS5 match, paged.
_TOPIC_FROM = (
    "FROM events_fts JOIN events AS e ON e.id = events_fts.rowid "
    f"WHERE events_fts MATCH ? AND e.{_STATUS_IN}"
)
TOPIC_IDS = f"SELECT e.id {_TOPIC_FROM} ORDER BY e.start, e.id LIMIT ? OFFSET ?"
COUNT_TOPIC = f"SELECT count(*) {_TOPIC_FROM}"

# Suggestions when a month or a year has nothing. Index events_month_day covers the first
# (the year is read from start); events_start serves the nearest-year seeks.
YEARS_WITH_MONTH = (
    "SELECT y FROM (SELECT DISTINCT CAST(substr(start, 1, 4) AS INTEGER) AS y FROM events "
    "WHERE precision IN ('day', 'month') AND status = 'published' AND month = ?1) "
    "WHERE y != ?2 ORDER BY abs(y - ?2), y LIMIT ?3"
)
LAST_START_BEFORE = (
    "SELECT start FROM events WHERE start < ? AND status = 'published' "
    "ORDER BY start DESC LIMIT 1"
)
FIRST_START_AFTER = (
    "SELECT start FROM events WHERE start > ? AND status = 'published' ORDER BY start LIMIT 1"
)
