-- The write side of payments: whole rows in, whole rows out.

-- name: payments.insert
-- DO NOTHING on either unique guard (one payment per order that did not fail; one per customer
-- and idempotency key): the caller learns which by looking the key up, in the same transaction.
INSERT INTO payments (id, order_id, customer_id, amount, currency, status, failure_code,
                      refunded_amount, card_token, idempotency_key, version, created_at, updated_at)
VALUES (:id, :order_id, :customer_id, :amount, :currency, :status, :failure_code,
        :refunded_amount, :card_token, :idempotency_key, :version, :created_at, :updated_at)
ON CONFLICT DO NOTHING;

-- name: payments.get_by_id
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       card_token, idempotency_key, version, created_at, updated_at
FROM payments
WHERE id = :id;

-- name: payments.get_by_idempotency_key
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       card_token, idempotency_key, version, created_at, updated_at
FROM payments
WHERE customer_id = :customer_id AND idempotency_key = :idempotency_key;

-- name: payments.refundable_of_order
-- payments_one_per_order allows one such payment per order at most.
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       card_token, idempotency_key, version, created_at, updated_at
FROM payments
WHERE order_id = :order_id AND status IN ('succeeded', 'partially_refunded');

-- name: payments.processing
SELECT id, order_id, customer_id, amount, currency, status, failure_code, refunded_amount,
       card_token, idempotency_key, version, created_at, updated_at
FROM payments
WHERE status = 'processing' AND created_at <= :before
ORDER BY created_at
LIMIT :limit;

-- name: payments.settle
-- The status guard makes settling a compare-and-set: of a retry and the recovery settling the
-- same payment, exactly one sees a row affected and appends the event.
UPDATE payments
SET status = :status,
    failure_code = :failure_code,
    card_token = NULL,
    version = :version,
    updated_at = :updated_at
WHERE id = :id AND status = 'processing';

-- name: payments.refund
-- The database decides, not the code that loaded the row: the refund applies only to the version
-- loaded, while refundable, and within the amount, and the status follows from the new total.
UPDATE payments
SET refunded_amount = refunded_amount + :amount,
    status = CASE WHEN refunded_amount + :amount = amount THEN 'refunded' ELSE 'partially_refunded' END,
    version = version + 1,
    updated_at = :updated_at
WHERE id = :id AND version = :version AND currency = :currency
  AND status IN ('succeeded', 'partially_refunded')
  AND refunded_amount + :amount <= amount;
