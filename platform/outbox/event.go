package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/propagation"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/ids"
)

// Event is the envelope of an integration event, as the contract between contexts defines it.
type Event struct {
	ID          string    `json:"id"`
	Type        string    `json:"type"` // "orders.order_placed"
	Version     int       `json:"version"`
	OccurredAt  time.Time `json:"occurred_at"`
	AggregateID string    `json:"aggregate_id"`
	// TraceParent is the W3C traceparent of the request that caused the event, so one request
	// can be followed across contexts; empty when it was not traced.
	TraceParent string          `json:"trace_parent"`
	Payload     json.RawMessage `json:"payload"`
}

// NewEvent builds an event with a fresh UUIDv7 id, the clock's time and ctx's trace context.
func NewEvent(ctx context.Context, clk clock.Clock, typ string, version int, aggregateID string, payload any) (Event, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return Event{}, fmt.Errorf("encode the payload of event %s: %w", typ, err)
	}
	e := Event{
		ID:          ids.New(),
		Type:        typ,
		Version:     version,
		OccurredAt:  clk.Now(),
		AggregateID: aggregateID,
		TraceParent: traceParent(ctx),
		Payload:     body,
	}
	return e, e.validate()
}

// ErrInvalidEvent is the error of an envelope that no subscriber could route or decode.
var ErrInvalidEvent = errors.New("invalid event envelope")

// validate rejects envelopes no subscriber could route or decode; these are programming errors,
// caught before they reach the outbox.
func (e Event) validate() error {
	var problems []error
	if e.ID == "" {
		problems = append(problems, errors.New("no id"))
	}
	if e.Type == "" {
		problems = append(problems, errors.New("no type"))
	}
	if e.Version < 1 {
		problems = append(problems, fmt.Errorf("version %d is not positive", e.Version))
	}
	if e.AggregateID == "" {
		problems = append(problems, errors.New("no aggregate id"))
	}
	if e.OccurredAt.IsZero() {
		problems = append(problems, errors.New("no occurrence time"))
	}
	if !json.Valid(e.Payload) {
		problems = append(problems, errors.New("payload is not JSON"))
	}
	if len(problems) > 0 {
		return fmt.Errorf("event %q (%s): %w: %w", e.Type, e.ID, ErrInvalidEvent, errors.Join(problems...))
	}
	return nil
}

// traceContext is used directly rather than otel's global propagator, so the envelope always
// carries W3C traceparent whatever a process installs globally.
var traceContext = propagation.TraceContext{}

// traceParent is ctx's span context in W3C traceparent form, or "" when ctx has none.
func traceParent(ctx context.Context) string {
	carrier := propagation.MapCarrier{}
	traceContext.Inject(ctx, carrier)
	return carrier.Get("traceparent")
}

// ContextWithTraceParent returns ctx carrying the remote span context of a traceparent, so that
// what a subscriber does joins the trace of the request that caused the event. An empty or
// malformed traceparent leaves ctx as it is.
func ContextWithTraceParent(ctx context.Context, traceParent string) context.Context {
	if traceParent == "" {
		return ctx
	}
	return traceContext.Extract(ctx, propagation.MapCarrier{"traceparent": traceParent})
}
