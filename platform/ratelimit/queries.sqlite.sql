-- strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' is the database's clock in the fixed-width text
-- platform/db stores times as; 'now' is one instant throughout a statement.

-- name: rate_limits.hit
-- One statement, so the count is exact however many instances count at once: SQLite's single
-- writer orders the hits. A window that has ended restarts at 1.
INSERT INTO rate_limits (key, hits, window_ends_at)
VALUES (:key, 1, strftime('%Y-%m-%dT%H:%M:%f', 'now', '+' || :window_seconds || ' seconds') || '000Z')
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN rate_limits.window_ends_at <= strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'
        THEN 1 ELSE rate_limits.hits + 1 END,
    window_ends_at = CASE WHEN rate_limits.window_ends_at <= strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'
        THEN excluded.window_ends_at ELSE rate_limits.window_ends_at END
RETURNING hits, (julianday(window_ends_at) - julianday('now')) * 86400.0;

-- name: rate_limits.delete_expired
DELETE FROM rate_limits
WHERE window_ends_at < strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z';
