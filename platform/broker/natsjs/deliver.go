package natsjs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/codes"

	"github.com/modmono/platform/outbox"
)

// deliver hands one message to its handler and settles it: ack on success, nak with a delay on
// failure, park once it has failed ParkAfter times. Types the subscriber does not handle are
// acked, so that they do not hold back the ones it does.
func (b *Broker) deliver(ctx context.Context, subscriber string, handlers map[string]outbox.Handler, m jetstream.Msg) {
	e, err := b.decode(m)
	if err != nil {
		// Redelivering cannot fix a malformed message.
		b.park(ctx, subscriber, e, m, 1, err)
		return
	}
	handle, ok := handlers[e.Type]
	if !ok {
		b.settle(ctx, subscriber, e, "ack", m.Ack())
		return
	}
	delivered := uint64(1)
	if meta, err := m.Metadata(); err == nil {
		delivered = meta.NumDelivered
	}
	err = b.call(ctx, subscriber, handle, e)
	if err == nil {
		b.metrics.handled.WithLabelValues(subscriber, e.Type).Inc()
		b.settle(ctx, subscriber, e, "ack", m.Ack())
		return
	}
	b.metrics.failures.WithLabelValues(subscriber, e.Type).Inc()
	if delivered >= uint64(b.opts.ParkAfter) {
		b.park(ctx, subscriber, e, m, delivered, err)
		return
	}
	delay := b.opts.retryDelay(delivered)
	b.log.WarnContext(ctx, "event handler failed; the event comes again", append(eventAttrs(subscriber, e),
		slog.Uint64("deliveries", delivered), slog.Duration("retry_in", delay), slog.Any("error", err))...)
	b.settle(ctx, subscriber, e, "nak", m.NakWithDelay(delay))
}

// call runs handle in a span of its own in the event's trace (outbox.StartSubscriberSpan), bounded by the ack wait (past it the event comes again,
// so the handler should give up), and turns a panic into an error like outbox.LocalBroker does.
func (b *Broker) call(ctx context.Context, subscriber string, handle outbox.Handler, e outbox.Event) (err error) {
	ctx, span := outbox.StartSubscriberSpan(ctx, nil, subscriber, e)
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, "event handler failed")
		}
		span.End()
	}()
	ctx, cancel := context.WithTimeout(ctx, b.opts.AckWait)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return handle(ctx, e)
}

// park gives up on an event: the Parked hook first, so that a failure to terminate the message
// can only make it be parked twice, and a failure of the hook makes it come again instead of
// being terminated: never lost from the operator's view.
func (b *Broker) park(ctx context.Context, subscriber string, e outbox.Event, m jetstream.Msg, deliveries uint64, cause error) {
	if err := b.parkedHook(ctx, subscriber, e, deliveries, cause); err != nil {
		delay := b.opts.retryDelay(deliveries)
		b.log.ErrorContext(ctx, "could not keep a parked event; it comes again to be parked again",
			append(eventAttrs(subscriber, e), slog.Duration("retry_in", delay), slog.Any("error", err))...)
		b.settle(ctx, subscriber, e, "nak", m.NakWithDelay(delay))
		return
	}
	b.metrics.parked.WithLabelValues(subscriber, e.Type).Inc()
	b.log.ErrorContext(ctx, "event parked: the subscriber gave up on it and moves on; retry it once the cause is fixed",
		append(eventAttrs(subscriber, e), slog.Uint64("deliveries", deliveries), slog.Any("error", cause))...)
	b.settle(ctx, subscriber, e, "term", m.Term())
}

// parkedHook runs Options.Parked, if any, turning a panic into an error.
func (b *Broker) parkedHook(ctx context.Context, subscriber string, e outbox.Event, deliveries uint64, cause error) (err error) {
	if b.opts.Parked == nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the Parked hook panicked: %v", p)
		}
	}()
	return b.opts.Parked(ctx, subscriber, e, int(deliveries), cause)
}

// settle logs a failure to ack, nak or terminate. Nothing is lost by one: the server delivers the
// message again once the ack wait is over.
func (b *Broker) settle(ctx context.Context, subscriber string, e outbox.Event, what string, err error) {
	if err != nil {
		b.log.WarnContext(ctx, "could not "+what+" an event; it comes again after the ack wait",
			append(eventAttrs(subscriber, e), slog.Any("error", err))...)
	}
}

// decode reads the envelope. On failure it still returns what the message says of the event
// (its id and type), so that the parked record names it.
func (b *Broker) decode(m jetstream.Msg) (outbox.Event, error) {
	var e outbox.Event
	err := json.Unmarshal(m.Data(), &e)
	if err == nil && (e.ID == "" || e.Type == "") {
		err = errors.New("no id or type")
	}
	if err != nil {
		payload := json.RawMessage(m.Data())
		if !json.Valid(payload) {
			payload, _ = json.Marshal(string(m.Data()))
		}
		return outbox.Event{
			ID:      m.Headers().Get(jetstream.MsgIDHeader),
			Type:    strings.TrimPrefix(m.Subject(), b.opts.SubjectPrefix),
			Payload: payload,
		}, fmt.Errorf("decode the event envelope on %s: %w", m.Subject(), err)
	}
	if e.TraceParent == "" {
		e.TraceParent = m.Headers().Get(traceParentHeader)
	}
	return e, nil
}

func eventAttrs(subscriber string, e outbox.Event) []any {
	return []any{
		slog.String("subscriber", subscriber), slog.String("event_id", e.ID),
		slog.String("event_type", e.Type), slog.String("aggregate_id", e.AggregateID),
	}
}
