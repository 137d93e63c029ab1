"""The SQL of subscriptions and the delivery ledger, as constants (see ``storage.queries``)."""

from __future__ import annotations

SUBSCRIPTION_COLUMNS = (
    "id, platform, channel, tz, post_at, digest, alerts, milestones, lead_days, tags, "
    "weekend_friday, post_empty, paused, checked_until, version, created_by, created_at, "
    "updated_by, updated_at"
)
_LIVE = "removed_at IS NULL"

SUBSCRIPTIONS = (
    f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE {_LIVE} ORDER BY id"  # noqa: S608 - constant fragments only
)
SUBSCRIPTION = (
    f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ? AND {_LIVE}"  # noqa: S608 - constant fragments only
)
SUBSCRIPTION_FOR = (
    f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions "  # noqa: S608 - constant fragments only
    f"WHERE platform = ? AND channel = ? AND {_LIVE}"
)
INSERT_SUBSCRIPTION = (
    "INSERT INTO subscriptions (platform, channel, tz, post_at, digest, alerts, milestones, "
    "lead_days, tags, weekend_friday, post_empty, paused, checked_until, version, created_by, "
    "created_at, updated_by, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
)
# A resumed subscription starts afresh: nothing from the paused time is posted.
UPDATE_SUBSCRIPTION = (
    "UPDATE subscriptions SET tz = ?1, post_at = ?2, digest = ?3, alerts = ?4, "  # noqa: S608 - constant fragments only
    "milestones = ?5, lead_days = ?6, tags = ?7, weekend_friday = ?8, post_empty = ?9, "
    "checked_until = CASE WHEN paused != '' AND ?10 = '' THEN ?12 ELSE checked_until END, "
    "failing = CASE WHEN paused != '' AND ?10 = '' THEN 0 ELSE failing END, "
    "paused = ?10, version = version + 1, updated_by = ?11, updated_at = ?12 "
    f"WHERE id = ?13 AND version = ?14 AND {_LIVE}"
)
REMOVE_SUBSCRIPTION = (
    "UPDATE subscriptions SET removed_at = ?1, version = version + 1, updated_by = ?2, "  # noqa: S608 - constant fragments only
    f"updated_at = ?1 WHERE id = ?3 AND version = ?4 AND {_LIVE}"
)
SKIP_PENDING_OF = (
    "UPDATE deliveries SET state = 'skipped', reason = ?, owner = NULL "
    "WHERE subscription_id = ? AND state IN ('pending', 'sending')"
)
PAUSE_FOR = (
    "UPDATE subscriptions SET paused = ?1, version = version + 1, updated_by = ?2, "  # noqa: S608 - constant fragments only
    f"updated_at = ?3 WHERE id = ?4 AND paused = '' AND {_LIVE}"
)
AUDIT = "INSERT INTO changes (event_id, actor, at, action, detail) VALUES (NULL, ?, ?, ?, ?)"

TOTAL_CHANGES = "SELECT total_changes()"
CLAIM = (
    "INSERT INTO deliveries (subscription_id, occasion, due_at, state, next_attempt_at, "
    "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (subscription_id, occasion) DO NOTHING"
)
ADVANCE = (
    "UPDATE subscriptions SET checked_until = ?1 "  # noqa: S608 - constant fragments only
    f"WHERE id = ?2 AND checked_until < ?1 AND {_LIVE}"
)
KNOWN = (
    "SELECT occasion FROM deliveries WHERE subscription_id = ? "
    "AND occasion IN (SELECT value FROM json_each(?))"
)

_ACTIVE_ON = (
    "SELECT id FROM subscriptions WHERE paused = '' AND removed_at IS NULL "
    "AND platform IN (SELECT value FROM json_each(?{n}))"
)
# Index deliveries_work (state, next_attempt_at). Parameters: owner, now, lease end,
# platforms, limit.
TAKE = (
    "UPDATE deliveries SET state = 'sending', owner = ?1, next_attempt_at = ?3 "  # noqa: S608 - constant fragments only
    "WHERE (subscription_id, occasion) IN ("
    "SELECT subscription_id, occasion FROM deliveries "
    "WHERE state IN ('pending', 'sending') AND next_attempt_at <= ?2 "
    f"AND subscription_id IN ({_ACTIVE_ON.format(n=4)}) "
    "ORDER BY due_at LIMIT ?5) "
    "RETURNING subscription_id, occasion, due_at, attempts"
)
_MINE = "WHERE subscription_id = ? AND occasion = ? AND state = 'sending' AND owner = ?"
POSTED = (
    "UPDATE deliveries SET state = 'posted', message_id = ?, posted_at = ?, late = ?, "  # noqa: S608 - constant fragments only
    f"deduplicated = ?, reason = '', owner = NULL {_MINE}"
)
RESET_FAILING = "UPDATE subscriptions SET failing = 0 WHERE id = ?"
FAILED = (
    "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, reason = ?, "  # noqa: S608 - constant fragments only
    f"owner = NULL {_MINE}"
)
LOG_FAILURE = (
    "INSERT INTO delivery_failures (subscription_id, occasion, at, error) VALUES (?, ?, ?, ?)"
)
COUNT_FAILING = (
    "UPDATE subscriptions SET failing = failing + 1 WHERE id = ? RETURNING failing"
)
SKIPPED = (
    f"UPDATE deliveries SET state = 'skipped', reason = ?, owner = NULL {_MINE}"  # noqa: S608 - constant fragments only
)
RELEASE = (
    f"UPDATE deliveries SET state = 'pending', next_attempt_at = ?, owner = NULL {_MINE}"  # noqa: S608 - constant fragments only
)
ATTEMPTING = (
    "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ? "  # noqa: S608 - constant fragments only
    f"{_MINE} RETURNING attempts"
)
# Another process's posts in flight, due now (a scheduler that took the lease over).
RECLAIM = (
    "UPDATE deliveries SET next_attempt_at = ?1 "
    "WHERE state = 'sending' AND owner IS NOT ?2 AND next_attempt_at > ?1"
)
NEXT_ATTEMPT = (
    "SELECT min(next_attempt_at) FROM deliveries "  # noqa: S608 - constant fragments only
    "WHERE state IN ('pending', 'sending') "
    f"AND subscription_id IN ({_ACTIVE_ON.format(n=1)})"
)
COUNTERS = (
    "SELECT subscription_id, sum(state = 'posted'), sum(state = 'posted' AND late = 1), "
    "sum(state = 'skipped'), sum(deduplicated), sum(state IN ('pending', 'sending')) "
    "FROM deliveries GROUP BY subscription_id"
)
FAILURE_COUNTS = (
    "SELECT subscription_id, count(*) FROM delivery_failures GROUP BY subscription_id"
)
FAILING = "SELECT id, failing FROM subscriptions WHERE failing > 0"
FAILURES = (
    "SELECT subscription_id, occasion, at, error FROM delivery_failures "
    "ORDER BY at DESC, id DESC LIMIT ?"
)
