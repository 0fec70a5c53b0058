package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/modmono/platform/db"
)

// maxErrorLen keeps last_error readable: a joined error of many subscribers, or a panic's stack,
// can be long, and its start says what failed.
const maxErrorLen = 4000

// errorText is err's message, cut to maxErrorLen for last_error.
func errorText(err error) string {
	msg := err.Error()
	if len(msg) > maxErrorLen {
		msg = msg[:maxErrorLen]
	}
	return msg
}

// recordFailure counts a failed attempt: the event backs off, or is parked once it has failed
// MaxAttempts times. A parked event stops holding back its aggregate's later events: one poison
// event must not stall an aggregate for good, and an operator can still retry it.
func (r *Relay) recordFailure(ctx context.Context, tx db.Conn, now time.Time, p pending, pubErr error) error {
	attempts := p.attempts + 1
	msg := errorText(pubErr)
	args := db.Args{"seq": p.seq, "attempts": attempts, "last_error": msg, "next_attempt_at": nil, "parked_at": nil}
	attrs := []any{
		slog.String("event_id", p.event.ID), slog.String("event_type", p.event.Type),
		slog.String("aggregate_id", p.event.AggregateID), slog.Int("attempts", attempts),
		slog.Any("error", pubErr),
	}
	if attempts >= r.cfg.MaxAttempts {
		args["parked_at"] = now
		r.log.ErrorContext(ctx, "outbox event parked after too many failed publishes; retry it once the cause is fixed", attrs...)
	} else {
		next := now.Add(r.backoff(attempts))
		args["next_attempt_at"] = next
		r.log.WarnContext(ctx, "outbox event publish failed; will retry", append(attrs, slog.Time("next_attempt_at", next))...)
	}
	if _, err := queries.Exec(ctx, tx, "outbox.mark_failed", args); err != nil {
		return fmt.Errorf("record the failed publish of event %s: %w", p.event.ID, err)
	}
	return nil
}

// backoff is the delay after the given number of failed attempts: BackoffBase doubled per
// earlier failure, capped at BackoffMax, of which the upper half is random so that events (and
// relays) that failed together do not all retry at the same instant.
func (r *Relay) backoff(attempts int) time.Duration {
	d := r.cfg.BackoffBase
	for i := 1; i < attempts && d < r.cfg.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, r.cfg.BackoffMax)
	half := d / 2
	// At least the microsecond that times are stored to, or a retry could be due at once.
	return max(half+rand.N(d-half+1), time.Microsecond)
}
