-- Payments context schema. Tables are unqualified: the context's schema is the search_path.
-- Money is two columns: an amount in minor units and its ISO 4217 currency code.

-- +goose Up
CREATE TABLE payments (
    id              uuid        PRIMARY KEY,
    order_id        uuid        NOT NULL,
    customer_id     uuid        NOT NULL,
    -- The order's total as the orders context stated it.
    amount          bigint      NOT NULL CHECK (amount > 0),
    currency        text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- processing is internal (stored, charge under way) and never shown to clients.
    status          text        NOT NULL
        CHECK (status IN ('processing', 'succeeded', 'failed', 'partially_refunded', 'refunded')),
    failure_code    text,
    refunded_amount bigint      NOT NULL DEFAULT 0,
    -- Kept only while processing, so that an interrupted charge can be completed.
    card_token      text,
    -- The creating request's Idempotency-Key, scoped to the customer.
    idempotency_key text        NOT NULL,
    version         integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- The database's own promise that refunds never exceed the payment, whatever the code does.
    CONSTRAINT payments_refunds_within_amount CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
    CONSTRAINT payments_refund_status CHECK (
        (status = 'refunded') = (refunded_amount = amount)
        AND (status = 'partially_refunded') = (refunded_amount > 0 AND refunded_amount < amount)),
    CONSTRAINT payments_failure_code CHECK ((status = 'failed') = (failure_code IS NOT NULL)),
    CONSTRAINT payments_card_token CHECK (card_token IS NULL OR status = 'processing'),
    -- A retried request finds the payment its first run made instead of charging again.
    CONSTRAINT payments_idempotency_key UNIQUE (customer_id, idempotency_key)
);

-- At most one payment per order is processing or succeeded (and then perhaps refunded): of
-- concurrent attempts with different keys exactly one is stored. A failed payment leaves the
-- order payable.
CREATE UNIQUE INDEX payments_one_per_order ON payments (order_id) WHERE status <> 'failed';

-- The lists, newest first (ids are UUIDv7): a customer's own, and one order's.
CREATE INDEX payments_customer_idx ON payments (customer_id, id);
CREATE INDEX payments_order_idx ON payments (order_id, id);

-- Recovery finds interrupted charges; the index holds only the few payments in flight.
CREATE INDEX payments_processing_idx ON payments (created_at) WHERE status = 'processing';

CREATE TABLE refunds (
    id              uuid        PRIMARY KEY,
    payment_id      uuid        NOT NULL REFERENCES payments (id),
    amount          bigint      NOT NULL CHECK (amount > 0),
    currency        text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reason          text        NOT NULL CHECK (char_length(reason) <= 500),
    -- The admin's user id, or 'system' for automatic refunds.
    requested_by    text        NOT NULL,
    idempotency_key text        NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT refunds_idempotency_key UNIQUE (requested_by, idempotency_key)
);

CREATE INDEX refunds_payment_idx ON refunds (payment_id);

-- +goose Down
DROP TABLE refunds;
DROP TABLE payments;
