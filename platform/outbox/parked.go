package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
)

// CodeParkedEventNotFound is Retry's error code when no parked event has the id.
const CodeParkedEventNotFound = "PARKED_EVENT_NOT_FOUND"

// ErrParkedEventNotFound is Retry's error when no parked event has the id.
func ErrParkedEventNotFound() *errs.Error {
	return errs.NotFound(CodeParkedEventNotFound, "no parked event has this id")
}

// ParkedEvent is an event the relay stopped trying to publish, with the reason.
type ParkedEvent struct {
	// Seq is the event's place in the outbox: the key to list the parked events after it.
	Seq int64 `json:"-"`
	Event
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error"`
	ParkedAt  time.Time `json:"parked_at"`
}

// Parked lists up to limit (0: 100) parked events appended after the one at afterSeq (0: from
// the start), in the order they were appended. It reads the write engine, so an operator who
// just retried an event does not see it still parked on a lagging replica.
func (r *Relay) Parked(ctx context.Context, afterSeq int64, limit int) ([]ParkedEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := queries.Query(ctx, r.cfg.Engines.Write, "outbox.parked", db.Args{"after": afterSeq, "limit": limit})
	if err != nil {
		return nil, fmt.Errorf("list parked outbox events: %w", err)
	}
	defer rows.Close()
	var parked []ParkedEvent
	for rows.Next() {
		var p ParkedEvent
		var payload string
		var lastError sql.NullString
		e := &p.Event
		if err := rows.Scan(&p.Seq, &e.ID, &e.Type, &e.Version, &e.OccurredAt, &e.AggregateID,
			&e.TraceParent, &payload, &p.Attempts, &lastError, &p.ParkedAt); err != nil {
			return nil, fmt.Errorf("read a parked outbox event: %w", err)
		}
		e.Payload, p.LastError = []byte(payload), lastError.String
		parked = append(parked, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list parked outbox events: %w", err)
	}
	return parked, nil
}

// Retry un-parks an event with a fresh set of attempts and nudges the relay. It holds back any
// later pending event of its aggregate until it is published (or parked again); events of the
// aggregate that were published meanwhile stay published, so subscribers see it late.
func (r *Relay) Retry(ctx context.Context, eventID string) error {
	n, err := queries.Exec(ctx, r.cfg.Engines.Write, "outbox.retry", db.Args{"id": eventID})
	if err != nil {
		return fmt.Errorf("retry outbox event %s: %w", eventID, err)
	}
	if n == 0 {
		return ErrParkedEventNotFound()
	}
	r.Notify()
	return nil
}
