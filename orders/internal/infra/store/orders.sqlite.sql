-- name: orders.insert_items
-- Every item of the order in one statement: :items is a JSON array of objects with the keys
-- below.
INSERT INTO order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
                         unit_price_currency, line_total_amount, line_total_currency)
SELECT :order_id, value ->> '$.position', value ->> '$.product_id', value ->> '$.sku', value ->> '$.name',
       value ->> '$.quantity', value ->> '$.unit_price_amount', value ->> '$.unit_price_currency',
       value ->> '$.line_total_amount', value ->> '$.line_total_currency'
FROM json_each(:items);

-- name: orders.place
-- Unused on SQLite, which has no INSERT in WITH: Add runs orders.insert, orders.insert_items and
-- outbox.append in the unit's transaction instead.
SELECT :id, :customer_id, :status, :total_amount, :total_currency, :idempotency_key, :version,
       :created_at, :updated_at, :items, :events;
