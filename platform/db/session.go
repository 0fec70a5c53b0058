package db

import (
	"context"
	"fmt"
	"math"
	"sync"
)

// Position is a PostgreSQL WAL location (an LSN, "16/B374D848") as a number, so that two
// positions compare as numbers.
type Position uint64

// Unknown is the position of a commit whose WAL location could not be read: no replica is ever
// known to have replayed it, so whoever carries it reads from the primary.
const Unknown = Position(math.MaxUint64)

// ParsePosition reads an LSN as PostgreSQL prints it.
func ParsePosition(s string) (Position, error) {
	var hi, lo uint32
	if _, err := fmt.Sscanf(s, "%X/%X", &hi, &lo); err != nil {
		return 0, fmt.Errorf("WAL position %q: %w", s, err)
	}
	return Position(uint64(hi)<<32 | uint64(lo)), nil
}

func (p Position) String() string { return fmt.Sprintf("%X/%X", uint64(p)>>32, uint32(p)) }

// Session is one client's read-your-writes state for one request: the WAL position its reads
// must see (what it carried in, loaded on first need) and the position of what it committed in
// this request. The read engine sends its reads to a replica only once that replica has replayed
// past both; the write engine records each commit's position (PostgreSQL with replicas only).
type Session struct {
	load     func(context.Context) Position
	onCommit func(context.Context, Position)

	mu        sync.Mutex
	loaded    bool
	carried   Position
	committed Position
}

// NewSession makes a request's session. load returns the position the client carried in (a
// signed header, a shared store), called at most once and only when a read needs a replica;
// onCommit (may be nil) is told each commit's position as it happens.
func NewSession(load func(context.Context) Position, onCommit func(context.Context, Position)) *Session {
	return &Session{load: load, onCommit: onCommit}
}

// Min is the position the session's reads must see.
func (s *Session) Min(ctx context.Context) Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded && s.load != nil {
		s.carried = s.load(ctx)
	}
	s.loaded = true
	return max(s.carried, s.committed)
}

// Committed is the position of the session's last commit in this request; 0 when it wrote
// nothing (or no replica is configured).
func (s *Session) Committed() Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.committed
}

func (s *Session) commit(ctx context.Context, p Position) {
	s.mu.Lock()
	s.committed = max(s.committed, p)
	s.mu.Unlock()
	if s.onCommit != nil {
		s.onCommit(ctx, p)
	}
}

type sessionKey struct{}

// WithSession carries s through ctx to the engines.
func WithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFrom returns ctx's session, or nil.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

type primaryKey struct{}

// OnPrimary makes the read engine answer from the primary: for reads that decide a write (the
// order payments is about to charge, the events the outbox relay is about to mark), which must
// not see a replica's past.
func OnPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

func onPrimary(ctx context.Context) bool {
	v, _ := ctx.Value(primaryKey{}).(bool)
	return v
}
