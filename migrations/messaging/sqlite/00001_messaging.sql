-- Messaging tables shared by every context: the transactional outbox its commands append to, and
-- the inbox its subscribers deduplicate with. Applied to each context's database alongside the
-- context's own set. Times are fixed-width UTC text (platform/db binds them so), so text order is
-- time order.

-- +goose Up
CREATE TABLE outbox (
    -- AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted, so seq order
    -- stays append order for good.
    seq             INTEGER   PRIMARY KEY AUTOINCREMENT,
    id              TEXT      NOT NULL UNIQUE,
    type            TEXT      NOT NULL,
    version         INTEGER   NOT NULL,
    aggregate_id    TEXT      NOT NULL,
    occurred_at     TIMESTAMP NOT NULL,
    trace_parent    TEXT      NOT NULL DEFAULT '',
    payload         TEXT      NOT NULL,
    attempts        INTEGER   NOT NULL DEFAULT 0,
    -- NULL: due now. Set after a failure, to now plus an exponential backoff.
    next_attempt_at TIMESTAMP,
    last_error      TEXT,
    published_at    TIMESTAMP,
    -- Set instead of deleting a poison event, so an operator can inspect and retry it.
    parked_at       TIMESTAMP
);

CREATE INDEX outbox_pending_idx ON outbox (seq)
    WHERE published_at IS NULL AND parked_at IS NULL;

CREATE INDEX outbox_pending_aggregate_idx ON outbox (aggregate_id, seq)
    WHERE published_at IS NULL AND parked_at IS NULL;

-- Operators list parked events in append order.
CREATE INDEX outbox_parked_idx ON outbox (seq)
    WHERE parked_at IS NOT NULL;

CREATE TABLE inbox (
    subscriber TEXT      NOT NULL,
    event_id   TEXT      NOT NULL,
    handled_at TIMESTAMP NOT NULL,
    PRIMARY KEY (subscriber, event_id)
) WITHOUT ROWID;

-- One row: which relay may publish this store's outbox, until when. SQLite has no advisory
-- locks, and a relay must not hold the single writer while subscribers run, so relays (of
-- several processes sharing the file) take turns through this lease instead.
CREATE TABLE outbox_lease (
    name       TEXT      PRIMARY KEY,
    holder     TEXT      NOT NULL,
    expires_at TIMESTAMP NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE outbox_lease;
DROP TABLE inbox;
DROP TABLE outbox;
