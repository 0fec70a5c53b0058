-- Password reset tokens. Like refresh tokens, only the SHA-256 of the mailed token is kept.

-- +goose Up
CREATE TABLE password_reset_tokens (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 of the opaque token, hex; the token itself is only ever in the mail.
    token_hash text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    -- Set when the token is redeemed, or when another token of the user is: single use, and one
    -- reset ends every other outstanding link.
    used_at    timestamptz
);

-- A confirmation spends the user's other unused tokens.
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id)
    WHERE used_at IS NULL;

-- Serves the periodic purge of expired tokens.
CREATE INDEX password_reset_tokens_expires_idx ON password_reset_tokens (expires_at);

-- +goose Down
DROP TABLE password_reset_tokens;
