"""The PostgreSQL SQL of subscriptions and the delivery ledger, as constants.

The counterpart of ``storage.reminder_queries``. Collections are bound as arrays
(``= ANY($n)``, ``unnest``), so every statement's text is constant.
"""

from __future__ import annotations

SUBSCRIPTION_COLUMNS = (
    "id, platform, channel, tz, post_at, digest, alerts, milestones::text, "
    "lead_days::text, tags::text, weekend_friday, post_empty, paused, checked_until, "
    "version, created_by, created_at, updated_by, updated_at"
)
_LIVE = "removed_at IS NULL"

SUBSCRIPTIONS = (
    f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE {_LIVE} ORDER BY id"  # noqa: S608 - constant fragments only
)
SUBSCRIPTION = (
    f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1 AND {_LIVE}"  # noqa: S608 - constant fragments only
)
SUBSCRIPTION_FOR = (
    f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions "  # noqa: S608 - constant fragments only
    f"WHERE platform = $1 AND channel = $2 AND {_LIVE}"
)
# Parameters: platform, channel, the nine policy values, paused, at, actor.
INSERT_SUBSCRIPTION = (
    "INSERT INTO subscriptions (platform, channel, tz, post_at, digest, alerts, milestones, "
    "lead_days, tags, weekend_friday, post_empty, paused, checked_until, version, created_by, "
    "created_at, updated_by, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12, $13, 1, "
    "$14, $13, $14, $13) RETURNING id"
)
# A resumed subscription starts afresh: nothing from the paused time is posted.
# Parameters: the nine policy values, paused, actor, at, id, version.
UPDATE_SUBSCRIPTION = (
    "UPDATE subscriptions SET tz = $1, post_at = $2, digest = $3, alerts = $4, "  # noqa: S608 - constant fragments only
    "milestones = $5::jsonb, lead_days = $6::jsonb, tags = $7::jsonb, weekend_friday = $8, "
    "post_empty = $9, "
    "checked_until = CASE WHEN paused <> '' AND $10 = '' THEN $12 ELSE checked_until END, "
    "failing = CASE WHEN paused <> '' AND $10 = '' THEN 0 ELSE failing END, "
    "paused = $10, version = version + 1, updated_by = $11, updated_at = $12 "
    f"WHERE id = $13 AND version = $14 AND {_LIVE} RETURNING id"
)
REMOVE_SUBSCRIPTION = (
    "UPDATE subscriptions SET removed_at = $1, version = version + 1, updated_by = $2, "  # noqa: S608 - constant fragments only
    f"updated_at = $1 WHERE id = $3 AND version = $4 AND {_LIVE} RETURNING id"
)
SKIP_PENDING_OF = (
    "UPDATE deliveries SET state = 'skipped', reason = $1, owner = NULL "
    "WHERE subscription_id = $2 AND state IN ('pending', 'sending')"
)
PAUSE_FOR = (
    "UPDATE subscriptions SET paused = $1, version = version + 1, updated_by = $2, "  # noqa: S608 - constant fragments only
    f"updated_at = $3 WHERE id = $4 AND paused = '' AND {_LIVE} RETURNING id"
)
AUDIT = "INSERT INTO changes (event_id, actor, at, action, detail) VALUES (NULL, $1, $2, $3, $4)"

# Rows in (subscription, occasion) order, so two claimers of overlapping batches wait
# for each other's keys in one order and cannot deadlock. A key that exists (or that
# another transaction is inserting) is left alone; only the new rows are counted.
CLAIM = (
    "WITH new AS ("
    "INSERT INTO deliveries (subscription_id, occasion, due_at, state, next_attempt_at, "
    "reason, created_at) "
    "SELECT c.sub, c.occasion, c.due, CASE WHEN c.reason = '' THEN 'pending' ELSE 'skipped' END, "
    "c.due, c.reason, c.due "
    "FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[]) "
    "WITH ORDINALITY AS c (sub, occasion, due, reason, n) ORDER BY c.n "
    "ON CONFLICT (subscription_id, occasion) DO NOTHING RETURNING 1) "
    "SELECT count(*) FROM new"
)
# The watermark never moves backwards.
ADVANCE = (
    "UPDATE subscriptions AS s SET checked_until = m.at "  # noqa: S608 - constant fragments only
    "FROM unnest($1::bigint[], $2::timestamptz[]) AS m (id, at) "
    f"WHERE s.id = m.id AND s.checked_until < m.at AND s.{_LIVE}"
)
KNOWN = (
    "SELECT occasion FROM deliveries WHERE subscription_id = $1 AND occasion = ANY($2::text[])"
)

