-- name: outbox.lock
-- One relay per schema at a time: a second relay finds the lock taken and leaves the batch to
-- the first instead of publishing the same events concurrently. The lock is released with the
-- batch's transaction, after its marks are visible.
SELECT pg_try_advisory_xact_lock(hashtextextended('outbox:' || current_schema(), 0))
