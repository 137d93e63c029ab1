-- 0010: the time zone each space (a Discord server, a Slack workspace) reads "today" in,
-- set by its moderators with "timezone". A space without a row uses DATELINE_TZ.
-- Changes are audited in the changes table, as subscription changes are.

CREATE TABLE space_zones (
    platform TEXT NOT NULL,         -- "discord", "slack", "console"
    space    TEXT NOT NULL,         -- the Discord guild id or Slack team id ('' where none)
    tz       TEXT NOT NULL,         -- IANA zone, as canonically spelt
    set_by   TEXT NOT NULL,         -- platform:user_id
    set_at   TEXT NOT NULL,         -- ISO 8601 in UTC
    PRIMARY KEY (platform, space)
) WITHOUT ROWID;
