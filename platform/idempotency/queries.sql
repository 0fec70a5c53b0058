-- Statements of the idempotency middleware, the same text on both dialects. The claim and the
-- read, which tell time by the database's clock, are in queries.postgres.sql and
-- queries.sqlite.sql.

-- name: idempotency.complete
-- Only the claim that ran the request may complete it: after a takeover the token differs.
UPDATE idempotency_keys
SET state = 'completed', response_status = :status, response_headers = :headers,
    response_body = :body
WHERE user_id = :user_id AND idempotency_key = :key AND lease_token = :lease_token
  AND state = 'in_flight'

-- name: idempotency.release
DELETE FROM idempotency_keys
WHERE user_id = :user_id AND idempotency_key = :key AND lease_token = :lease_token
  AND state = 'in_flight'

-- name: idempotency.delete_expired
DELETE FROM idempotency_keys WHERE expires_at <= :now
