-- name: outbox.lock
-- Nothing to take: the batch runs in a write transaction, which SQLite already makes exclusive
-- (BEGIN IMMEDIATE on the single write connection), across processes too.
SELECT 1

-- name: outbox.lease
-- Takes or renews the relay lease; no row comes back while another relay holds an unexpired one.
INSERT INTO outbox_lease (name, holder, expires_at) VALUES ('relay', :holder, :expires_at)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE outbox_lease.holder = excluded.holder OR outbox_lease.expires_at <= :now
RETURNING holder

-- name: outbox.release_lease
-- A stopping relay hands the lease on at once instead of letting it run out.
UPDATE outbox_lease SET expires_at = :now WHERE name = 'relay' AND holder = :holder
