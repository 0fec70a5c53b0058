package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
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

// CodeParkedEventStillFailing is Retry's error code when the subscriber of a parked delivery
// refuses the event again.
const CodeParkedEventStillFailing = "PARKED_EVENT_STILL_FAILING"

// ErrParkedEventStillFailing is Retry's error when the subscriber refuses the event again.
func ErrParkedEventStillFailing(cause error) *errs.Error {
	e := errs.Conflict(CodeParkedEventStillFailing, "the subscriber refused the event again; it stays parked with the new error")
	e.Err = cause
	return e
}

// ParkedEvent is an event the relay stopped trying to publish, or (Subscriber set) another
// context's event that a subscriber of this context gave up on, with the reason.
type ParkedEvent struct {
	// Seq is the event's place in the outbox: the key to list the parked events after it.
	Seq int64 `json:"-"`
	Event
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error"`
	ParkedAt  time.Time `json:"parked_at"`
	// Subscriber is the subscriber that gave up on a delivery; "" for an event of this context
	// that the relay gave up publishing.
	Subscriber string `json:"subscriber"`
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
		var lastError, subscriber sql.NullString
		e := &p.Event
		if err := rows.Scan(&p.Seq, &e.ID, &e.Type, &e.Version, &e.OccurredAt, &e.AggregateID,
			&e.TraceParent, &payload, &p.Attempts, &lastError, &p.ParkedAt, &subscriber); err != nil {
			return nil, fmt.Errorf("read a parked outbox event: %w", err)
		}
		e.Payload, p.LastError, p.Subscriber = []byte(payload), lastError.String, subscriber.String
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
//
// A parked delivery (ParkDelivery) is handed to its subscriber again at once, through
// RelayConfig.Redeliver: done, it leaves the parked list; refused, it stays parked with the new
// error and Retry answers ErrParkedEventStillFailing.
func (r *Relay) Retry(ctx context.Context, eventID string) error {
	n, err := queries.Exec(ctx, r.cfg.Engines.Write, "outbox.retry", db.Args{"id": eventID})
	if err != nil {
		return fmt.Errorf("retry outbox event %s: %w", eventID, err)
	}
	if n > 0 {
		r.Notify()
		return nil
	}
	return r.retryDelivery(ctx, eventID)
}

// ParkDelivery keeps another context's event that subscriber gave up on after attempts
// deliveries, parked with this context's own parked events, so that an operator sees both in
// one list and retries the delivery with Retry. Parking it again updates the same row.
func (r *Relay) ParkDelivery(ctx context.Context, subscriber string, e Event, attempts int, cause error) error {
	if err := e.validate(); err != nil {
		return fmt.Errorf("park a delivery to %s: %w", subscriber, err)
	}
	_, err := queries.Exec(ctx, r.cfg.Engines.Write, "outbox.park_delivery", db.Args{
		"id": e.ID, "type": e.Type, "version": e.Version, "aggregate_id": e.AggregateID,
		"occurred_at": e.OccurredAt, "trace_parent": e.TraceParent, "payload": string(e.Payload),
		"attempts": attempts, "last_error": errorText(cause), "parked_at": r.cfg.Clock.Now(), "subscriber": subscriber,
	})
	if err != nil {
		return fmt.Errorf("park event %s delivered to %s: %w", e.ID, subscriber, err)
	}
	return nil
}

func (r *Relay) retryDelivery(ctx context.Context, eventID string) error {
	var e Event
	var payload, subscriber string
	err := queries.QueryRow(ctx, r.cfg.Engines.Write, "outbox.parked_delivery", db.Args{"id": eventID}).
		Scan(&e.ID, &e.Type, &e.Version, &e.OccurredAt, &e.AggregateID, &e.TraceParent, &payload, &subscriber)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrParkedEventNotFound()
	}
	if err != nil {
		return fmt.Errorf("find parked delivery %s: %w", eventID, err)
	}
	if r.cfg.Redeliver == nil {
		return fmt.Errorf("retry parked delivery %s to %s: this process has no broker to redeliver it with", eventID, subscriber)
	}
	e.Payload = []byte(payload)
	if handleErr := r.cfg.Redeliver(ctx, subscriber, e); handleErr != nil {
		if _, err := queries.Exec(ctx, r.cfg.Engines.Write, "outbox.delivery_failed_again",
			db.Args{"id": eventID, "last_error": errorText(handleErr)}); err != nil {
			return fmt.Errorf("record the failed retry of delivery %s: %w", eventID, err)
		}
		return ErrParkedEventStillFailing(handleErr)
	}
	if _, err := queries.Exec(ctx, r.cfg.Engines.Write, "outbox.delivery_retried",
		db.Args{"id": eventID, "now": r.cfg.Clock.Now()}); err != nil {
		// The subscriber has the event (its inbox makes a second retry harmless).
		return fmt.Errorf("record the retried delivery %s: %w", eventID, err)
	}
	r.log.InfoContext(ctx, "parked delivery retried and handled", slog.String("event_id", eventID), slog.String("subscriber", subscriber))
	return nil
}
