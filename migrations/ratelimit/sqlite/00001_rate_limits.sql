-- Per-client request counters shared by every context that limits a route (platform/ratelimit):
-- one row per rule and client, a fixed window on the database's clock. Times are fixed-width UTC
-- text (as platform/db binds them), so text order is time order.

-- +goose Up
CREATE TABLE rate_limits (
    -- "<rule>:<hash of the client's address or /64>"; no address is stored.
    key            TEXT      NOT NULL PRIMARY KEY,
    hits           INTEGER   NOT NULL,
    window_ends_at TIMESTAMP NOT NULL
);

-- Serves the periodic purge of ended windows.
CREATE INDEX rate_limits_window_ends_idx ON rate_limits (window_ends_at);

-- +goose Down
DROP TABLE rate_limits;
