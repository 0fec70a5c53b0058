-- +goose Up
CREATE TABLE gadgets (id TEXT PRIMARY KEY);

-- +goose Down
DROP TABLE gadgets;
