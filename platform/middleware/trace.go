package middleware

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"net/http"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
	"github.com/modmono/platform/reqctx"
)

const tracerName = "github.com/modmono/platform/middleware"

// newTraces is what a tracer provider may say about the traces it starts itself
// (observability.Provider does).
type newTraces interface{ RecordsNewTraces() bool }

// Tracing continues the caller's W3C trace (traceparent) in a server span named after the
// route, or starts a trace. The tracer provider is tp, or (nil) otel's global one, which
// observability.SetupTracing installs; without an SDK provider spans are no-ops that still carry
// the caller's trace id, so logs and events join up regardless.
//
// When the provider says it records no new trace (observability.Provider without an exporter)
// and the request brings no trace context, nobody would ever see its span: the request gets
// fresh trace and span ids (unsampled, as the SDK would give it) without a span being made.
func Tracing(t httpx.RouteTable, tp trace.TracerProvider) echo.MiddlewareFunc {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	tracer := tp.Tracer(tracerName)
	nt, ok := tp.(newTraces)
	cheapRoots := ok && !nt.RecordsNewTraces()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			prop, fields := propagator()
			if cheapRoots && !carriesTrace(r.Header, fields) {
				c.SetRequest(reqctx.Derive(r, func(ctx context.Context) context.Context {
					return trace.ContextWithSpanContext(ctx, newRootSpanContext())
				}))
				return next(c)
			}
			route := t.Label(c)
			var span trace.Span
			c.SetRequest(reqctx.Derive(r, func(ctx context.Context) context.Context {
				ctx = prop.Extract(ctx, propagation.HeaderCarrier(r.Header))
				ctx, span = tracer.Start(ctx, r.Method+" "+route, trace.WithSpanKind(trace.SpanKindServer))
				return ctx
			}))
			defer span.End()
			recording := span.IsRecording()
			if recording {
				span.SetAttributes(
					attribute.String("http.request.method", r.Method),
					attribute.String("http.route", route),
					attribute.String("url.path", r.URL.Path),
				)
			}

			err := next(c)
			if recording {
				status := problem.ResponseStatus(c, err)
				span.SetAttributes(attribute.Int("http.response.status_code", status))
				if status >= http.StatusInternalServerError {
					span.SetStatus(codes.Error, http.StatusText(status))
				}
			}
			return err
		}
	}
}

// carriesTrace: any of the propagator's headers present.
func carriesTrace(h http.Header, fields []string) bool {
	for _, f := range fields {
		if len(h[http.CanonicalHeaderKey(f)]) > 0 {
			return true
		}
	}
	return false
}

// newRootSpanContext is a new unsampled trace: random ids, as the SDK's default generator makes
// them (math/rand/v2's generator is per-thread, so this takes no lock).
func newRootSpanContext() trace.SpanContext {
	var tid trace.TraceID
	var sid trace.SpanID
	for !tid.IsValid() {
		binary.LittleEndian.PutUint64(tid[:8], rand.Uint64())
		binary.LittleEndian.PutUint64(tid[8:], rand.Uint64())
	}
	for !sid.IsValid() {
		binary.LittleEndian.PutUint64(sid[:], rand.Uint64())
	}
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid})
}

// traceContextFields are propagation.TraceContext's headers, which its Fields would allocate
// on every call.
// They are canonical already, so that looking them up allocates nothing.
var traceContextFields = func() []string {
	fields := propagation.TraceContext{}.Fields()
	for i, f := range fields {
		fields[i] = http.CanonicalHeaderKey(f)
	}
	return fields
}()

// propagator is the global one, or plain W3C trace context when nobody has installed one:
// the contract promises that traceparent is honoured, wiring or not. fields are its headers.
func propagator() (p propagation.TextMapPropagator, fields []string) {
	p = otel.GetTextMapPropagator()
	if _, ok := p.(propagation.TraceContext); ok {
		return p, traceContextFields
	}
	if fields = p.Fields(); len(fields) > 0 {
		return p, fields
	}
	return propagation.TraceContext{}, traceContextFields
}
