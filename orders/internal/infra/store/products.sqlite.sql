-- name: products.get_by_ids
-- :ids is a JSON array of canonical UUIDs; one statement for the whole order.
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id IN (SELECT value FROM json_each(:ids));
