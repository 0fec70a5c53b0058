-- Auth context schema; SQLite keeps one file per context. Times are declared TIMESTAMP so the
-- driver scans them as time.Time; platform/db writes them as fixed-width UTC text, so text order
-- is time order. Booleans are INTEGER 0/1.

-- +goose Up
-- WITHOUT ROWID clusters the table on id (UUIDv7, so inserts append and id order is creation
-- order): the newest-first list reads the table itself backwards, with no separate key index.
-- With an email prefix, users_email_key answers the range (and, since every index of a WITHOUT
-- ROWID table carries the primary key, the id bound too) when the prefix is selective.
CREATE TABLE users (
    id            TEXT      NOT NULL PRIMARY KEY,
    -- Stored normalised (trimmed, lower-case). BINARY collation orders by byte (code point order
    -- for UTF-8), so the prefix filter's range (email >= p AND email < p_end) is exact.
    email         TEXT      NOT NULL,
    full_name     TEXT      NOT NULL,
    password_hash TEXT      NOT NULL,
    -- Comma-separated role names ("admin,customer"): a role name never holds a comma.
    roles         TEXT      NOT NULL,
    disabled      INTEGER   NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
) WITHOUT ROWID;

CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE refresh_tokens (
    id         TEXT      NOT NULL PRIMARY KEY,
    family_id  TEXT      NOT NULL,
    user_id    TEXT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 of the opaque token, hex; the token itself is never stored.
    token_hash TEXT      NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- One row per normalised email (known or not).
CREATE TABLE login_throttle (
    key               TEXT      NOT NULL PRIMARY KEY,
    attempts          INTEGER   NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    window_ends_at    TIMESTAMP NOT NULL
);

-- Serves the periodic purge of ended windows.
CREATE INDEX login_throttle_window_ends_idx ON login_throttle (window_ends_at);

-- +goose Down
DROP TABLE login_throttle;
DROP TABLE refresh_tokens;
DROP TABLE users;
