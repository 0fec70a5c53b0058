-- The order read model: the columns of the API's Order, with its items, one statement per
-- answer. Lists page by order, not by row: the CTE takes one keyset page of orders (newest
-- first; ids are UUIDv7, the first page passes the max UUID as :after), then joins their items.

-- name: order_views.by_id
SELECT o.id, o.customer_id, o.status, o.total_amount, o.total_currency, o.created_at, o.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM orders o
JOIN order_items i ON i.order_id = o.id
WHERE o.id = :id
ORDER BY i.position;

-- name: order_views.list
-- Every order (admins): the primary key read backwards.
WITH page AS (
    SELECT id, customer_id, status, total_amount, total_currency, created_at, updated_at
    FROM orders
    WHERE id < :after
    ORDER BY id DESC
    LIMIT :limit
)
SELECT p.id, p.customer_id, p.status, p.total_amount, p.total_currency, p.created_at, p.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM page p
JOIN order_items i ON i.order_id = p.id
ORDER BY p.id DESC, i.position;

-- name: order_views.list_by_customer
-- A customer's own orders: a range of orders_customer_idx.
WITH page AS (
    SELECT id, customer_id, status, total_amount, total_currency, created_at, updated_at
    FROM orders
    WHERE customer_id = :customer_id AND id < :after
    ORDER BY id DESC
    LIMIT :limit
)
SELECT p.id, p.customer_id, p.status, p.total_amount, p.total_currency, p.created_at, p.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM page p
JOIN order_items i ON i.order_id = p.id
ORDER BY p.id DESC, i.position;

-- name: order_views.list_by_status
-- Every order in one status (admins): a range of orders_status_idx.
WITH page AS (
    SELECT id, customer_id, status, total_amount, total_currency, created_at, updated_at
    FROM orders
    WHERE status = :status AND id < :after
    ORDER BY id DESC
    LIMIT :limit
)
SELECT p.id, p.customer_id, p.status, p.total_amount, p.total_currency, p.created_at, p.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM page p
JOIN order_items i ON i.order_id = p.id
ORDER BY p.id DESC, i.position;

-- name: order_views.list_by_customer_and_status
-- A customer's orders in one status: orders_customer_idx, filtered; one customer has few.
WITH page AS (
    SELECT id, customer_id, status, total_amount, total_currency, created_at, updated_at
    FROM orders
    WHERE customer_id = :customer_id AND status = :status AND id < :after
    ORDER BY id DESC
    LIMIT :limit
)
SELECT p.id, p.customer_id, p.status, p.total_amount, p.total_currency, p.created_at, p.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM page p
JOIN order_items i ON i.order_id = p.id
ORDER BY p.id DESC, i.position;
