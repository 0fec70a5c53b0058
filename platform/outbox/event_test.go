package outbox_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
)

func tracedContext(t *testing.T) (context.Context, trace.SpanContext) {
	t.Helper()
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
	})
	return trace.ContextWithSpanContext(context.Background(), sc), sc
}

func TestNewEventFillsTheEnvelope(t *testing.T) {
	t.Parallel()
	traced, _ := tracedContext(t)
	clk := clock.NewManual(time.Date(2030, 1, 2, 3, 4, 5, 6000, time.UTC))
	tests := []struct {
		name            string
		ctx             context.Context
		wantTraceParent string
	}{
		{"a traced request carries its W3C traceparent", traced, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
		{"an untraced one carries none", context.Background(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := outbox.NewEvent(tt.ctx, clk, "orders.order_placed", 2, "agg-1", map[string]int{"total": 1200})
			if err != nil {
				t.Fatal(err)
			}
			if !ids.Valid(e.ID) || e.ID[14] != '7' {
				t.Errorf("id %q: want a UUIDv7", e.ID)
			}
			if e.TraceParent != tt.wantTraceParent {
				t.Errorf("trace parent %q, want %q", e.TraceParent, tt.wantTraceParent)
			}
			want := outbox.Event{ID: e.ID, Type: "orders.order_placed", Version: 2, OccurredAt: clk.Now(),
				AggregateID: "agg-1", TraceParent: tt.wantTraceParent, Payload: json.RawMessage(`{"total":1200}`)}
			if got, _ := json.Marshal(e); string(got) != string(must(json.Marshal(want))) {
				t.Errorf("event %s, want %s", got, must(json.Marshal(want)))
			}
		})
	}
}

func TestEventEnvelopeUsesTheContractsFieldNames(t *testing.T) {
	t.Parallel()
	e, err := outbox.NewEvent(context.Background(), clock.System{}, "auth.user_registered", 1, "u1", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(must(json.Marshal(e)), &fields); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"id", "type", "version", "occurred_at", "aggregate_id", "trace_parent", "payload"} {
		if _, ok := fields[name]; !ok {
			t.Errorf("envelope lacks %q: %v", name, fields)
		}
	}
	if len(fields) != 7 {
		t.Errorf("envelope has %d fields, want 7: %v", len(fields), fields)
	}
}

func TestNewEventRejectsWhatNoSubscriberCouldRoute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, typ, aggregate string
		version              int
		payload              any
		wantInError          string
	}{
		{"no type", "", "a", 1, 1, "no type"},
		{"no aggregate", "t.x", "", 1, 1, "no aggregate id"},
		{"version zero", "t.x", "a", 0, 1, "version 0"},
		{"payload that is not JSON-encodable", "t.x", "a", 1, func() {}, "encode the payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := outbox.NewEvent(context.Background(), clock.System{}, tt.typ, tt.version, tt.aggregate, tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.wantInError) {
				t.Errorf("error %v, want one mentioning %q", err, tt.wantInError)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
