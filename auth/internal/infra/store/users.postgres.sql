-- PostgreSQL runs writers concurrently, so the write side locks the row it loads: a handler's
-- read-modify-write (an admin disabling a user while the user changes the password) can then
-- never lose the other's update. SQLite needs no lock: its writes are serialised
-- (one connection, BEGIN IMMEDIATE).

-- name: users.get_by_id
SELECT id, email, full_name, password_hash, roles, disabled, created_at, updated_at
FROM users
WHERE id = :id
FOR UPDATE;

-- name: users.get_by_email
SELECT id, email, full_name, password_hash, roles, disabled, created_at, updated_at
FROM users
WHERE email = :email
FOR UPDATE;