_ACTIVE_ON = (
    "SELECT id FROM subscriptions WHERE paused = '' AND removed_at IS NULL "
    "AND platform = ANY(${n}::text[])"
)
# Parameters: owner, now, lease end, platforms, limit. The rows are chosen and locked
# in one subquery; SKIP LOCKED passes over rows another taker is taking right now
# (instead of waiting, then finding them gone), and a row another taker finished
# taking meanwhile is re-checked against the WHERE clause after its lock, so no row is
# handed to two takers whatever the number of processes.
TAKE = (
    "UPDATE deliveries AS d SET state = 'sending', owner = $1, next_attempt_at = $3 "  # noqa: S608 - constant fragments only
    "FROM (SELECT w.subscription_id, w.occasion FROM deliveries AS w "
    "WHERE w.state IN ('pending', 'sending') AND w.next_attempt_at <= $2 "
    f"AND w.subscription_id IN ({_ACTIVE_ON.format(n=4)}) "
    "ORDER BY w.due_at LIMIT $5 FOR UPDATE OF w SKIP LOCKED) AS t "
    "WHERE d.subscription_id = t.subscription_id AND d.occasion = t.occasion "
    "RETURNING d.subscription_id, d.occasion, d.due_at, d.attempts"
)
# Parameters after each statement's own: subscription, occasion, owner.
_MINE = "subscription_id = {s} AND occasion = {o} AND state = 'sending' AND owner = {w}"


def _mine(first: int) -> str:
    return _MINE.format(s=f"${first}", o=f"${first + 1}", w=f"${first + 2}")


POSTED = (
    "UPDATE deliveries SET state = 'posted', message_id = $1, posted_at = $2, late = $3, "  # noqa: S608 - constant fragments only
    f"deduplicated = $4, reason = '', owner = NULL WHERE {_mine(5)} RETURNING 1"
)
RESET_FAILING = "UPDATE subscriptions SET failing = 0 WHERE id = $1 AND failing <> 0"
FAILED = (
    "UPDATE deliveries SET state = 'pending', next_attempt_at = $1, reason = $2, "  # noqa: S608 - constant fragments only
    f"owner = NULL WHERE {_mine(3)}"
)
LOG_FAILURE = (
    "INSERT INTO delivery_failures (subscription_id, occasion, at, error) VALUES ($1, $2, $3, $4)"
)
COUNT_FAILING = "UPDATE subscriptions SET failing = failing + 1 WHERE id = $1 RETURNING failing"
SKIPPED = (
    f"UPDATE deliveries SET state = 'skipped', reason = $1, owner = NULL WHERE {_mine(2)}"  # noqa: S608 - constant fragments only
)
# Another process's posts in flight, due now (a scheduler that took the lease over).
RECLAIM = (
    "UPDATE deliveries SET next_attempt_at = $1 "
    "WHERE state = 'sending' AND owner IS DISTINCT FROM $2 AND next_attempt_at > $1"
)
RELEASE = (
    "UPDATE deliveries SET state = 'pending', next_attempt_at = $1, owner = NULL "  # noqa: S608 - constant fragments only
    f"WHERE {_mine(2)}"
)
ATTEMPTING = (
    "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $1 "  # noqa: S608 - constant fragments only
    f"WHERE {_mine(2)} RETURNING attempts"
)
NEXT_ATTEMPT = (
    "SELECT min(next_attempt_at) FROM deliveries "  # noqa: S608 - constant fragments only
    "WHERE state IN ('pending', 'sending') "
    f"AND subscription_id IN ({_ACTIVE_ON.format(n=1)})"
)
COUNTERS = (
    "SELECT subscription_id, count(*) FILTER (WHERE state = 'posted'), "
    "count(*) FILTER (WHERE state = 'posted' AND late), "
    "count(*) FILTER (WHERE state = 'skipped'), count(*) FILTER (WHERE deduplicated), "
    "count(*) FILTER (WHERE state IN ('pending', 'sending')) "
    "FROM deliveries GROUP BY subscription_id"
)
FAILURE_COUNTS = (
    "SELECT subscription_id, count(*) FROM delivery_failures GROUP BY subscription_id"
)
FAILING = "SELECT id, failing FROM subscriptions WHERE failing > 0"
FAILURES = (
    "SELECT subscription_id, occasion, at, error FROM delivery_failures "
    "ORDER BY at DESC, id DESC LIMIT $1"
)
