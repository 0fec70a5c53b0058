-- SQLite stores times as fixed-width UTC text (2006-01-02T15:04:05.000000Z, see platform/db);
-- strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' is the database's clock in that form, and
-- 'now' is one instant throughout a statement.

-- name: login_throttle.reserve
-- One statement, so the count is exact however many instances attempt at once: SQLite's single
-- writer orders the attempts, and each sees the count its own increment produced. A window that
-- has ended restarts at 1.
INSERT INTO login_throttle (key, attempts, window_started_at, window_ends_at)
VALUES (:key, 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z',
        strftime('%Y-%m-%dT%H:%M:%f', 'now', '+' || :window_seconds || ' seconds') || '000Z')
ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN 1 ELSE login_throttle.attempts + 1 END,
    window_started_at = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN excluded.window_started_at ELSE login_throttle.window_started_at END,
    window_ends_at = CASE WHEN login_throttle.window_ends_at <= excluded.window_started_at
        THEN excluded.window_ends_at ELSE login_throttle.window_ends_at END
RETURNING attempts, (julianday(window_ends_at) - julianday('now')) * 86400.0;

-- name: login_throttle.attempts
-- The attempts of key's open window; no row when it has none.
SELECT attempts, (julianday(window_ends_at) - julianday('now')) * 86400.0
FROM login_throttle
WHERE key = :key AND window_ends_at > strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z';

-- name: login_throttle.delete_expired
DELETE FROM login_throttle
WHERE window_ends_at < strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z';
