-- PostgreSQL runs writers concurrently, so an update locks the product it loads: two admins
-- changing one product (one the price, one the name) can then never lose the other's change.
-- SQLite needs no lock: its writes are serialised (one connection, BEGIN IMMEDIATE).

-- name: products.get_by_id
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id = :id
FOR UPDATE;

-- name: products.get_by_ids
-- :ids is a JSON array of canonical UUIDs; one statement for the whole order.
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id IN (SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(CAST(:ids AS jsonb)));
