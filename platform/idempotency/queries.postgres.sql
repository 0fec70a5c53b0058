-- The statements of the idempotency middleware that tell time by the database's clock: a lease
-- is a few seconds long, and every instance must agree when it runs out whatever its own clock
-- says. now() is the statement's time (each runs on its own). Retention (:now, :expires_at) is
-- 24 hours long and keeps the injected clock.

-- name: idempotency.claim
-- Claims a key in one atomic statement: inserts it, or takes over a row that no longer counts,
-- either expired (ignored when read, whatever it held) or an in-flight row of the same request
-- whose lease ran out (its process died). No row changed: the key is taken; read it to decide.
INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, lease_token,
                              locked_until, created_at, expires_at)
VALUES (:user_id, :key, :fingerprint, 'in_flight', :lease_token,
        now() + make_interval(secs => :lease_ms / 1000.0), :now, :expires_at)
ON CONFLICT (user_id, idempotency_key) DO UPDATE
SET fingerprint = excluded.fingerprint, state = excluded.state,
    lease_token = excluded.lease_token, locked_until = excluded.locked_until,
    created_at = excluded.created_at, expires_at = excluded.expires_at,
    response_status = NULL, response_headers = NULL, response_body = NULL
WHERE idempotency_keys.expires_at <= :now
   OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until <= now()
       AND idempotency_keys.fingerprint = excluded.fingerprint)

-- name: idempotency.get
-- lease_held: still in flight within its lease, by the database's clock.
SELECT fingerprint, state, locked_until > now() AS lease_held, expires_at, response_status,
       response_headers, response_body
FROM idempotency_keys
WHERE user_id = :user_id AND idempotency_key = :key
