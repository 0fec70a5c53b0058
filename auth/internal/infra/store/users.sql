-- The write side of users: whole rows in, whole rows out.

-- name: users.insert
INSERT INTO users (id, email, full_name, password_hash, roles, disabled, created_at, updated_at)
VALUES (:id, :email, :full_name, :password_hash, :roles, :disabled, :created_at, :updated_at);

-- name: users.get_by_id
SELECT id, email, full_name, password_hash, roles, disabled, created_at, updated_at
FROM users
WHERE id = :id;

-- name: users.get_by_email
SELECT id, email, full_name, password_hash, roles, disabled, created_at, updated_at
FROM users
WHERE email = :email;

-- name: users.update
UPDATE users
SET full_name = :full_name,
    password_hash = :password_hash,
    roles = :roles,
    disabled = :disabled,
    updated_at = :updated_at
WHERE id = :id;
