-- Orders context schema; SQLite keeps one file per context. Times are declared TIMESTAMP so the
-- driver scans them as time.Time; platform/db writes them as fixed-width UTC text, so text order
-- is time order. Booleans are INTEGER 0/1. Money is an INTEGER amount in minor units and a TEXT
-- ISO 4217 code.

-- +goose Up
-- WITHOUT ROWID clusters each table on its UUIDv7 id, so inserts append and newest-first lists
-- read the table backwards; every secondary index carries the id too.
CREATE TABLE products (
    id             TEXT      NOT NULL PRIMARY KEY,
    sku            TEXT      NOT NULL,
    name           TEXT      NOT NULL,
    price_amount   INTEGER   NOT NULL CHECK (price_amount > 0),
    price_currency TEXT      NOT NULL,
    active         INTEGER   NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
) WITHOUT ROWID;

CREATE UNIQUE INDEX products_sku_key ON products (sku);

-- The public catalogue: products on sale, newest first.
CREATE INDEX products_active_idx ON products (id) WHERE active;

CREATE TABLE orders (
    id              TEXT        NOT NULL PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled', 'refunded')),
    total_amount    INTEGER     NOT NULL,
    total_currency  TEXT        NOT NULL,
    -- The payment that succeeded for the order, set also when it arrived after a cancel.
    payment_id      TEXT,
    paid_at         TIMESTAMP,
    -- The Idempotency-Key of the request that placed the order, if it sent one: a retry of that
    -- request (after a crash lost the stored answer) finds this order instead of placing another.
    idempotency_key TEXT,
    -- Optimistic concurrency: every status change is "UPDATE ... WHERE version = :loaded".
    version         INTEGER     NOT NULL,
    created_at      TIMESTAMP   NOT NULL,
    updated_at      TIMESTAMP   NOT NULL
) WITHOUT ROWID;

CREATE INDEX orders_customer_idx ON orders (customer_id, id);
CREATE INDEX orders_status_idx ON orders (status, id);
CREATE UNIQUE INDEX orders_idempotency_key ON orders (customer_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Items copy the product's sku, name and price as they were when the order was placed.
CREATE TABLE order_items (
    order_id            TEXT    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    product_id          TEXT    NOT NULL,
    sku                 TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    quantity            INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    unit_price_amount   INTEGER NOT NULL,
    unit_price_currency TEXT    NOT NULL,
    line_total_amount   INTEGER NOT NULL,
    line_total_currency TEXT    NOT NULL,
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE products;
