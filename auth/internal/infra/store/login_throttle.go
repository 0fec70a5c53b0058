package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// loginThrottle counts attempts per key (failed logins, reset requests) in fixed windows on the
// database's clock, bound to one transaction.
type loginThrottle struct {
	conn db.Conn
}

func (r loginThrottle) Reserve(ctx context.Context, key string, window time.Duration) (int, time.Duration, error) {
	var (
		attempts int
		left     float64
	)
	err := queries.QueryRow(ctx, r.conn, "login_throttle.reserve", db.Args{
		"key":            key,
		"window_seconds": window.Seconds(),
	}).Scan(&attempts, &left)
	if err != nil {
		return 0, 0, fmt.Errorf("count a login attempt: %w", err)
	}
	return attempts, min(seconds(left), window), nil
}

func (r loginThrottle) Attempts(ctx context.Context, key string) (int, time.Duration, error) {
	var (
		attempts int
		left     float64
	)
	err := queries.QueryRow(ctx, r.conn, "login_throttle.attempts", db.Args{"key": key}).Scan(&attempts, &left)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read login attempts: %w", err)
	}
	return attempts, seconds(left), nil
}

func (r loginThrottle) Reset(ctx context.Context, key string) error {
	if _, err := queries.Exec(ctx, r.conn, "login_throttle.reset", db.Args{"key": key}); err != nil {
		return fmt.Errorf("reset login attempts: %w", err)
	}
	return nil
}

func (r loginThrottle) DeleteExpired(ctx context.Context) error {
	if _, err := queries.Exec(ctx, r.conn, "login_throttle.delete_expired", nil); err != nil {
		return fmt.Errorf("delete ended login windows: %w", err)
	}
	return nil
}

// seconds turns the database's fractional seconds into a duration, never below zero, rounded
// to the millisecond (SQLite's julianday arithmetic is a float and carries noise below it).
func seconds(s float64) time.Duration {
	return max(time.Duration(s*float64(time.Second)), 0).Round(time.Millisecond)
}
