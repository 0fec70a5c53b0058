-- name: login_throttle.reserve
-- One statement, so the count is exact however many instances attempt at once: the row lock of
-- the upsert orders the attempts, and each sees the count its own increment produced. A window
-- that has ended restarts at 1. now() is the transaction's time on the database's clock.
INSERT INTO login_throttle (key, attempts, window_started_at, window_ends_at)
VALUES (:key, 1, now(), now() + make_interval(secs => :window_seconds))
ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN 1 ELSE login_throttle.attempts + 1 END,
    window_started_at = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN excluded.window_started_at ELSE login_throttle.window_started_at END,
    window_ends_at = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN excluded.window_ends_at ELSE login_throttle.window_ends_at END
RETURNING attempts, EXTRACT(EPOCH FROM window_ends_at - now())::float8;

-- name: login_throttle.attempts
-- The attempts of key's open window; no row when it has none.
SELECT attempts, EXTRACT(EPOCH FROM window_ends_at - now())::float8
FROM login_throttle
WHERE key = :key AND window_ends_at > now();

-- name: login_throttle.delete_expired
DELETE FROM login_throttle
WHERE window_ends_at < now();
