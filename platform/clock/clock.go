// Package clock is the injected source of time: production reads the system clock, tests move a
// manual one.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time in UTC, truncated to microseconds so that it survives a round
// trip through PostgreSQL and SQLite unchanged.
type Clock interface {
	Now() time.Time
}

// System reads the machine's clock.
type System struct{}

func (System) Now() time.Time { return normalize(time.Now()) }

// Manual is a clock that moves only when told to; safe for concurrent use.
type Manual struct {
	mu  sync.Mutex
	now time.Time
}

func NewManual(start time.Time) *Manual { return &Manual{now: normalize(start)} }

func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Advance moves the clock forward by d.
func (m *Manual) Advance(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = normalize(m.now.Add(d))
}

func normalize(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
