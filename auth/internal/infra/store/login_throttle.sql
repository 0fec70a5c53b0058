-- Times come from the database's clock (one clock for every instance): the dialect files define
-- the statements that read it.

-- name: login_throttle.reset
DELETE FROM login_throttle
WHERE key = :key;
