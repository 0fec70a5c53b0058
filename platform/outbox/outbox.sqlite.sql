-- name: outbox.lock
-- Nothing to take: the batch runs in a write transaction, which SQLite already makes exclusive
-- (BEGIN IMMEDIATE on the single write connection), across processes too.
SELECT 1
