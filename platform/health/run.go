package health

import (
	"context"
	"fmt"
)

type result struct {
	name string
	err  error
}

// Run pings every check concurrently and returns each one's error by name (nil when it
// answered). It returns within Timeout even when a check ignores its context: such a check is
// reported as timed out and left to finish on its own.
func Run(ctx context.Context, checks []Check) map[string]error {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()

	done := make(chan result, len(checks)) // buffered: a late check must not block forever
	for _, c := range checks {
		go func() { done <- result{c.Name, ping(ctx, c)} }()
	}

	out := make(map[string]error, len(checks))
	for len(out) < len(checks) {
		select {
		case r := <-done:
			out[r.name] = r.err
		case <-ctx.Done():
			drain(done, out)
			for _, c := range checks {
				if _, ok := out[c.Name]; !ok {
					out[c.Name] = fmt.Errorf("no answer: %w", ctx.Err())
				}
			}
		}
	}
	return out
}

// drain keeps the answers that arrived together with the deadline.
func drain(done <-chan result, out map[string]error) {
	for {
		select {
		case r := <-done:
			out[r.name] = r.err
		default:
			return
		}
	}
}

// ping turns a panicking check into a failed one instead of a crashed process.
func ping(ctx context.Context, c Check) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("check panicked: %v", r)
		}
	}()
	return c.Ping(ctx)
}
