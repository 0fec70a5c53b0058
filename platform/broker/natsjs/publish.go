package natsjs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/modmono/platform/outbox"
)

// traceParentHeader carries the event's W3C trace context in the message too, for tools that
// follow traces through NATS without decoding envelopes.
const traceParentHeader = "traceparent"

// Publish stores e in the stream and returns once the stream has acked it, or fails. It fails at
// once while the connection is down, so that the relay backs off instead of blocking; the event
// stays in the outbox until a later attempt succeeds.
func (b *Broker) Publish(ctx context.Context, e outbox.Event) error {
	subject := b.opts.SubjectPrefix + e.Type
	if !validSubject(e.Type) {
		return fmt.Errorf("publish event %s: type %q is not a literal NATS subject", e.ID, e.Type)
	}
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode event %s (%s): %w", e.Type, e.ID, err)
	}
	msg := nats.NewMsg(subject)
	msg.Data = body
	if e.TraceParent != "" {
		msg.Header.Set(traceParentHeader, e.TraceParent)
	}
	ctx, cancel := b.whileConnected(ctx)
	defer cancel()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish event %s (%s): %w", e.Type, e.ID, context.Cause(ctx))
	}
	// The id makes a retried publish idempotent within the stream's duplicate window; the
	// expected stream makes a misrouted subject an error rather than a silent loss.
	ack, err := b.js.PublishMsg(ctx, msg, jetstream.WithMsgID(e.ID), jetstream.WithExpectStream(b.opts.Stream))
	if err != nil {
		if cause := context.Cause(ctx); cause != nil {
			err = fmt.Errorf("%w (%w)", err, cause)
		}
		return fmt.Errorf("publish event %s (%s) to %s: %w", e.Type, e.ID, subject, err)
	}
	if ack.Duplicate {
		b.log.DebugContext(ctx, "event already in the stream; publish deduplicated",
			slog.String("event_id", e.ID), slog.String("event_type", e.Type))
	}
	return nil
}

// whileConnected bounds ctx by PublishTimeout and ends it as soon as the connection is lost:
// the ack of a publish in flight at that moment would otherwise be awaited until the timeout,
// stalling the relay. The context is already ended if the connection is down now.
func (b *Broker) whileConnected(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancelTimeout := context.WithTimeoutCause(ctx, b.opts.PublishTimeout,
		fmt.Errorf("no ack from the stream within %v", b.opts.PublishTimeout))
	ctx, cancelLost := context.WithCancelCause(ctx)
	changed := b.nc.StatusChanged(nats.DISCONNECTED, nats.RECONNECTING, nats.CLOSED)
	if status := b.nc.Status(); status != nats.CONNECTED {
		cancelLost(fmt.Errorf("the NATS connection is %s", status))
	}
	go func() {
		select {
		case status, ok := <-changed:
			if ok {
				cancelLost(fmt.Errorf("the NATS connection is %s", status))
			}
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		b.nc.RemoveStatusListener(changed)
		cancelLost(nil)
		cancelTimeout()
	}
}
