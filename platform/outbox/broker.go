package outbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// Handler handles one event for one subscriber. It should call Inbox in the transaction of its
// effect, because the same event may arrive again.
type Handler func(ctx context.Context, e Event) error

// LocalBroker is the in-process Publisher: Publish calls every handler subscribed to the event's
// type, in subscription order, before returning. The zero value is ready to use.
//
// Handlers run while the relay's batch transaction is open. On SQLite that transaction holds the
// publishing context's only write connection, so a handler must not write to the store of the
// context whose event it handles (it would wait for the relay, which waits for it); handlers of
// other contexts write their own stores and are unaffected.
type LocalBroker struct {
	mu   sync.RWMutex
	subs map[string][]subscription // by event type
}

type subscription struct {
	subscriber string
	handle     Handler
}

var _ Publisher = (*LocalBroker)(nil)

// Subscribe registers handler as subscriber's handler of eventType. It panics on a wiring
// mistake: an empty name, a nil handler, or a second handler of the same subscriber for the same
// type (the two would share one inbox entry, so the second would never see the event).
func (b *LocalBroker) Subscribe(subscriber, eventType string, handler Handler) {
	if subscriber == "" || eventType == "" || handler == nil {
		panic(fmt.Sprintf("outbox: Subscribe(%q, %q) needs a subscriber, an event type and a handler", subscriber, eventType))
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[string][]subscription{}
	}
	for _, s := range b.subs[eventType] {
		if s.subscriber == subscriber {
			panic(fmt.Sprintf("outbox: %s already subscribes to %s", subscriber, eventType))
		}
	}
	b.subs[eventType] = append(b.subs[eventType], subscription{subscriber: subscriber, handle: handler})
}

// Publish runs every handler of e's type, even after one fails, and returns their joined errors.
// Each handler runs in a span of its own in the event's trace (StartSubscriberSpan), and gets its own copy of the payload, as
// it would from a real broker.
func (b *LocalBroker) Publish(ctx context.Context, e Event) error {
	b.mu.RLock()
	subs := b.subs[e.Type]
	b.mu.RUnlock()
	var failures []error
	for _, s := range subs {
		if err := s.call(ctx, e); err != nil {
			failures = append(failures, fmt.Errorf("subscriber %s failed on %s (%s): %w", s.subscriber, e.Type, e.ID, err))
		}
	}
	return errors.Join(failures...)
}

// Deliver hands e to one subscriber's handler as LocalBroker does: in a span of the event's
// trace, with a panic turned into the error. For delivering outside a broker (a retried parked
// delivery).
func Deliver(ctx context.Context, subscriber string, handle Handler, e Event) error {
	return subscription{subscriber: subscriber, handle: handle}.call(ctx, e)
}

// call turns a handler's panic into its error: one subscriber's bug must not stop the relay
// (and with it every other subscriber); the event is retried and, if it keeps failing, parked.
func (s subscription) call(ctx context.Context, e Event) (err error) {
	ctx, span := StartSubscriberSpan(ctx, nil, s.subscriber, e)
	defer func() { endSpan(span, err) }()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	e.Payload = bytes.Clone(e.Payload)
	return s.handle(ctx, e)
}
