package mailtest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
)

// Recorder is an application.Mailer that keeps every message; while failing it refuses them,
// as a mail server that is down would.
type Recorder struct {
	mu      sync.Mutex
	sent    []application.Message
	failing bool
}

var _ application.Mailer = (*Recorder)(nil)

func (r *Recorder) Send(_ context.Context, m application.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failing {
		return errors.New("mailtest: the mail server is down")
	}
	r.sent = append(r.sent, m)
	return nil
}

func (r *Recorder) SetFailing(v bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failing = v
}

func (r *Recorder) Messages() []application.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

// Wait returns the messages once there are at least n, failing the test after timeout.
func (r *Recorder) Wait(t testing.TB, n int, timeout time.Duration) []application.Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if got := r.Messages(); len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: %d messages sent within %s, want %d", len(r.Messages()), timeout, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
