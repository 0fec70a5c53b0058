-- name: keys.list
SELECT generation, secret, created_at, signs_from
FROM secret_keys
WHERE purpose = :purpose
ORDER BY generation;

-- name: keys.create_first
-- The first generation, by whichever replica gets here first: the others' inserts do nothing
-- (the primary key) and they read the winner's key back. NOT EXISTS keeps a store whose first
-- generations were deleted after rotations from starting over at 1.
INSERT INTO secret_keys (purpose, generation, secret, created_at, signs_from)
SELECT :purpose, 1, :secret, :now, :now
WHERE NOT EXISTS (SELECT 1 FROM secret_keys WHERE purpose = :purpose)
ON CONFLICT (purpose, generation) DO NOTHING;

-- name: keys.add
-- The next generation; of two rotations at once only one adds it.
INSERT INTO secret_keys (purpose, generation, secret, created_at, signs_from)
VALUES (:purpose, :generation, :secret, :now, :signs_from)
ON CONFLICT (purpose, generation) DO NOTHING;

-- name: keys.delete
DELETE FROM secret_keys
WHERE purpose = :purpose AND generation = :generation;
