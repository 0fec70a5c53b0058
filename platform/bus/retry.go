package bus

import (
	"context"
	"time"

	"github.com/modmono/platform/backoff"
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
			if !backoff.Sleep(ctx, backoff.Delay(retryBase, attempt)) {
				return err
			}
		}
	}
}
