-- Per-client request counters shared by every context that limits a route (platform/ratelimit):
-- one row per rule and client, a fixed window on the database's clock. Applied to each such
-- context's database alongside its own set; the table is unqualified because the context's
-- schema is the search_path.

-- +goose Up
CREATE TABLE rate_limits (
    -- "<rule>:<hash of the client's address or /64>"; no address is stored.
    key            text        PRIMARY KEY,
    hits           integer     NOT NULL,
    window_ends_at timestamptz NOT NULL
);

-- Serves the periodic purge of ended windows.
CREATE INDEX rate_limits_window_ends_idx ON rate_limits (window_ends_at);

-- +goose Down
DROP TABLE rate_limits;
