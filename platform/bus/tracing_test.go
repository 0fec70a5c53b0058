package bus_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/errs"
)

// spanRecorder is the smallest TracerProvider that remembers its spans, so the test needs no SDK.
type spanRecorder struct {
	embedded.TracerProvider
	mu    sync.Mutex
	spans []*recordedSpan
}

func (r *spanRecorder) Tracer(string, ...trace.TracerOption) trace.Tracer {
	return recordingTracer{r: r}
}

type recordingTracer struct {
	embedded.Tracer
	r *spanRecorder
}

func (t recordingTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	cfg := trace.NewSpanStartConfig(opts...)
	s := &recordedSpan{name: name, attrs: cfg.Attributes()}
	t.r.mu.Lock()
	t.r.spans = append(t.r.spans, s)
	t.r.mu.Unlock()
	return trace.ContextWithSpan(ctx, s), s
}

type recordedSpan struct {
	noop.Span
	name   string
	attrs  []attribute.KeyValue
	errors []error
	status codes.Code
	ended  bool
}

func (s *recordedSpan) RecordError(err error, _ ...trace.EventOption) {
	s.errors = append(s.errors, err)
}
func (s *recordedSpan) SetStatus(c codes.Code, _ string)       { s.status = c }
func (s *recordedSpan) SetAttributes(kv ...attribute.KeyValue) { s.attrs = append(s.attrs, kv...) }
func (s *recordedSpan) End(...trace.SpanEndOption)             { s.ended = true }

func TestTracingOpensOneSpanPerCallNamedAfterTheHandler(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		err        error
		wantStatus codes.Code
	}{
		{"success", nil, codes.Unset},
		{"client error is recorded but not a failure", errs.Conflict("EMAIL_TAKEN", "taken"), codes.Unset},
		{"server error fails the span", errs.Internal(errors.New("boom")), codes.Error},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &spanRecorder{}
			var inside trace.Span
			err := bus.Tracing(rec)(context.Background(), call("orders.place", bus.KindCommand), func(ctx context.Context) error {
				inside = trace.SpanFromContext(ctx)
				return tc.err
			})
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if len(rec.spans) != 1 {
				t.Fatalf("%d spans, want 1", len(rec.spans))
			}
			s := rec.spans[0]
			if s.name != "orders.place" || !s.ended || inside != trace.Span(s) {
				t.Fatalf("span %q ended=%v current-inside=%v; want orders.place, ended, current in the handler", s.name, s.ended, inside == trace.Span(s))
			}
			if !hasAttr(s.attrs, "bus.kind", "command") {
				t.Errorf("attributes %v lack bus.kind=command", s.attrs)
			}
			if s.status != tc.wantStatus {
				t.Errorf("status = %v, want %v", s.status, tc.wantStatus)
			}
			if tc.err != nil && (len(s.errors) != 1 || !errors.Is(s.errors[0], tc.err)) {
				t.Errorf("recorded errors %v, want [%v]", s.errors, tc.err)
			}
		})
	}
}

func hasAttr(attrs []attribute.KeyValue, key, value string) bool {
	for _, a := range attrs {
		if string(a.Key) == key && a.Value.AsString() == value {
			return true
		}
	}
	return false
}
