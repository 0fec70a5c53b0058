-- +goose Up
ALTER TABLE widgets ADD COLUMN colour TEXT NOT NULL DEFAULT 'red';

-- +goose Down
ALTER TABLE widgets DROP COLUMN colour;
