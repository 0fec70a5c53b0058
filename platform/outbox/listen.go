package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// listen keeps one connection LISTENing on outbox_<schema>, where the outbox's insert trigger
// notifies at the commits of processes that have no relay of their own for the context (see
// InProcessRelaySettings), and nudges the relay on each notification. A lost
// connection is re-established with growing delays; polling covers the gap meanwhile.
func (r *Relay) listen(ctx context.Context, pool *pgxpool.Pool) {
	const first, most = 100 * time.Millisecond, 30 * time.Second
	delay := first
	for {
		err := r.listenOnce(ctx, pool, func() { delay = first })
		if ctx.Err() != nil {
			return
		}
		r.log.WarnContext(ctx, "outbox LISTEN connection lost; reconnecting, polling meanwhile",
			slog.Any("error", err), slog.Duration("retry_in", delay))
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, most)
	}
}

// listenOnce listens until the connection fails or ctx ends; connected is called once LISTEN
// is in place.
func (r *Relay) listenOnce(ctx context.Context, pool *pgxpool.Pool, connected func()) error {
	pooled, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire a connection to LISTEN on: %w", err)
	}
	// Hijacked, the connection leaves the pool instead of holding one of its slots for good.
	conn := pooled.Hijack()
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	// The pool's search_path names the context's schema; asking keeps the relay's configuration
	// free of it and always in step with where Append writes.
	var schema string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return fmt.Errorf("find the outbox schema: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channelName(schema)}.Sanitize()); err != nil {
		return fmt.Errorf("LISTEN for outbox events: %w", err)
	}
	connected()
	r.Notify() // for events committed while nobody was listening
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait for outbox notifications: %w", err)
		}
		r.Notify()
	}
}

// channelName matches the trigger's left('outbox_' || schema, 63): channel names are
// identifiers, at most 63 bytes, and schema names are ASCII (platform/db insists).
func channelName(schema string) string {
	name := "outbox_" + schema
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

// InProcessRelaySettings are the PostgreSQL settings (db.Config.Settings) of the connections of
// a process whose relay of the context runs in it and whose every outbox writer is a
// UnitOfWork nudging that relay: the outbox trigger then skips its NOTIFY (messaging migration
// 00004), which would otherwise serialise the commits of every writer on PostgreSQL's
// notification lock. Relays in other processes (replicas) still find the events: their polls,
// and this process's relay retrying within busyRetry when it found one of them publishing.
// Writers elsewhere (another process without a relay, psql) notify as before.
func InProcessRelaySettings() map[string]string {
	return map[string]string{"outbox.notify": "off"}
}
