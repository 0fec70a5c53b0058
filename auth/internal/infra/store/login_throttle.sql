-- name: login_throttle.reserve
-- One statement, so the count is exact however many instances attempt at once: the row lock of
-- the upsert (PostgreSQL) or the single writer (SQLite) orders the attempts, and each sees the
-- count its own increment produced. A window that has ended restarts at 1.
INSERT INTO login_throttle (key, attempts, window_started_at, window_ends_at)
VALUES (:key, 1, :now, :window_ends)
ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN 1 ELSE login_throttle.attempts + 1 END,
    window_started_at = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN excluded.window_started_at ELSE login_throttle.window_started_at END,
    window_ends_at = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN excluded.window_ends_at ELSE login_throttle.window_ends_at END
RETURNING attempts, window_ends_at;

-- name: login_throttle.reset
DELETE FROM login_throttle
WHERE key = :key;

-- name: login_throttle.delete_expired
DELETE FROM login_throttle
WHERE window_ends_at < :now;
