package outbox_test

import (
	"context"
	"sync"

	"github.com/modmono/platform/outbox"
)

// recorder is a Publisher that remembers every successful publish, in order, and fails an
// attempt when fail says so.
type recorder struct {
	mu        sync.Mutex
	fail      func(e outbox.Event, attempt int) error
	attempts  map[string]int
	published []outbox.Event
}

func (r *recorder) Publish(_ context.Context, e outbox.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.attempts == nil {
		r.attempts = map[string]int{}
	}
	r.attempts[e.ID]++
	if r.fail != nil {
		if err := r.fail(e, r.attempts[e.ID]); err != nil {
			return err
		}
	}
	r.published = append(r.published, e)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.published)
}

func (r *recorder) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.published))
	for i, e := range r.published {
		out[i] = e.ID
	}
	return out
}

func (r *recorder) attemptsOf(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempts[id]
}
