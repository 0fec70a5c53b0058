-- Messaging tables shared by every context: the transactional outbox its commands append to, and
-- the inbox its subscribers deduplicate with. Applied to each context's database alongside the
-- context's own set; tables are unqualified because the context's schema is the search_path.

-- +goose Up
CREATE TABLE outbox (
    -- Append order; the relay publishes in seq order and keeps per-aggregate order by it.
    seq             bigserial   PRIMARY KEY,
    -- Text, not uuid: an envelope id is opaque to everyone but its producer.
    id              text        NOT NULL UNIQUE,
    type            text        NOT NULL,
    version         integer     NOT NULL,
    aggregate_id    text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    trace_parent    text        NOT NULL DEFAULT '',
    payload         text        NOT NULL,
    -- Failed publishes so far; the relay parks the event when it reaches its maximum.
    attempts        integer     NOT NULL DEFAULT 0,
    -- NULL: due now. Set after a failure, to now plus an exponential backoff.
    next_attempt_at timestamptz,
    last_error      text,
    published_at    timestamptz,
    -- Set instead of deleting a poison event, so an operator can inspect and retry it.
    parked_at       timestamptz
);

-- The relay's every batch walks pending rows in seq order; the index stays as small as the
-- backlog because published rows leave it.
CREATE INDEX outbox_pending_idx ON outbox (seq)
    WHERE published_at IS NULL AND parked_at IS NULL;

-- Serves the per-aggregate order check: "is an earlier event of this aggregate still pending?".
CREATE INDEX outbox_pending_aggregate_idx ON outbox (aggregate_id, seq)
    WHERE published_at IS NULL AND parked_at IS NULL;

-- Operators list parked events in append order.
CREATE INDEX outbox_parked_idx ON outbox (seq)
    WHERE parked_at IS NOT NULL;

-- Wakes relays LISTENing on outbox_<schema> in any process once the appending transaction
-- commits (PostgreSQL delivers notifications at commit and folds duplicates within one
-- transaction, so one statement-level notify per insert is cheap). The name is cut to 63 bytes
-- because pg_notify rejects longer channels while LISTEN truncates them silently.
-- +goose StatementBegin
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(left('outbox_' || TG_TABLE_SCHEMA, 63), '');
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE inbox (
    subscriber text        NOT NULL,
    event_id   text        NOT NULL,
    handled_at timestamptz NOT NULL,
    PRIMARY KEY (subscriber, event_id)
);

-- +goose Down
DROP TABLE inbox;
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
DROP TABLE outbox;
