-- name: orders.insert_items
-- Every item of the order in one statement: :items is a JSON array of objects with the keys
-- below.
INSERT INTO order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
                         unit_price_currency, line_total_amount, line_total_currency)
SELECT :order_id, value ->> '$.position', value ->> '$.product_id', value ->> '$.sku', value ->> '$.name',
       value ->> '$.quantity', value ->> '$.unit_price_amount', value ->> '$.unit_price_currency',
       value ->> '$.line_total_amount', value ->> '$.line_total_currency'
FROM json_each(:items);

-- name: orders.insert
-- Inserts nothing (0 rows) when the customer already placed an order under this Idempotency-Key
-- (the request is a retry, and the caller answers with that order instead), or when an item no
-- longer matches its product (on sale, same sku, name and price), as orders.place checks on
-- PostgreSQL; here the catalogue was read in this transaction, so that cannot happen unless the
-- caller priced the order from something else. :items as in orders.insert_items.
INSERT INTO orders (id, customer_id, status, total_amount, total_currency, payment_id, paid_at,
                    idempotency_key, version, created_at, updated_at)
SELECT :id, :customer_id, :status, :total_amount, :total_currency, NULL, NULL,
       :idempotency_key, :version, :created_at, :updated_at
WHERE NOT EXISTS (
    SELECT 1 FROM json_each(:items) AS x
    LEFT JOIN products p ON p.id = x.value ->> '$.product_id'
    WHERE p.id IS NULL OR NOT p.active OR p.sku <> x.value ->> '$.sku' OR p.name <> x.value ->> '$.name'
       OR p.price_amount <> x.value ->> '$.unit_price_amount'
       OR p.price_currency <> x.value ->> '$.unit_price_currency')
ON CONFLICT DO NOTHING;

-- name: orders.place
-- Unused on SQLite, which has no INSERT in WITH: Add runs orders.insert, orders.insert_items and
-- outbox.append in the unit's transaction instead.
SELECT :id, :customer_id, :status, :total_amount, :total_currency, :idempotency_key, :version,
       :created_at, :updated_at, :items, :events;
