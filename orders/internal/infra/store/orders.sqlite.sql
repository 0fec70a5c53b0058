-- name: orders.insert_items
-- Every item of the order in one statement: :items is a JSON array of objects with the keys
-- below.
INSERT INTO order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
                         unit_price_currency, line_total_amount, line_total_currency)
SELECT :order_id, value ->> '$.position', value ->> '$.product_id', value ->> '$.sku', value ->> '$.name',
       value ->> '$.quantity', value ->> '$.unit_price_amount', value ->> '$.unit_price_currency',
       value ->> '$.line_total_amount', value ->> '$.line_total_currency'
FROM json_each(:items);
