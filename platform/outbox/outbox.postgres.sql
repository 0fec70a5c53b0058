-- name: outbox.lock
-- One relay per schema at a time: a second relay finds the lock taken and leaves the batch to
-- the first instead of publishing the same events concurrently. The lock is released with the
-- batch's transaction, after its marks are visible.
-- The batch's commit does not wait for its WAL to reach the disk (synchronous_commit off for
-- this transaction only): a crash can then lose the last marks of well under a second, and
-- their events are published again, which at least once allows and inboxes absorb. Under load
-- the relay's commits then no longer queue for the disk beside the commands' own.
SELECT pg_try_advisory_xact_lock(hashtextextended('outbox:' || current_schema(), 0))
       AND set_config('synchronous_commit', 'off', true) = 'off'

-- name: outbox.lease
-- Unused on PostgreSQL: the advisory lock of outbox.lock serves.
SELECT :holder::text WHERE :expires_at::timestamptz > :now::timestamptz

-- name: outbox.release_lease
-- Unused on PostgreSQL: the advisory lock ends with its transaction.
SELECT :holder::text, :now::timestamptz

-- name: outbox.mark_published
-- Every event a batch published, in one statement: :seqs is a JSON array of seqs, made an array
-- once (an InitPlan) so that the primary key finds each row.
UPDATE outbox SET published_at = :now
WHERE seq = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:seqs AS jsonb)) AS bigint)))
