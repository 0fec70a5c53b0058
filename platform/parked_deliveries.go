package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/modmono/platform/outbox"
)

// ParkedDeliveries keeps what a message broker's subscriber gives up on in the outbox of the
// subscriber's own context, beside the context's parked events (outbox.Relay.ParkDelivery), so
// that an admin lists and retries both through the same routes; and it hands a retried delivery
// back to the subscriber's handler. Each context's module binds its subscribers to its relay
// with KeepParkedDeliveries. With the in-process broker nothing is parked on the subscriber's
// side (a failing subscriber fails the publish, and the relay parks the event), so this is idle.
type ParkedDeliveries struct {
	log      *slog.Logger
	mu       sync.RWMutex
	relays   map[string]*outbox.Relay             // subscriber → its context's relay
	handlers map[string]map[string]outbox.Handler // subscriber → event type → handler
}

// NewParkedDeliveries makes the process's one registry (the platform module provides it).
func NewParkedDeliveries(logger *slog.Logger) *ParkedDeliveries {
	return &ParkedDeliveries{log: logger, relays: map[string]*outbox.Relay{}, handlers: map[string]map[string]outbox.Handler{}}
}

// KeepParkedDeliveries decorates the broker's Subscriber inside a context's module: every
// subscription the context makes is bound to the context's relay, which keeps what it parks.
func KeepParkedDeliveries(s outbox.Subscriber, relay *outbox.Relay, p *ParkedDeliveries) outbox.Subscriber {
	return keepingSubscriber{Subscriber: s, relay: relay, parked: p}
}

type keepingSubscriber struct {
	outbox.Subscriber
	relay  *outbox.Relay
	parked *ParkedDeliveries
}

func (k keepingSubscriber) Subscribe(subscriber, eventType string, handler outbox.Handler) {
	k.parked.mu.Lock()
	k.parked.relays[subscriber] = k.relay
	if k.parked.handlers[subscriber] == nil {
		k.parked.handlers[subscriber] = map[string]outbox.Handler{}
	}
	k.parked.handlers[subscriber][eventType] = handler
	k.parked.mu.Unlock()
	k.Subscriber.Subscribe(subscriber, eventType, handler)
}

// Keep is the broker's Parked hook. An error makes the broker deliver the event again rather
// than drop it; an envelope too broken to keep (a malformed message) is only logged, since no
// handler could ever take it.
func (p *ParkedDeliveries) Keep(ctx context.Context, subscriber string, e outbox.Event, deliveries int, cause error) error {
	p.mu.RLock()
	relay := p.relays[subscriber]
	p.mu.RUnlock()
	if relay == nil {
		p.log.ErrorContext(ctx, "a parked event has no context to keep it: only the log has it",
			slog.String("subscriber", subscriber), slog.String("event_id", e.ID), slog.String("event_type", e.Type))
		return nil
	}
	err := relay.ParkDelivery(ctx, subscriber, e, deliveries, cause)
	if errors.Is(err, outbox.ErrInvalidEvent) {
		p.log.ErrorContext(ctx, "a parked message is not an event envelope: only the log has it",
			slog.String("subscriber", subscriber), slog.String("event_id", e.ID), slog.Any("error", err))
		return nil
	}
	return err
}

// Redeliver is the relays' Redeliver: the parked delivery goes to the handler its subscriber
// registered for the event's type, in this process.
func (p *ParkedDeliveries) Redeliver(ctx context.Context, subscriber string, e outbox.Event) error {
	p.mu.RLock()
	handle := p.handlers[subscriber][e.Type]
	p.mu.RUnlock()
	if handle == nil {
		return fmt.Errorf("no subscriber %s of %s runs in this process", subscriber, e.Type)
	}
	return outbox.Deliver(ctx, subscriber, handle, e)
}
