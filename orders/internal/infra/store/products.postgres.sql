-- PostgreSQL runs writers concurrently, so an update locks the product it loads: two admins
-- changing one product (one the price, one the name) can then never lose the other's change.
-- SQLite needs no lock: its writes are serialised (one connection, BEGIN IMMEDIATE).

-- name: products.get_by_id
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id = :id
FOR UPDATE;

-- name: products.get_by_ids
-- :ids is a JSON array of canonical UUIDs; one statement for the whole order. Driven by the list
-- (LATERAL: one primary-key lookup per id): as "id IN (SELECT ... jsonb_array_elements_text)",
-- the planner, guessing 100 ids, hashed them against a sequential scan of the whole catalogue
-- (1,000 products: 12 pages read per order instead of 2 index pages per item). A repeated id
-- comes back twice; ByIDs keeps one.
SELECT p.id, p.sku, p.name, p.price_amount, p.price_currency, p.active, p.created_at, p.updated_at
FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) AS wanted(id)
CROSS JOIN LATERAL (SELECT * FROM products WHERE products.id = CAST(wanted.id AS uuid)) AS p;
