-- PostgreSQL runs writers concurrently, so the write side locks the payment it loads: two
-- refunds of one payment, or a retry beside the first run, then take turns and each sees what
-- the other did. SQLite needs no lock: its writes are serialised (one connection, BEGIN
-- IMMEDIATE).

-- name: payments.get_by_id
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       card_token, idempotency_key, version, created_at, updated_at
FROM payments
WHERE id = :id
FOR UPDATE;

-- name: payments.refundable_of_order
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       card_token, idempotency_key, version, created_at, updated_at
FROM payments
WHERE order_id = :order_id AND status IN ('succeeded', 'partially_refunded')
FOR UPDATE;
