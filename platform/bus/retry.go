package bus

import (
	"context"
	"math/rand/v2"
	"time"
)

// retryBase is the first backoff ceiling; it doubles with every attempt.
const retryBase = 10 * time.Millisecond

// RetryOn runs a command again, up to attempts times in all, while retryable says its error is
// transient (a serialisation failure or a busy database). Queries pass through: they run outside
// write transactions and a retry would only hide a slow store. Each attempt calls the handler
// afresh, so it opens a new transaction; keep RetryOn innermost so logs and metrics see one call.
func RetryOn(retryable func(error) bool, attempts int) Decorator {
	return func(ctx context.Context, call Call, next func(context.Context) error) error {
		if call.Kind != KindCommand {
			return next(ctx)
		}
		for attempt := 1; ; attempt++ {
			err := next(ctx)
			if err == nil || attempt >= attempts || !retryable(err) {
				return err
			}
			if !sleep(ctx, backoff(attempt)) {
				return err
			}
		}
	}
}

// backoff waits between half and all of an exponential ceiling: the jitter keeps writers that
// collided once from colliding again in lockstep, the floor keeps them from retrying at once.
func backoff(attempt int) time.Duration {
	ceiling := retryBase << (attempt - 1)
	return ceiling/2 + rand.N(ceiling/2+1)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
