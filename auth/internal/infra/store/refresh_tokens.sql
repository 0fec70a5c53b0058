-- Refresh tokens are looked up by the hash of the opaque token, never by the token itself.

-- name: refresh_tokens.insert
INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at, used_at, revoked_at)
VALUES (:id, :family_id, :user_id, :token_hash, :created_at, :expires_at, :used_at, :revoked_at);

-- name: refresh_tokens.get_by_hash
SELECT id, family_id, user_id, token_hash, created_at, expires_at, used_at, revoked_at
FROM refresh_tokens
WHERE token_hash = :token_hash;

-- name: refresh_tokens.mark_used
-- The "used_at IS NULL" guard makes rotation a compare-and-set: of two requests presenting the
-- same token at once, exactly one sees a row affected.
UPDATE refresh_tokens
SET used_at = :at
WHERE id = :id AND used_at IS NULL;

-- name: refresh_tokens.revoke_family
-- Revocation keeps the first revocation time.
UPDATE refresh_tokens
SET revoked_at = :at
WHERE family_id = :family_id AND revoked_at IS NULL;

-- name: refresh_tokens.revoke_user
UPDATE refresh_tokens
SET revoked_at = :at
WHERE user_id = :user_id AND revoked_at IS NULL;
