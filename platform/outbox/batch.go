package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// pending is an outbox row the relay is about to publish.
type pending struct {
	seq      int64
	attempts int
	event    Event
}

// batch publishes the due events, at most BatchSize, in seq order, in one transaction that
// selects them, marks each published once Publish returned nil, and commits. A crash between a
// publish and the commit publishes that event again (at least once); subscribers' inboxes absorb
// it. It returns how many due events it selected: a full batch means more may be due already.
func (r *Relay) batch(ctx context.Context) (int, error) {
	var selected int
	var locked bool
	err := r.cfg.Engines.Write.InTx(ctx, func(tx *db.Tx) error {
		if err := queries.QueryRow(ctx, tx, "outbox.lock", nil).Scan(&locked); err != nil {
			return fmt.Errorf("lock the outbox: %w", err)
		}
		if !locked {
			return nil // another relay is publishing this outbox right now
		}
		now := r.cfg.Clock.Now()
		due, err := loadDue(ctx, tx, now, r.cfg.BatchSize)
		if err != nil {
			return err
		}
		selected = len(due)
		// An aggregate whose event failed in this batch waits: its later events must not overtake.
		held := map[string]bool{}
		for _, p := range due {
			if held[p.event.AggregateID] {
				continue
			}
			ok, err := r.publishOne(ctx, tx, now, p)
			if err != nil {
				return err
			}
			held[p.event.AggregateID] = !ok
		}
		return nil
	})
	if err == nil && locked {
		// After the commit, so that a failing gauge query never undoes the batch.
		r.updateGauges(ctx)
	}
	return selected, err
}

// publishOne publishes p and records the outcome in tx; ok is false when Publish failed. An
// error means the batch must roll back: recording failed, or the relay is being stopped.
func (r *Relay) publishOne(ctx context.Context, tx *db.Tx, now time.Time, p pending) (ok bool, err error) {
	pubErr := r.cfg.Publisher.Publish(ctx, p.event)
	if pubErr == nil {
		if _, err := queries.Exec(ctx, tx, "outbox.mark_published", db.Args{"now": now, "seq": p.seq}); err != nil {
			return false, fmt.Errorf("mark event %s published: %w", p.event.ID, err)
		}
		r.metrics.published.Inc()
		return true, nil
	}
	if ctx.Err() != nil {
		// The relay is stopping past its deadline: not the event's fault, so not an attempt.
		return false, ctx.Err()
	}
	r.metrics.failures.Inc()
	return false, r.recordFailure(ctx, tx, now, p, pubErr)
}

func loadDue(ctx context.Context, tx *db.Tx, now time.Time, limit int) ([]pending, error) {
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
