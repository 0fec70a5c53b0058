package outbox_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

// PostgreSQL only: on SQLite a write transaction is exclusive from BEGIN, so a later transaction
// cannot even start, let alone commit, while an earlier one is open; seq order is commit order.
func TestEventOfATransactionThatCommitsLateIsNotSkipped(t *testing.T) {
	t.Parallel()
	e := openStore(t, db.Postgres, "outbox")
	early, late := events(t, "a", 1)[0], events(t, "b", 1)[0]
	appended, commit, committed := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		committed <- e.Write.InTx(context.Background(), func(tx *db.Tx) error {
			if err := outbox.Append(context.Background(), tx, early); err != nil {
				return err
			}
			close(appended)
			<-commit
			return nil
		})
	}()
	<-appended // early holds the smaller seq, still uncommitted
	appendCommitted(t, e, late)

	pub := &recorder{}
	startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub})
	eventually(t, "the later transaction's event is published", func() bool { return pub.count() == 1 })
	time.Sleep(30 * time.Millisecond) // several batches pass beyond the early event's seq
	close(commit)
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	eventually(t, "the late-committed event is published too", func() bool { return pub.count() == 2 })
	if got := pub.ids(); got[0] != late.ID || got[1] != early.ID {
		t.Errorf("published %v, want [%s %s]", got, late.ID, early.ID)
	}
}

// exclusive is a Publisher shared by several relays that records how often each event was
// published and whether two publishes of one event ever overlapped.
type exclusive struct {
	mu         sync.Mutex
	inFlight   map[string]bool
	count      map[string]int
	overlapped []string
}

func (p *exclusive) Publish(_ context.Context, e outbox.Event) error {
	p.mu.Lock()
	if p.inFlight[e.ID] {
		p.overlapped = append(p.overlapped, e.ID)
	}
	p.inFlight[e.ID] = true
	p.count[e.ID]++
	p.mu.Unlock()
	time.Sleep(50 * time.Microsecond) // widen the window a concurrent duplicate would need
	p.mu.Lock()
	delete(p.inFlight, e.ID)
	p.mu.Unlock()
	return nil
}

func TestTwoRelaysOnOneStoreNeverPublishTheSameEventTwice(t *testing.T) {
	t.Parallel()
	const writers, perWriter = 5, 100
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			other := openAgain(t, e, "outbox") // as if in another process
			pub := &exclusive{inFlight: map[string]bool{}, count: map[string]int{}}
			relays := []*outbox.Relay{
				startRelay(t, outbox.RelayConfig{Engines: e, Publisher: pub, BatchSize: 20, PollInterval: 5 * time.Millisecond}),
				startRelay(t, outbox.RelayConfig{Engines: other, Publisher: pub, BatchSize: 20, PollInterval: 5 * time.Millisecond}),
			}
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for i := 0; i < perWriter; i += 4 {
						appendCommitted(t, e, events(t, fmt.Sprintf("agg-%d-%d", w, i%20), 4)...)
						for _, r := range relays {
							r.Notify()
						}
					}
				})
			}
			wg.Wait()
			eventually(t, "every event is published", func() bool {
				return countRows(t, e.Write, "outbox", "published_at IS NULL") == 0
			})
			pub.mu.Lock()
			defer pub.mu.Unlock()
			if len(pub.count) != writers*perWriter {
				t.Errorf("published %d distinct events, want %d", len(pub.count), writers*perWriter)
			}
			for id, n := range pub.count {
				if n != 1 {
					t.Errorf("event %s published %d times", id, n)
				}
			}
			if len(pub.overlapped) > 0 {
				t.Errorf("published concurrently by both relays: %v", pub.overlapped)
			}
		})
	}
}
