-- The inbox table belongs to the shared messaging set (platform/outbox writes it); the auth
-- store only asks whether an event was handled, to skip a send that must not repeat.

-- name: inbox.handled
SELECT count(*)
FROM inbox
WHERE subscriber = :subscriber AND event_id = :event_id;
