-- Refunds are written once and never change.

-- name: refunds.insert
INSERT INTO refunds (id, payment_id, amount, currency, reason, requested_by, idempotency_key, created_at)
VALUES (:id, :payment_id, :amount, :currency, :reason, :requested_by, :idempotency_key, :created_at);

-- name: refunds.get_by_idempotency_key
SELECT id, payment_id, amount, currency, reason, requested_by, idempotency_key, created_at
FROM refunds
WHERE requested_by = :requested_by AND idempotency_key = :idempotency_key;
