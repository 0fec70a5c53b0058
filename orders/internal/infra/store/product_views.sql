-- The product read model: the columns of the API's Product. Keyset pages, newest first: ids are
-- UUIDv7, so id order is creation order; the first page passes the max UUID as :after.

-- name: product_views.by_id
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id = :id;

-- name: product_views.list_active
-- Answered from products_active_idx, whose predicate this WHERE repeats word for word.
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE active AND id < :after
ORDER BY id DESC
LIMIT :limit;

-- name: product_views.list_all
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id < :after
ORDER BY id DESC
LIMIT :limit;
