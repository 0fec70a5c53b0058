-- The write side of the catalogue: whole rows in, whole rows out.

-- name: products.insert
INSERT INTO products (id, sku, name, price_amount, price_currency, active, created_at, updated_at)
VALUES (:id, :sku, :name, :price_amount, :price_currency, :active, :created_at, :updated_at);

-- name: products.get_by_id
SELECT id, sku, name, price_amount, price_currency, active, created_at, updated_at
FROM products
WHERE id = :id;

-- name: products.update
UPDATE products
SET name = :name,
    price_amount = :price_amount,
    price_currency = :price_currency,
    active = :active,
    updated_at = :updated_at
WHERE id = :id;
