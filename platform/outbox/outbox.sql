-- Statements of the outbox and the inbox, the same text on both dialects except where an
-- .postgres.sql or .sqlite.sql file overrides a name.

-- name: outbox.append
INSERT INTO outbox (id, type, version, aggregate_id, occurred_at, trace_parent, payload)
VALUES (:id, :type, :version, :aggregate_id, :occurred_at, :trace_parent, :payload)

-- name: outbox.pending
-- Due events in seq order. An event is held back while an earlier pending event of its
-- aggregate is backing off; earlier ones that are due are themselves in the result (they have
-- smaller seqs), and the relay holds back the rest of an aggregate once one of its events fails.
-- Every batch selects afresh instead of resuming after the last seq seen, so an event whose
-- transaction committed after a later one is never skipped.
SELECT o.seq, o.id, o.type, o.version, o.occurred_at, o.aggregate_id, o.trace_parent,
       o.payload, o.attempts
FROM outbox o
WHERE o.published_at IS NULL AND o.parked_at IS NULL
  AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)
  AND NOT EXISTS (
      SELECT 1 FROM outbox w
      WHERE w.aggregate_id = o.aggregate_id AND w.seq < o.seq
        AND w.published_at IS NULL AND w.parked_at IS NULL
        AND w.next_attempt_at > :now)
ORDER BY o.seq
LIMIT :limit

-- name: outbox.mark_published
-- Every event a batch published, in one statement: :seqs is a JSON array of seqs.
UPDATE outbox SET published_at = :now
WHERE seq IN (SELECT value FROM json_each(:seqs))

-- name: outbox.mark_failed
UPDATE outbox
SET attempts = :attempts, last_error = :last_error, next_attempt_at = :next_attempt_at,
    parked_at = :parked_at
WHERE seq = :seq

-- name: outbox.gauges
-- The three gauges in one statement. Subqueries rather than one scan with CASE: each is answered
-- from its partial index, so the cost follows the backlog, not the published history. The
-- oldest pending event is joined rather than a scalar subquery so that SQLite still knows the
-- column's type (a time); it is NULL when nothing is pending.
SELECT (SELECT COUNT(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL),
       (SELECT COUNT(*) FROM outbox WHERE parked_at IS NOT NULL),
       oldest.occurred_at
FROM (SELECT 1 AS one) AS one
LEFT JOIN (SELECT occurred_at FROM outbox WHERE published_at IS NULL AND parked_at IS NULL
           ORDER BY seq LIMIT 1) AS oldest ON 1 = 1

-- name: outbox.parked
SELECT seq, id, type, version, occurred_at, aggregate_id, trace_parent, payload, attempts,
       last_error, parked_at, subscriber
FROM outbox
WHERE parked_at IS NOT NULL AND seq > :after
ORDER BY seq
LIMIT :limit

-- name: outbox.retry
-- Attempts start again from zero, so a retried event gets the full backoff schedule before it
-- can be parked again; last_error stays as the record of why it was parked.
UPDATE outbox SET parked_at = NULL, attempts = 0, next_attempt_at = NULL
WHERE id = :id AND parked_at IS NOT NULL AND subscriber IS NULL

-- name: outbox.park_delivery
-- Another context's event that a subscriber of this one gave up on. Parked again (a broker
-- that could not settle the message delivers it once more), it is the same row, with the newer
-- error; a row of this context's own event (a context that subscribes to its own events) is
-- never overwritten.
INSERT INTO outbox (id, type, version, aggregate_id, occurred_at, trace_parent, payload,
                    attempts, last_error, parked_at, subscriber)
VALUES (:id, :type, :version, :aggregate_id, :occurred_at, :trace_parent, :payload,
        :attempts, :last_error, :parked_at, :subscriber)
ON CONFLICT (id) DO UPDATE
SET attempts = excluded.attempts, last_error = excluded.last_error,
    parked_at = excluded.parked_at, published_at = NULL, subscriber = excluded.subscriber
WHERE outbox.subscriber IS NOT NULL

-- name: outbox.parked_delivery
SELECT id, type, version, occurred_at, aggregate_id, trace_parent, payload, subscriber
FROM outbox
WHERE id = :id AND parked_at IS NOT NULL AND subscriber IS NOT NULL

-- name: outbox.delivery_retried
-- published_at records when the retry delivered it; the row is then neither parked nor pending.
UPDATE outbox SET parked_at = NULL, published_at = :now
WHERE id = :id AND parked_at IS NOT NULL AND subscriber IS NOT NULL

-- name: outbox.delivery_failed_again
UPDATE outbox SET attempts = attempts + 1, last_error = :last_error
WHERE id = :id AND parked_at IS NOT NULL AND subscriber IS NOT NULL

-- name: inbox.record
INSERT INTO inbox (subscriber, event_id, handled_at)
VALUES (:subscriber, :event_id, :handled_at)
ON CONFLICT DO NOTHING

-- name: outbox.purge_published
-- Oldest first through the primary key, a batch at a time, so no statement holds locks long.
DELETE FROM outbox WHERE seq IN (
    SELECT seq FROM outbox
    WHERE published_at IS NOT NULL AND published_at < :before
    ORDER BY seq
    LIMIT :limit)

-- name: inbox.purge
DELETE FROM inbox WHERE (subscriber, event_id) IN (
    SELECT subscriber, event_id FROM inbox
    WHERE handled_at < :before
    ORDER BY handled_at
    LIMIT :limit)
