-- Auth context schema. Tables are unqualified: the context's schema is the search_path.

-- +goose Up
CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    -- Stored normalised (trimmed, lower-case). COLLATE "C" orders by byte, which for UTF-8 is
    -- code point order: the list's prefix filter is a range (email >= p AND email < p_end), and
    -- only a bytewise collation makes that range equal to "starts with p".
    email         text        COLLATE "C" NOT NULL,
    full_name     text        NOT NULL,
    password_hash text        NOT NULL,
    -- Comma-separated role names ("admin,customer"): a role name never holds a comma.
    roles         text        NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The list needs no index of its own: unfiltered, it walks the primary key backwards (ids are
-- UUIDv7, so id order is creation order); with an email prefix, the planner either scans this
-- index's range and sorts the few matches, or walks the primary key and filters, whichever the
-- prefix's selectivity favours. No single index can give both a range on email and id order.
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 of the opaque token, hex; the token itself is never stored.
    token_hash text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- One row per normalised email (known or not), shared by every instance.
CREATE TABLE login_throttle (
    key               text        PRIMARY KEY,
    attempts          integer     NOT NULL,
    window_started_at timestamptz NOT NULL,
    window_ends_at    timestamptz NOT NULL
);

-- Serves the periodic purge of ended windows.
CREATE INDEX login_throttle_window_ends_idx ON login_throttle (window_ends_at);

-- +goose Down
DROP TABLE login_throttle;
DROP TABLE refresh_tokens;
DROP TABLE users;
