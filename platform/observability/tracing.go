package observability

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// SetupTracing installs W3C trace-context propagation globally (the HTTP middleware and the
// outbox read it from otel) and returns the tracer provider with its shutdown function.
//
// Spans are not exported yet: the provider is the global one, a no-op until something installs
// a real one. A no-op span still carries the caller's traceparent, so ids propagate and reach
// the logs. TODO(tracing export): when otlpEndpoint is set, build an SDK provider with the OTLP
// HTTP exporter (go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp); it was left
// out for now because it pulls gRPC and protobuf into every binary.
func SetupTracing(otlpEndpoint string, logger *slog.Logger) (trace.TracerProvider, func(context.Context) error) {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	if otlpEndpoint != "" {
		logger.Warn("OTEL_EXPORTER_OTLP_ENDPOINT is set, but trace export is not built in yet; spans are not exported",
			slog.String("endpoint", otlpEndpoint))
	}
	return otel.GetTracerProvider(), func(context.Context) error { return nil }
}
