-- Idempotency keys shared by every context that takes an Idempotency-Key header: one row per
-- (user, key), holding the request's fingerprint, a lease while the first request runs, and
-- then its stored response. Times are fixed-width UTC text (platform/db binds them so), so text
-- order is time order.

-- +goose Up
-- A rowid table, not WITHOUT ROWID: rows carry whole response bodies, too big to sit well in
-- the pages of a clustered primary key.
CREATE TABLE idempotency_keys (
    -- Keys are scoped to the authenticated user: two users may send the same key.
    user_id          TEXT      NOT NULL,
    idempotency_key  TEXT      NOT NULL,
    -- SHA-256 (hex) of method, path and body: the same key with another request is refused.
    fingerprint      TEXT      NOT NULL,
    state            TEXT      NOT NULL CHECK (state IN ('in_flight', 'completed')),
    -- Names the claim that runs the request; completing or releasing requires it, so a request
    -- whose lease was taken over cannot overwrite the newer claim.
    lease_token      TEXT      NOT NULL,
    -- While in_flight and in the future, other requests with this key answer 409; once past,
    -- the claimant is presumed dead and a retry may take over.
    locked_until     TIMESTAMP NOT NULL,
    -- The response to replay, once completed (never a 5xx: those rows are deleted).
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BLOB,
    created_at       TIMESTAMP NOT NULL,
    -- created_at + 24 h; later rows are ignored and deleted by the periodic cleanup.
    expires_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

-- The cleanup deletes by expiry.
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
