-- The outbox trigger's NOTIFY makes every committing transaction take PostgreSQL's one
-- notification lock from its pre-commit to the end of its commit (WAL flush included), so
-- commits that notify are serialised; under concurrent writes that halves the throughput of a
-- write. A process whose relay of the context runs in it does not need the notification: its
-- Unit of Work nudges the relay in process after each commit (outbox.UnitOfWork), and a relay
-- that finds another replica's relay busy tries again within milliseconds. Such a process sets
-- outbox.notify = off on its connections (platform's ContextStore does, see
-- outbox.InProcessRelaySettings), and the trigger then skips the NOTIFY. Every other writer
-- (a process without a relay, psql, an older binary) still notifies, as before.

-- +goose Up
DROP TRIGGER outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT
    WHEN (current_setting('outbox.notify', true) IS DISTINCT FROM 'off')
    EXECUTE FUNCTION outbox_notify();

-- +goose Down
DROP TRIGGER outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
