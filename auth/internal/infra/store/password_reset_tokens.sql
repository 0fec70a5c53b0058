-- Password reset tokens are looked up by the hash of the mailed token, never by the token itself.

-- name: password_reset_tokens.insert
INSERT INTO password_reset_tokens (id, user_id, token_hash, created_at, expires_at, used_at)
VALUES (:id, :user_id, :token_hash, :created_at, :expires_at, :used_at);

-- name: password_reset_tokens.get_by_hash
SELECT id, user_id, token_hash, created_at, expires_at, used_at
FROM password_reset_tokens
WHERE token_hash = :token_hash;

-- name: password_reset_tokens.redeem
-- A compare-and-set: of two confirmations of one token, exactly one sees a row affected (on
-- PostgreSQL the second waits for the first's row lock, then finds used_at set). Expiry is
-- checked here too, so a token that expired since it was loaded is refused.
UPDATE password_reset_tokens
SET used_at = :at
WHERE id = :id AND used_at IS NULL AND expires_at > :at;

-- name: password_reset_tokens.spend_user
UPDATE password_reset_tokens
SET used_at = :at
WHERE user_id = :user_id AND used_at IS NULL;

-- name: password_reset_tokens.delete_expired
DELETE FROM password_reset_tokens
WHERE expires_at < :now;
