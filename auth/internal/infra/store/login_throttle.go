package store

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// loginThrottle counts login attempts per normalised email in fixed windows, bound to one
// transaction.
type loginThrottle struct {
	conn db.Conn
}

func (r loginThrottle) Reserve(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var (
		attempts int
		ends     time.Time
	)
	err := queries.QueryRow(ctx, r.conn, "login_throttle.reserve", db.Args{
		"key":         key,
		"now":         now,
		"window_ends": now.Add(window),
	}).Scan(&attempts, &ends)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count a login attempt: %w", err)
	}
	return attempts, ends.UTC(), nil
}

func (r loginThrottle) Reset(ctx context.Context, key string) error {
	if _, err := queries.Exec(ctx, r.conn, "login_throttle.reset", db.Args{"key": key}); err != nil {
		return fmt.Errorf("reset login attempts: %w", err)
	}
	return nil
}

func (r loginThrottle) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := queries.Exec(ctx, r.conn, "login_throttle.delete_expired", db.Args{"now": now}); err != nil {
		return fmt.Errorf("delete ended login windows: %w", err)
	}
	return nil
}
