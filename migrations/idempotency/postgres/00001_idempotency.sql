-- Idempotency keys shared by every context that takes an Idempotency-Key header: one row per
-- (user, key), holding the request's fingerprint, a lease while the first request runs, and
-- then its stored response. Applied to each such context's database alongside its own set;
-- the table is unqualified because the context's schema is the search_path.

-- +goose Up
CREATE TABLE idempotency_keys (
    -- Keys are scoped to the authenticated user: two users may send the same key.
    user_id          text        NOT NULL,
    idempotency_key  text        NOT NULL,
    -- SHA-256 (hex) of method, path and body: the same key with another request is refused.
    fingerprint      text        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    -- Names the claim that runs the request; completing or releasing requires it, so a request
    -- whose lease was taken over cannot overwrite the newer claim.
    lease_token      text        NOT NULL,
    -- While in_flight and in the future, other requests with this key answer 409; once past,
    -- the claimant is presumed dead and a retry may take over.
    locked_until     timestamptz NOT NULL,
    -- The response to replay, once completed (never a 5xx: those rows are deleted).
    response_status  integer,
    response_headers text,
    response_body    bytea,
    created_at       timestamptz NOT NULL,
    -- created_at + 24 h; later rows are ignored and deleted by the periodic cleanup.
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

-- The cleanup deletes by expiry.
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
