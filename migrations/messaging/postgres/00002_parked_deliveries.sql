-- With a message broker, a subscriber that gives up on another context's event parks the
-- delivery in its own context's outbox table, beside the context's own parked events, so that
-- operators list and retry both in one place. subscriber names who gave up; it is NULL on every
-- row of the context's own events. The relay never publishes a row with a subscriber (it is
-- parked, or done: published_at is when a retry delivered it).

-- +goose Up
ALTER TABLE outbox ADD COLUMN subscriber TEXT;

-- +goose Down
ALTER TABLE outbox DROP COLUMN subscriber;
