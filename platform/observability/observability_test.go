package observability_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"

	"github.com/modmono/platform/observability"
)

func TestMetricsHandlerServesRuntimeAndCustomMetricsAsText(t *testing.T) {
	t.Parallel()
	reg := observability.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "test_things_total", Help: "Things."})
	reg.MustRegister(c)
	c.Inc()

	rec := httptest.NewRecorder()
	observability.MetricsHandler(reg).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))

	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, content type %q; want 200 text/plain", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{"go_goroutines ", "process_start_time_seconds ", "test_things_total 1"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// Not parallel: SetupTracing sets otel's global propagator, which this test reads back.
func TestSetupTracingPropagatesW3CTraceContext(t *testing.T) {
	var logs bytes.Buffer
	tp, shutdown := observability.SetupTracing("http://collector:4318", slog.New(slog.NewTextHandler(&logs, nil)))
	defer func() { _ = shutdown(context.Background()) }()
	if !strings.Contains(logs.String(), "not exported") {
		t.Errorf("an OTLP endpoint that is not honoured must be warned about; logs: %q", logs.String())
	}

	const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	ctx := otel.GetTextMapPropagator().Extract(context.Background(), headerCarrier{"traceparent": parent})
	ctx, span := tp.Tracer("test").Start(ctx, "child")
	defer span.End()
	if got := span.SpanContext().TraceID().String(); got != "0af7651916cd43dd8448eb211c80319c" {
		t.Fatalf("span trace id = %s, want the caller's", got)
	}
	out := headerCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, out)
	if !strings.HasPrefix(out["traceparent"], "00-0af7651916cd43dd8448eb211c80319c-") {
		t.Fatalf("injected traceparent %q does not continue the caller's trace", out["traceparent"])
	}
}

type headerCarrier map[string]string

func (c headerCarrier) Get(k string) string { return c[k] }
func (c headerCarrier) Set(k, v string)     { c[k] = v }
func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}
