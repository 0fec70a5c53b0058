// Package sqlcount counts the SQL round trips of one request: the database layer records each
// statement on the counter the request's context carries, and the HTTP edge starts the counter
// and reports it. It sits below both, so that neither imports the other.
package sqlcount

import (
	"context"
	"sync/atomic"
)

// Counter counts the SQL round trips of one request (statements, BEGIN, COMMIT and ROLLBACK),
// so that tests and metrics can hold every request to a small, known number.
type Counter struct {
	n atomic.Int64
}

// Count is the number of round trips so far; safe for concurrent use.
func (c *Counter) Count() int64 { return c.n.Load() }

type counterKey struct{}

// Start returns a context whose statements are counted by the returned counter. A context that
// already carries a counter gets a fresh one: the innermost counter wins.
func Start(ctx context.Context) (context.Context, *Counter) {
	c := &counting{Context: ctx}
	return c, &c.counter
}

// counting is context.WithValue and the counter in one allocation (this runs on every request).
type counting struct {
	context.Context
	counter Counter
}

func (c *counting) Value(key any) any {
	if _, ok := key.(counterKey); ok {
		return &c.counter
	}
	return c.Context.Value(key)
}

// Record counts one round trip if ctx carries a counter.
func Record(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*Counter); ok {
		c.n.Add(1)
	}
}
