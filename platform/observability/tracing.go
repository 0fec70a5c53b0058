package observability

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// DefaultServiceName names the service in traces when neither OTEL_SERVICE_NAME nor the
// program's name is known (hand-built test graphs).
const DefaultServiceName = "modmono"

// flushTimeout bounds the export of the last spans when the process stops.
const flushTimeout = 5 * time.Second

// TracingConfig is what SetupTracing needs from the configuration.
type TracingConfig struct {
	// ServiceName is the resource's service.name; empty means DefaultServiceName.
	ServiceName string
	// OTLPEndpoint is the collector's base URL (http://collector:4318); spans go to
	// <endpoint>/v1/traces over OTLP/HTTP. Empty exports nothing: spans are still made, so
	// every request has a real trace id in its logs and its events.
	OTLPEndpoint string
	// SampleRatio is the share of new (root) traces sampled, in [0, 1]; a request that arrives
	// with a traceparent follows its caller's decision. 0 is taken as 1 (always on).
	SampleRatio float64
}

// SetupTracing installs W3C trace-context propagation and an SDK tracer provider globally (the
// HTTP middleware, SQL statements and the outbox take their tracer from otel), and returns the
// provider with its shutdown function, which flushes the spans not yet exported.
func SetupTracing(cfg TracingConfig, logger *slog.Logger) (trace.TracerProvider, func(context.Context) error, error) {
	// Without an exporter new traces are not recorded (recording spans nobody exports costs CPU on
	// every request and statement); their spans still carry a trace id for the logs and for
	// propagation, and a caller's sampled traceparent is still honoured.
	sampler := sdktrace.ParentBased(sdktrace.NeverSample())
	if cfg.OTLPEndpoint != "" {
		sampler = Sampler(cfg.SampleRatio)
	}
	opts := []sdktrace.TracerProviderOption{
		sdktrace.WithSampler(sampler),
		sdktrace.WithResource(Resource(cfg.ServiceName)),
	}
	if cfg.OTLPEndpoint != "" {
		exporter, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(tracesURL(cfg.OTLPEndpoint)))
		if err != nil {
			return nil, nil, fmt.Errorf("OTEL_EXPORTER_OTLP_ENDPOINT: %w", err)
		}
		opts = append(opts, sdktrace.WithBatcher(exporter))
		logger.Info("exporting traces over OTLP/HTTP", slog.String("endpoint", tracesURL(cfg.OTLPEndpoint)))
	}
	tp := &Provider{TracerProvider: sdktrace.NewTracerProvider(opts...), records: cfg.OTLPEndpoint != ""}
	otel.SetTextMapPropagator(propagation.TraceContext{})
	otel.SetTracerProvider(tp)
	shutdown := func(ctx context.Context) error {
		// A collector that does not answer must not hold up the exit for the whole stop timeout.
		ctx, cancel := context.WithTimeout(ctx, flushTimeout)
		defer cancel()
		if err := tp.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("flush traces: %w", err)
		}
		return nil
	}
	return tp, shutdown, nil
}

// Provider is the SDK's tracer provider, saying whether it records the traces that requests
// start (RecordsNewTraces): when it does not, the HTTP edge gives a request without a
// traceparent its trace and span ids itself, without the cost of a span nobody records.
type Provider struct {
	*sdktrace.TracerProvider
	records bool
}

// RecordsNewTraces is false when no exporter is configured: new (root) traces are then never
// sampled, and a span started for one records nothing.
func (p *Provider) RecordsNewTraces() bool { return p.records }

// Sampler samples every new trace (or the given ratio of them) and follows the caller's
// decision for a trace that arrives with a parent.
func Sampler(ratio float64) sdktrace.Sampler {
	root := sdktrace.AlwaysSample()
	if ratio > 0 && ratio < 1 {
		root = sdktrace.TraceIDRatioBased(ratio)
	}
	return sdktrace.ParentBased(root)
}

// Resource describes this process in every span: service.name, plus the SDK's defaults.
func Resource(serviceName string) *resource.Resource {
	if serviceName == "" {
		serviceName = DefaultServiceName
	}
	own := resource.NewSchemaless(attribute.String("service.name", serviceName))
	if merged, err := resource.Merge(resource.Default(), own); err == nil {
		return merged
	}
	return own
}

// tracesURL is the OTLP/HTTP traces URL of a base endpoint, as the OTLP exporter specification
// derives it from OTEL_EXPORTER_OTLP_ENDPOINT.
func tracesURL(endpoint string) string {
	return strings.TrimRight(endpoint, "/") + "/v1/traces"
}
