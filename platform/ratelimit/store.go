package ratelimit

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

//go:embed *.sql
var files embed.FS

var queries = db.MustLoadQueries(files)

// Store counts hits in a context's own database (the rate_limits table of the ratelimit
// migration set), on its write engine: every replica must see every hit at once.
type Store struct {
	conn *db.Engine
}

// NewStore counts on e's write engine.
func NewStore(e *db.Engines) *Store {
	if e == nil || e.Write == nil {
		panic("ratelimit.NewStore: the engines are required")
	}
	return &Store{conn: e.Write}
}

// Hit counts one request for key in its window of length window, and returns the hits in that
// window (this one included) and how long until it ends, both on the database's clock.
func (s *Store) Hit(ctx context.Context, key string, window time.Duration) (hits int, retryAfter time.Duration, err error) {
	var left float64
	err = queries.QueryRow(ctx, s.conn, "rate_limits.hit", db.Args{"key": key, "window_seconds": window.Seconds()}).Scan(&hits, &left)
	if err != nil {
		return 0, 0, fmt.Errorf("count a request against a rate limit: %w", err)
	}
	// SQLite's julianday arithmetic is a float: round off its noise, within 0..window.
	return hits, min(max(time.Duration(left*float64(time.Second)).Round(time.Millisecond), 0), window), nil
}

// DeleteExpired removes ended windows and reports how many; a late purge costs only space, as an
// ended window restarts at 1 anyway.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	n, err := queries.Exec(ctx, s.conn, "rate_limits.delete_expired", nil)
	if err != nil {
		return 0, fmt.Errorf("delete ended rate-limit windows: %w", err)
	}
	return n, nil
}
