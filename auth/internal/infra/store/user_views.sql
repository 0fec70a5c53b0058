-- The user read model: the columns of the API's User, never the password hash.

-- name: user_views.by_id
SELECT id, email, full_name, roles, disabled, created_at, updated_at
FROM users
WHERE id = :id;

-- name: user_views.list
-- Keyset page, newest first: ids are UUIDv7, so id order is creation order. The first page
-- passes the max UUID as :after.
SELECT id, email, full_name, roles, disabled, created_at, updated_at
FROM users
WHERE id < :after
ORDER BY id DESC
LIMIT :limit;

-- name: user_views.list_by_email_prefix
-- The prefix is a range on the bytewise-ordered email column, not LIKE: "%" and "_" stay
-- literal, and a selective prefix is answered from users_email_key.
SELECT id, email, full_name, roles, disabled, created_at, updated_at
FROM users
WHERE email >= :prefix AND email < :prefix_end AND id < :after
ORDER BY id DESC
LIMIT :limit;
