-- The write side of orders: an order row with its item rows, loaded together.

-- name: orders.get_by_id
-- One row per item, in the order they were placed; every order has at least one item. No row
-- lock: status changes are guarded by the version instead (see orders.update).
SELECT o.id, o.customer_id, o.status, o.total_amount, o.total_currency, o.payment_id, o.paid_at,
       o.idempotency_key, o.version, o.created_at, o.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM orders o
JOIN order_items i ON i.order_id = o.id
WHERE o.id = :id
ORDER BY i.position;

-- name: orders.get_by_idempotency_key
SELECT o.id, o.customer_id, o.status, o.total_amount, o.total_currency, o.payment_id, o.paid_at,
       o.idempotency_key, o.version, o.created_at, o.updated_at,
       i.product_id, i.sku, i.name, i.quantity, i.unit_price_amount, i.unit_price_currency,
       i.line_total_amount, i.line_total_currency
FROM orders o
JOIN order_items i ON i.order_id = o.id
WHERE o.customer_id = :customer_id AND o.idempotency_key = :idempotency_key
ORDER BY i.position;

-- name: orders.update
-- Optimistic concurrency: changes nothing (0 rows) when another writer moved the version since
-- the order was loaded; the caller then reloads and decides again.
UPDATE orders
SET status = :status,
    payment_id = :payment_id,
    paid_at = :paid_at,
    updated_at = :updated_at,
    version = version + 1
WHERE id = :id AND version = :version;
