-- name: orders.insert_items
-- Every item of the order in one statement: :items is a JSON array of objects with the keys
-- below. The casts give the untyped parameters their column types.
INSERT INTO order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
                         unit_price_currency, line_total_amount, line_total_currency)
SELECT CAST(:order_id AS uuid), x.position, x.product_id, x.sku, x.name, x.quantity, x.unit_price_amount,
       x.unit_price_currency, x.line_total_amount, x.line_total_currency
FROM jsonb_to_recordset(CAST(:items AS jsonb)) AS x(position integer, product_id uuid, sku text, name text,
     quantity integer, unit_price_amount bigint, unit_price_currency text, line_total_amount bigint,
     line_total_currency text);

-- name: orders.insert
-- Unused on PostgreSQL: Add runs orders.place, which stores the items and events too.
SELECT :id, :customer_id, :status, :total_amount, :total_currency, :idempotency_key, :version,
       :created_at, :updated_at, :items;

-- name: orders.place
-- The order, its items and its events in one statement, so that it is atomic without a
-- transaction (no BEGIN, no COMMIT round trip). Items and events are inserted only if the order
-- was (FROM o). The order is inserted only if every item still matches its product as the
-- statement sees the catalogue (on sale, same sku, name and price): Add's caller may have
-- priced it from the process's copy of the catalogue (cachedProducts), which can be behind. A
-- retry under a taken Idempotency-Key stores nothing too. Run with Exec: its row count (1: the
-- order was stored) is the server's answer even when the deadline passes meanwhile. :items as
-- in orders.insert_items; :events as outbox.TxOutbox.Rows encodes them. Parameters are cast:
-- in a SELECT, unlike in VALUES, their types are not taken from the columns.
WITH o AS (
    INSERT INTO orders (id, customer_id, status, total_amount, total_currency, payment_id, paid_at,
                        idempotency_key, version, created_at, updated_at)
    SELECT CAST(:id AS uuid), CAST(:customer_id AS uuid), CAST(:status AS text),
           CAST(:total_amount AS bigint), CAST(:total_currency AS text), NULL, NULL,
           CAST(:idempotency_key AS text), CAST(:version AS integer), CAST(:created_at AS timestamptz),
           CAST(:updated_at AS timestamptz)
    WHERE NOT EXISTS (
        SELECT FROM jsonb_to_recordset(CAST(:items AS jsonb)) AS x(product_id uuid, sku text, name text,
             unit_price_amount bigint, unit_price_currency text)
        LEFT JOIN products p ON p.id = x.product_id
        WHERE p.id IS NULL OR NOT p.active OR p.sku <> x.sku OR p.name <> x.name
           OR p.price_amount <> x.unit_price_amount OR p.price_currency <> x.unit_price_currency)
    ON CONFLICT DO NOTHING
    RETURNING id
), i AS (
    INSERT INTO order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
                             unit_price_currency, line_total_amount, line_total_currency)
    SELECT o.id, x.position, x.product_id, x.sku, x.name, x.quantity, x.unit_price_amount,
           x.unit_price_currency, x.line_total_amount, x.line_total_currency
    FROM o, jsonb_to_recordset(CAST(:items AS jsonb)) AS x(position integer, product_id uuid, sku text,
         name text, quantity integer, unit_price_amount bigint, unit_price_currency text,
         line_total_amount bigint, line_total_currency text)
), e AS (
    INSERT INTO outbox (id, type, version, aggregate_id, occurred_at, trace_parent, payload)
    SELECT x.id, x.type, x.version, x.aggregate_id, x.occurred_at, x.trace_parent, x.payload
    FROM o, jsonb_to_recordset(CAST(:events AS jsonb)) AS x(id text, type text, version integer,
         aggregate_id text, occurred_at timestamptz, trace_parent text, payload text)
)
SELECT 1 FROM o;
