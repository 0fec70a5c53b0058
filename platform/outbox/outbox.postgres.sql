-- name: outbox.lock
-- One relay per schema at a time: a second relay finds the lock taken and leaves the batch to
-- the first instead of publishing the same events concurrently. The lock is released with the
-- batch's transaction, after its marks are visible.
SELECT pg_try_advisory_xact_lock(hashtextextended('outbox:' || current_schema(), 0))

-- name: outbox.lease
-- Unused on PostgreSQL: the advisory lock of outbox.lock serves.
SELECT :holder::text WHERE :expires_at::timestamptz > :now::timestamptz

-- name: outbox.release_lease
-- Unused on PostgreSQL: the advisory lock ends with its transaction.
SELECT :holder::text, :now::timestamptz
