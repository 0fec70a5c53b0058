package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/db"
)

// leaseTTL is how long an SQLite relay's lease outlives its last batch: far longer than a batch
// takes, and short enough that another process takes over soon after the holder dies.
const leaseTTL = 30 * time.Second

// pending is an outbox row the relay is about to publish.
type pending struct {
	seq      int64
	attempts int
	event    Event
}

// batch publishes the due events, at most BatchSize, in seq order, and returns how many due
// events it selected: a full batch means more may be due already. A crash between a publish and
// its mark publishes that event again (at least once); subscribers' inboxes absorb it.
func (r *Relay) batch(ctx context.Context) (int, error) {
	if r.cfg.Engines.Write.Dialect() == db.SQLite {
		return r.batchUnlocked(ctx)
	}
	return r.batchLocked(ctx)
}

// batchLocked is PostgreSQL's batch: one transaction that takes the schema's advisory lock, so
// a second relay (another replica) leaves the batch to the first, selects the due events, and
// marks those published whose Publish returned nil. errBusy: another relay held the lock.
func (r *Relay) batchLocked(ctx context.Context) (int, error) {
	var selected int
	var locked bool
	err := r.cfg.Engines.Write.InTx(ctx, func(tx *db.Tx) error {
		if err := queries.QueryRow(ctx, tx, "outbox.lock", nil).Scan(&locked); err != nil {
			return fmt.Errorf("lock the outbox: %w", err)
		}
		if !locked {
			return nil // another relay is publishing this outbox right now
		}
		var err error
		selected, err = r.publishDue(ctx, tx, tx)
		return err
	})
	if err == nil && !locked {
		r.metrics.busy.Inc()
		return 0, errBusy
	}
	if err == nil {
		// After the commit, so that a failing gauge query never undoes the batch.
		r.updateGauges(ctx, selected == 0)
	}
	return selected, err
}

// errBusy reports a batch left to another relay, which held the outbox's lock: that relay may
// have selected its events before this relay's nudge was committed, so this one tries again
// soon (see Relay.loop) instead of waiting for a poll or a notification.
var errBusy = errors.New("another relay holds the outbox")

// batchUnlocked is SQLite's batch. It must not hold the store's only write connection while
// subscribers run: a subscriber in another context may be waiting for that context's relay,
// which may in turn be publishing to this context, and two relays holding each other's writer
// would deadlock. Instead the relay holds a lease row (taken in one statement) for longer than
// a batch takes, and the marks are statements of their own after the publishes.
func (r *Relay) batchUnlocked(ctx context.Context) (int, error) {
	now := r.cfg.Clock.Now()
	var holder string
	err := queries.QueryRow(ctx, r.cfg.Engines.Write, "outbox.lease", db.Args{
		"holder": r.id, "expires_at": now.Add(leaseTTL), "now": now,
	}).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // another process's relay is publishing this outbox
	}
	if err != nil {
		return 0, fmt.Errorf("take the outbox lease: %w", err)
	}
	selected, err := r.publishDue(ctx, r.cfg.Engines.Read, r.cfg.Engines.Write)
	if err == nil {
		r.updateGauges(ctx, selected == 0)
	}
	return selected, err
}

// publishDue loads the due events through load and records the outcomes through mark: each
// failure as it happens, the published events in one statement at the end (a crash before it
// publishes them again: at least once).
func (r *Relay) publishDue(ctx context.Context, load, mark db.Conn) (int, error) {
	now := r.cfg.Clock.Now()
	// What is due decides what is published and marked: never a replica's past.
	due, err := loadDue(db.OnPrimary(ctx), load, now, r.cfg.BatchSize)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	// Only a batch with events gets a span: idle polls would flood the traces.
	ctx, span := tracerOf(r.cfg.TracerProvider).Start(ctx, "outbox relay "+r.cfg.Name,
		trace.WithAttributes(attribute.String("outbox.context", r.cfg.Name), attribute.Int("outbox.batch.size", len(due))))
	var failed error
	defer func() { endSpan(span, failed) }()
	// An aggregate whose event failed in this batch waits: its later events must not overtake.
	held := map[string]bool{}
	published := make([]int64, 0, len(due))
	for _, p := range due {
		if held[p.event.AggregateID] {
			continue
		}
		ok, err := r.publishOne(ctx, mark, now, p)
		if err != nil {
			failed = err
			// Best effort, for SQLite, whose marks are not undone with a transaction: what was
			// published is then not published again.
			_ = r.markPublished(ctx, mark, now, published)
			return len(due), err
		}
		held[p.event.AggregateID] = !ok
		if ok {
			published = append(published, p.seq)
		}
	}
	if err := r.markPublished(ctx, mark, now, published); err != nil {
		failed = err
		return len(due), err
	}
	return len(due), nil
}

// markPublished records the events of seqs as published, in one statement.
func (r *Relay) markPublished(ctx context.Context, conn db.Conn, now time.Time, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	list, err := json.Marshal(seqs)
	if err != nil {
		return err
	}
	if _, err := queries.Exec(ctx, conn, "outbox.mark_published", db.Args{"now": now, "seqs": string(list)}); err != nil {
		return fmt.Errorf("mark %d events published: %w", len(seqs), err)
	}
	r.metrics.published.Add(float64(len(seqs)))
	return nil
}

// publishOne publishes p, recording a failure in tx; ok is false when Publish failed. An error
// means the batch must roll back: recording failed, or the relay is being stopped.
func (r *Relay) publishOne(ctx context.Context, tx db.Conn, now time.Time, p pending) (ok bool, err error) {
	pubCtx, span := startPublishSpan(ctx, r.cfg.TracerProvider, p.event)
	pubErr := r.cfg.Publisher.Publish(pubCtx, p.event)
	endSpan(span, pubErr)
	if pubErr == nil {
		return true, nil
	}
	if ctx.Err() != nil {
		// The relay is stopping past its deadline: not the event's fault, so not an attempt.
		return false, ctx.Err()
	}
	r.metrics.failures.Inc()
	return false, r.recordFailure(ctx, tx, now, p, pubErr)
}

func loadDue(ctx context.Context, tx db.Conn, now time.Time, limit int) ([]pending, error) {
	rows, err := queries.Query(ctx, tx, "outbox.pending", db.Args{"now": now, "limit": limit})
	if err != nil {
		return nil, fmt.Errorf("select due outbox events: %w", err)
	}
	defer rows.Close()
	var due []pending
	for rows.Next() {
		var p pending
		var payload string
		e := &p.event
		if err := rows.Scan(&p.seq, &e.ID, &e.Type, &e.Version, &e.OccurredAt, &e.AggregateID,
			&e.TraceParent, &payload, &p.attempts); err != nil {
			return nil, fmt.Errorf("read a due outbox event: %w", err)
		}
		e.Payload = []byte(payload)
		due = append(due, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read due outbox events: %w", err)
	}
	return due, nil
}
