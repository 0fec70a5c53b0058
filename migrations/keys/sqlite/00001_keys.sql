-- Secret keys kept in the database when none is configured, so that every replica of a context
-- signs and verifies alike: auth's JWT signing keys and the admin panel's session keys. One row
-- per (purpose, generation); generation 1 is created once, by whichever replica inserts first
-- (INSERT … ON CONFLICT DO NOTHING, then everyone reads it back). A rotation adds the next
-- generation with signs_from in the future: it is published at once and signs from then on.
-- Anyone who can read this table can sign tokens: see docs/security.md.

-- +goose Up
CREATE TABLE secret_keys (
    purpose    TEXT      NOT NULL,
    generation INTEGER   NOT NULL CHECK (generation > 0),
    -- The key itself in the text form its user reads (a PKCS#8 PEM, "HASH,BLOCK" base64).
    secret     TEXT      NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- When this key starts signing; until then it only verifies. The previous generation signs
    -- until this moment, and verifies until this moment plus the longest lifetime it signs.
    signs_from TIMESTAMP NOT NULL,
    PRIMARY KEY (purpose, generation)
);

-- +goose Down
DROP TABLE secret_keys;
