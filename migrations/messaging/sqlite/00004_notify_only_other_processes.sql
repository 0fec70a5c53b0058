-- PostgreSQL's outbox trigger learns to skip its NOTIFY for processes whose relay runs in them
-- (see postgres/00004). SQLite has no notifications (its relay polls): nothing to change, and
-- the versions stay in step with PostgreSQL's.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
