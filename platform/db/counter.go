package db

import (
	"context"
	"sync/atomic"
)

// StatementCounter counts the SQL round trips of one request (statements, BEGIN, COMMIT and
// ROLLBACK), so that tests and metrics can hold every request to a small, known number.
type StatementCounter struct {
	n atomic.Int64
}

// Count is the number of round trips so far; safe for concurrent use.
func (c *StatementCounter) Count() int64 { return c.n.Load() }

type statementCounterKey struct{}

// WithStatementCounter returns a context whose statements are counted by the returned counter.
// A context that already carries a counter gets a fresh one: the innermost counter wins.
func WithStatementCounter(ctx context.Context) (context.Context, *StatementCounter) {
	c := &StatementCounter{}
	return context.WithValue(ctx, statementCounterKey{}, c), c
}

// countStatement records one round trip if ctx carries a counter.
func countStatement(ctx context.Context) {
	if c, ok := ctx.Value(statementCounterKey{}).(*StatementCounter); ok {
		c.n.Add(1)
	}
}
