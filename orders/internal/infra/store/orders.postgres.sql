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
