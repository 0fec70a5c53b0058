-- Statements of the idempotency middleware, the same text on both dialects (PostgreSQL and
-- SQLite 3.24+ share INSERT ... ON CONFLICT ... DO UPDATE ... WHERE).

-- name: idempotency.claim
-- Claims a key in one atomic statement: inserts it, or takes over a row that no longer counts,
-- either expired (ignored when read, whatever it held) or an in-flight row of the same request
-- whose lease ran out (its process died). No row changed: the key is taken; read it to decide.
INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, lease_token,
                              locked_until, created_at, expires_at)
VALUES (:user_id, :key, :fingerprint, 'in_flight', :lease_token, :locked_until, :now, :expires_at)
ON CONFLICT (user_id, idempotency_key) DO UPDATE
SET fingerprint = excluded.fingerprint, state = excluded.state,
    lease_token = excluded.lease_token, locked_until = excluded.locked_until,
    created_at = excluded.created_at, expires_at = excluded.expires_at,
    response_status = NULL, response_headers = NULL, response_body = NULL
WHERE idempotency_keys.expires_at <= :now
   OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until <= :now
       AND idempotency_keys.fingerprint = excluded.fingerprint)

-- name: idempotency.get
SELECT fingerprint, state, locked_until, expires_at, response_status, response_headers,
       response_body
FROM idempotency_keys
WHERE user_id = :user_id AND idempotency_key = :key

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
