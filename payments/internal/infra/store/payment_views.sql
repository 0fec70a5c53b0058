-- The payment read model: the columns of the API's Payment. A processing payment has no outcome
-- yet and is never shown. Lists are keyset pages, newest first: ids are UUIDv7, so id order is
-- creation order, and the first page passes the max UUID as :after.

-- name: payment_views.by_id
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       created_at, updated_at
FROM payments
WHERE id = :id AND status <> 'processing';

-- name: payment_views.list
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       created_at, updated_at
FROM payments
WHERE id < :after AND status <> 'processing'
ORDER BY id DESC
LIMIT :limit;

-- name: payment_views.list_by_customer
-- Answered from payments_customer_idx.
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       created_at, updated_at
FROM payments
WHERE customer_id = :customer_id AND id < :after AND status <> 'processing'
ORDER BY id DESC
LIMIT :limit;

-- name: payment_views.list_by_order
-- Answered from payments_order_idx.
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       created_at, updated_at
FROM payments
WHERE order_id = :order_id AND id < :after AND status <> 'processing'
ORDER BY id DESC
LIMIT :limit;

-- name: payment_views.list_by_customer_and_order
-- An order has one customer, so payments_order_idx narrows this to a handful of rows.
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       created_at, updated_at
FROM payments
WHERE order_id = :order_id AND customer_id = :customer_id AND id < :after AND status <> 'processing'
ORDER BY id DESC
LIMIT :limit;
