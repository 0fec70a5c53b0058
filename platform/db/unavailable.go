package db

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/modmono/platform/dberr"
)

// CommitTimeout bounds a COMMIT once sent. It does not follow the caller's deadline: a commit
// that succeeds is reported as a success, so that a late answer never hides a committed write.
// Keep the request deadline below the server's write timeout by at least this much.
const CommitTimeout = 5 * time.Second

// safeToBeginAgain: a failure to get a connection or to start a transaction, after which
// nothing of the transaction's work has reached the server, so it can be tried again.
func safeToBeginAgain(err error) bool {
	if errors.Is(err, ErrPoolTimeout) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false // the wait is over: another try would wait past it
	}
	return pgconn.SafeToRetry(err) || dberr.IsConnectionFailure(err) || IsRetryable(err)
}

// waitError names a wait for a connection that ran out (waitCtx, bounded by wait) while the
// caller's own ctx still had time: ErrPoolTimeout, a 503 rather than a deadline.
func waitError(ctx, waitCtx context.Context, wait time.Duration, err error) error {
	if err == nil || errors.Is(err, ErrPoolTimeout) || ctx.Err() != nil ||
		!errors.Is(waitCtx.Err(), context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w (%s): %w", ErrPoolTimeout, wait, err)
}

// retryDelay is a short "equal jitter" backoff: between half and all of 20 ms doubled per
// attempt, so that callers that failed together do not come back together.
func retryDelay(attempt int) time.Duration {
	ceiling := 20 * time.Millisecond << (attempt - 1)
	return ceiling/2 + rand.N(ceiling/2+1)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
