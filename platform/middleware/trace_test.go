package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/middleware"
)

// provider says whether it records new traces, as observability.Provider does.
type provider struct {
	*sdktrace.TracerProvider
	records bool
}

func (p provider) RecordsNewTraces() bool { return p.records }

func TestTracingCarriesATraceWhetherOrNotASpanIsRecorded(t *testing.T) {
	t.Parallel()
	const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	for _, tc := range []struct {
		name        string
		records     bool   // the provider records new traces (an exporter is configured)
		traceparent string // the caller's
		wantTrace   string // empty: a fresh one
		wantSampled bool
		wantSpans   int // recorded
	}{
		{name: "nothing recorded, no caller trace: fresh ids, no span", records: false},
		{name: "nothing recorded, caller's unsampled trace carried", records: false,
			traceparent: "00-" + callerTrace + "-00f067aa0ba902b7-00", wantTrace: callerTrace},
		{name: "nothing recorded, caller's sampled trace recorded", records: false,
			traceparent: "00-" + callerTrace + "-00f067aa0ba902b7-01", wantTrace: callerTrace, wantSampled: true, wantSpans: 1},
		{name: "new traces recorded", records: true, wantSampled: true, wantSpans: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := tracetest.NewSpanRecorder()
			root := sdktrace.NeverSample()
			if tc.records {
				root = sdktrace.AlwaysSample()
			}
			tp := provider{sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.ParentBased(root)), sdktrace.WithSpanProcessor(rec)), tc.records}
			table, err := httpx.NewRouteTable([]httpx.Route{{Method: http.MethodGet, Path: "/things/:id", Handler: func(echo.Context) error { return nil }}}, false)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[trace.TraceID]bool{}
			for range 2 {
				var sc trace.SpanContext
				h := middleware.Tracing(table, tp)(func(c echo.Context) error {
					sc = trace.SpanContextFromContext(c.Request().Context())
					return c.NoContent(http.StatusNoContent)
				})
				req := httptest.NewRequest(http.MethodGet, "/things/1", nil)
				if tc.traceparent != "" {
					req.Header.Set("traceparent", tc.traceparent)
				}
				c := echo.New().NewContext(req, httptest.NewRecorder())
				c.SetPath("/things/:id")
				if err := h(c); err != nil {
					t.Fatal(err)
				}
				switch {
				case !sc.TraceID().IsValid() || !sc.SpanID().IsValid():
					t.Fatalf("span context %v: want valid trace and span ids for the logs and outgoing calls", sc)
				case tc.wantTrace != "" && sc.TraceID().String() != tc.wantTrace:
					t.Fatalf("trace id %s, want the caller's %s", sc.TraceID(), tc.wantTrace)
				case sc.IsSampled() != tc.wantSampled:
					t.Fatalf("sampled %v, want %v", sc.IsSampled(), tc.wantSampled)
				}
				if tc.wantTrace == "" && seen[sc.TraceID()] {
					t.Fatalf("trace id %s given to two requests", sc.TraceID())
				}
				seen[sc.TraceID()] = true
			}
			spans := rec.Ended()
			if len(spans) != 2*tc.wantSpans {
				t.Fatalf("%d spans recorded, want %d", len(spans), 2*tc.wantSpans)
			}
			for _, s := range spans {
				attrs := map[string]string{}
				for _, a := range s.Attributes() {
					attrs[string(a.Key)] = a.Value.String()
				}
				if s.Name() != "GET /things/:id" || attrs["http.route"] != "/things/:id" || attrs["http.response.status_code"] != "204" {
					t.Errorf("span %q with %v, want it named after the route with route and status", s.Name(), attrs)
				}
			}
		})
	}
}
