package natsjs_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/outbox"
)

// calls records a handler's calls; fail, when set, decides the outcome of each.
type calls struct {
	mu    sync.Mutex
	order []string // event ids, one per call
	got   map[string]outbox.Event
	fail  func(e outbox.Event, call int) error
}

func (c *calls) handle(_ context.Context, e outbox.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order = append(c.order, e.ID)
	if c.got == nil {
		c.got = map[string]outbox.Event{}
	}
	c.got[e.ID] = e
	if c.fail != nil {
		return c.fail(e, c.countLocked(e.ID))
	}
	return nil
}

func (c *calls) countLocked(id string) int {
	n := 0
	for _, got := range c.order {
		if got == id {
			n++
		}
	}
	return n
}

func (c *calls) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.countLocked(id)
}

func (c *calls) ids() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.order)
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settle waits long enough for a redelivery that should not happen to have happened.
func settle() { time.Sleep(300 * time.Millisecond) }

// logBuffer is a goroutine-safe log destination for asserting on log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
