-- The relay's retention job deletes inbox entries older than OUTBOX_RETENTION in batches, oldest
-- first; this index finds them without reading the whole table.

-- +goose Up
CREATE INDEX inbox_handled_at_idx ON inbox (handled_at);

-- +goose Down
DROP INDEX inbox_handled_at_idx;
