package idempotency

import (
	"context"
	"crypto/rand"
	"embed"
	"fmt"
	"log/slog"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
)

const (
	// Retention is how long a key is kept: the contract's "at least 24 hours".
	Retention = 24 * time.Hour
	// DefaultLease is how long a claim keeps a key in flight before a retry may take it over.
	DefaultLease = 60 * time.Second
	// storeTimeout bounds the writes after the handler ran, which must not die with a client
	// that hung up: an unfinished row would answer 409 until its lease ran out.
	storeTimeout = 5 * time.Second
)

//go:embed queries*.sql
var files embed.FS

var queries = db.MustLoadQueries(files)

// Store keeps idempotency keys in a context's own database, so every instance of the context
// sees the same keys.
type Store struct {
	conn   *db.Engine
	clk    clock.Clock
	lease  time.Duration
	logger *slog.Logger
}

// Option adjusts a Store.
type Option func(*Store)

// WithLease sets how long a request holds its key before a retry may take it over (default
// 60 s). Keep it above the longest a handler may run (the server's write timeout): a shorter
// lease lets a retry run the handler while the first run is still going.
func WithLease(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.lease = d
		}
	}
}

// WithLogger names where failures to store a response go (default slog.Default()): they are
// not the client's concern, whose answer has been produced and is sent anyway.
func WithLogger(l *slog.Logger) Option {
	return func(s *Store) {
		if l != nil {
			s.logger = l
		}
	}
}

// NewStore keeps keys on e's write engine: a claim must see every other claim at once, never a
// replica's lagging copy. A nil clk is the system clock.
func NewStore(e *db.Engines, clk clock.Clock, opts ...Option) *Store {
	if e == nil || e.Write == nil {
		panic("idempotency.NewStore: the engines are required")
	}
	if clk == nil {
		clk = clock.System{}
	}
	s := &Store{conn: e.Write, clk: clk, lease: DefaultLease, logger: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// DeleteExpired deletes the keys past their retention and reports how many; the module runs it
// periodically. Expired keys are ignored by the middleware anyway, so a late cleanup only costs
// space.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	n, err := queries.Exec(ctx, s.conn, "idempotency.delete_expired", db.Args{"now": s.clk.Now()})
	if err != nil {
		return 0, fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	return n, nil
}

// claim identifies one run of a request under a key.
type claim struct {
	userID, key, fingerprint string
	// token names this run, so that it completes or releases its own claim only.
	token string
}

func newClaim(userID, key, fingerprint string) claim {
	return claim{userID: userID, key: key, fingerprint: fingerprint, token: rand.Text()}
}

func (c claim) args() db.Args {
	return db.Args{"user_id": c.userID, "key": c.key, "lease_token": c.token}
}

// complete stores the response of a claim's run and reports whether the claim still held.
func (s *Store) complete(ctx context.Context, c claim, r response) (bool, error) {
	headers, err := r.encodeHeaders()
	if err != nil {
		return false, err
	}
	args := c.args()
	args["status"], args["headers"], args["body"] = r.status, headers, r.body
	n, err := queries.Exec(ctx, s.conn, "idempotency.complete", args)
	if err != nil {
		return false, fmt.Errorf("store the response of idempotency key: %w", err)
	}
	return n == 1, nil
}

// release forgets a claim whose run failed, so that a retry runs again.
func (s *Store) release(ctx context.Context, c claim) error {
	if _, err := queries.Exec(ctx, s.conn, "idempotency.release", c.args()); err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}
