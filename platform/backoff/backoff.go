// Package backoff is the one wait between attempts of an operation that failed and may succeed
// if tried again (a transaction that lost a serialization race, a connection that failed to
// open): the database layer and the command bus both use it.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Delay is an "equal jitter" backoff for attempt (1 for the first retry): between half and all
// of base doubled per attempt. The jitter keeps callers that failed together from coming back in
// lockstep; the floor keeps them from coming back at once.
func Delay(base time.Duration, attempt int) time.Duration {
	ceiling := base << (max(attempt, 1) - 1)
	return ceiling/2 + rand.N(ceiling/2+1)
}

// Sleep waits d, or less if ctx ends first; it reports whether the whole wait went by.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
