// Package migrations applies the goose SQL migrations of each set (a context's tables, or the
// messaging tables every context has), embedded per dialect, each set with its own version table.
package migrations

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"path"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/modmono/platform/db"
)

// Sets are the migration sets, each in <set>/postgres/*.sql and <set>/sqlite/*.sql. Adding a set
// is adding its directory and its name here.
var Sets = []string{"auth", "orders", "messaging", "idempotency", "payments", "keys", "ratelimit"}

//go:embed */postgres/*.sql */sqlite/*.sql
var embedded embed.FS

// Contexts lists, per bounded context, the sets applied to its database, in order: its own
// tables, then the shared ones it uses (every context has an outbox and an inbox).
var Contexts = map[string][]string{
	// Auth keeps the shared secret keys (its JWT signing keys, the admin panel's session keys)
	// when none is configured, so that every replica signs alike. Every context limits some
	// routes per client (platform/ratelimit), in its own database.
	"auth": {"auth", "messaging", "keys", "ratelimit"},
	// Orders takes optional Idempotency-Keys on POST /orders, kept beside the orders they place.
	"orders": {"orders", "messaging", "idempotency", "ratelimit"},
	// Payments takes Idempotency-Keys, whose state lives beside the payments they protect.
	"payments": {"payments", "messaging", "idempotency", "ratelimit"},
}

// UpContext applies every pending migration of every set of the named context.
func UpContext(ctx context.Context, e *db.Engine, contextName string) error {
	sets, ok := Contexts[contextName]
	if !ok {
		return fmt.Errorf("no migration sets for context %q", contextName)
	}
	for _, set := range sets {
		if err := Up(ctx, e, set); err != nil {
			return err
		}
	}
	return nil
}

// builtIn reads Sets at each call, so the list stays the one place to add a set.
func builtIn() source { return source{fsys: embedded, sets: Sets} }

// ErrNothingToRollBack is returned by Down when no migration of the set is applied.
var ErrNothingToRollBack = errors.New("no applied migration to roll back")

// MigrationStatus is one migration of a set and whether the database has it.
type MigrationStatus struct {
	Version   int64
	Name      string // the file name, such as "00001_auth_init.sql"
	Applied   bool
	AppliedAt time.Time // zero while pending
}

// Up applies every pending migration of set to e, the context's write engine. Concurrent callers
// (several instances starting at once) are serialised on PostgreSQL by an advisory lock, and on
// SQLite by its single writer.
func Up(ctx context.Context, e *db.Engine, set string) error {
	return builtIn().up(ctx, e, set)
}

// Down rolls back the most recently applied migration of set; ErrNothingToRollBack when none is.
func Down(ctx context.Context, e *db.Engine, set string) error {
	return builtIn().down(ctx, e, set)
}

// Reset rolls back every applied migration of set, newest first.
func Reset(ctx context.Context, e *db.Engine, set string) error {
	return builtIn().reset(ctx, e, set)
}

// Status lists every migration of set in version order, applied or pending.
func Status(ctx context.Context, e *db.Engine, set string) ([]MigrationStatus, error) {
	return builtIn().status(ctx, e, set)
}

func (s source) up(ctx context.Context, e *db.Engine, set string) error {
	p, err := s.provider(ctx, e, set)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("apply %s migrations of %q: %w", e.Dialect(), set, err)
	}
	return nil
}

func (s source) down(ctx context.Context, e *db.Engine, set string) error {
	p, err := s.provider(ctx, e, set)
	if err != nil {
		return err
	}
	if _, err := p.Down(ctx); err != nil {
		if errors.Is(err, goose.ErrNoNextVersion) {
			return fmt.Errorf("roll back %s migrations of %q: %w", e.Dialect(), set, ErrNothingToRollBack)
		}
		return fmt.Errorf("roll back the last %s migration of %q: %w", e.Dialect(), set, err)
	}
	return nil
}

func (s source) reset(ctx context.Context, e *db.Engine, set string) error {
	p, err := s.provider(ctx, e, set)
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		return fmt.Errorf("roll back every %s migration of %q: %w", e.Dialect(), set, err)
	}
	return nil
}

func (s source) status(ctx context.Context, e *db.Engine, set string) ([]MigrationStatus, error) {
	p, err := s.provider(ctx, e, set)
	if err != nil {
		return nil, err
	}
	statuses, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("read %s migration status of %q: %w", e.Dialect(), set, err)
	}
	out := make([]MigrationStatus, 0, len(statuses))
	for _, st := range statuses {
		out = append(out, MigrationStatus{
			Version:   st.Source.Version,
			Name:      path.Base(st.Source.Path),
			Applied:   st.State == goose.StateApplied,
			AppliedAt: st.AppliedAt,
		})
	}
	return out, nil
}
