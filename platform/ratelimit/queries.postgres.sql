-- name: rate_limits.hit
-- One statement, so the count is exact however many instances count at once: the upsert's row
-- lock orders the hits and each sees the count its own increment produced. A window that has
-- ended restarts at 1. now() is the database's clock, one for every instance.
INSERT INTO rate_limits (key, hits, window_ends_at)
VALUES (:key, 1, now() + make_interval(secs => :window_seconds))
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN rate_limits.window_ends_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
    window_ends_at = CASE WHEN rate_limits.window_ends_at <= now()
        THEN excluded.window_ends_at ELSE rate_limits.window_ends_at END
RETURNING hits, EXTRACT(EPOCH FROM window_ends_at - now())::float8;

-- name: rate_limits.delete_expired
DELETE FROM rate_limits
WHERE window_ends_at < now();
