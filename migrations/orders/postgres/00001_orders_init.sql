-- Orders context schema. Tables are unqualified: the context's schema is the search_path. Money
-- is two columns, an amount in minor units (bigint, never a float) and an ISO 4217 code.

-- +goose Up
CREATE TABLE products (
    id             uuid        PRIMARY KEY,
    -- Compared byte for byte: "SKU-1" and "sku-1" are different labels.
    sku            text        COLLATE "C" NOT NULL,
    name           text        NOT NULL,
    price_amount   bigint      NOT NULL CHECK (price_amount > 0),
    price_currency text        NOT NULL,
    active         boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE UNIQUE INDEX products_sku_key ON products (sku);

-- The public catalogue lists products on sale newest first (ids are UUIDv7, so id order is
-- creation order); the admin list of every product walks the primary key.
CREATE INDEX products_active_idx ON products (id) WHERE active;

CREATE TABLE orders (
    id              uuid        PRIMARY KEY,
    customer_id     uuid        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled', 'refunded')),
    total_amount    bigint      NOT NULL,
    total_currency  text        NOT NULL,
    -- The payment that succeeded for the order, set also when it arrived after a cancel (the
    -- money must then be refunded). Text: a payment id is opaque to orders.
    payment_id      text,
    paid_at         timestamptz,
    -- The Idempotency-Key of the request that placed the order, if it sent one: a retry of that
    -- request (after a crash lost the stored answer) finds this order instead of placing another.
    idempotency_key text,
    -- Optimistic concurrency: every status change is "UPDATE ... WHERE version = :loaded".
    version         integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A customer's orders newest first, and the admin's ?status= list: each a range of one index
-- read backwards, so a deep page costs what the first does.
CREATE INDEX orders_customer_idx ON orders (customer_id, id);
CREATE INDEX orders_status_idx ON orders (status, id);
CREATE UNIQUE INDEX orders_idempotency_key ON orders (customer_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Items copy the product's sku, name and price as they were when the order was placed.
CREATE TABLE order_items (
    order_id            uuid    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    -- The item's place in the request, so an order reads back in the order it was written.
    position            integer NOT NULL,
    product_id          uuid    NOT NULL,
    sku                 text    NOT NULL,
    name                text    NOT NULL,
    quantity            integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    unit_price_amount   bigint  NOT NULL,
    unit_price_currency text    NOT NULL,
    line_total_amount   bigint  NOT NULL,
    line_total_currency text    NOT NULL,
    PRIMARY KEY (order_id, position)
);

-- +goose Down
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE products;
