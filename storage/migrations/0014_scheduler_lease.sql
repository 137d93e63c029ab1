-- 0014: the scheduler lease. Exactly one process runs scheduled posts at a time: the
-- one holding this row until expires_at, renewing it every few seconds. Another
-- process takes the row only once it has expired, so a holder that dies is replaced
-- within the lease's time to live; the ledger's unique claim keeps even an overlap
-- from posting twice. One row per lease name (storage.lease_store).

CREATE TABLE scheduler_lease (
    name        TEXT NOT NULL PRIMARY KEY,
    holder      TEXT NOT NULL,              -- host:pid:random of the process holding it
    acquired_at TEXT NOT NULL,              -- when this holder took it (ISO 8601, UTC)
    expires_at  TEXT NOT NULL               -- held until then unless renewed
) WITHOUT ROWID;
