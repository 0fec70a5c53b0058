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
	tp, shutdown, err := observability.SetupTracing(observability.TracingConfig{ServiceName: "test"}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = shutdown(context.Background()) }()
	if otel.GetTracerProvider() != tp {
		t.Error("SetupTracing must install its provider globally: the HTTP middleware and the outbox use it")
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

// Not parallel: SetupTracing sets otel's global provider.
func TestSetupTracingGivesARootRequestARealTraceIDWithoutAnExporter(t *testing.T) {
	tp, shutdown, err := observability.SetupTracing(observability.TracingConfig{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = shutdown(context.Background()) }()
	_, span := tp.Tracer("test").Start(context.Background(), "root")
	defer span.End()
	// Valid for the logs and for propagation, but not recorded: nothing would export it.
	if sc := span.SpanContext(); !sc.TraceID().IsValid() || sc.IsSampled() || span.IsRecording() {
		t.Fatalf("root span context %v (recording %v): want a valid trace id, not sampled, not recorded", sc, span.IsRecording())
	}
}

// Not parallel: SetupTracing sets otel's global provider.
func TestSetupTracingExportsOverOTLPHTTPAndFlushesOnShutdown(t *testing.T) {
	got := make(chan string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Method + " " + r.URL.Path + " " + r.Header.Get("Content-Type")
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	tp, shutdown, err := observability.SetupTracing(observability.TracingConfig{ServiceName: "svc", OTLPEndpoint: srv.URL + "/"},
		slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	_, span := tp.Tracer("test").Start(context.Background(), "exported")
	span.End()
	if err := shutdown(context.Background()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	select {
	case req := <-got:
		if req != "POST /v1/traces application/x-protobuf" {
			t.Fatalf("collector got %q, want POST /v1/traces with protobuf", req)
		}
	default:
		t.Fatal("shutdown did not flush the batch of spans to the collector")
	}
}

func TestSamplerAndResource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		ratio       float64
		wantSampler string
	}{
		{"zero means always on", 0, "ParentBased{root:AlwaysOnSampler"},
		{"one means always on", 1, "ParentBased{root:AlwaysOnSampler"},
		{"a ratio samples by trace id", 0.25, "ParentBased{root:TraceIDRatioBased{0.25}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := observability.Sampler(tt.ratio).Description(); !strings.HasPrefix(got, tt.wantSampler) {
				t.Errorf("Sampler(%v) = %s, want %s…", tt.ratio, got, tt.wantSampler)
			}
		})
	}
	for name, want := range map[string]string{"": observability.DefaultServiceName, "orders-service": "orders-service"} {
		res := observability.Resource(name)
		v, ok := res.Set().Value("service.name")
		if !ok || v.AsString() != want {
			t.Errorf("Resource(%q) service.name = %v, want %s", name, v.AsString(), want)
		}
	}
}
