package middleware

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
)

const tracerName = "github.com/modmono/platform/middleware"

// Tracing continues the caller's W3C trace (traceparent) in a server span named after the
// route, or starts a trace. The tracer provider is tp, or (nil) otel's global one, which
// observability.SetupTracing installs; without an SDK provider spans are no-ops that still carry
// the caller's trace id, so logs and events join up regardless.
func Tracing(t httpx.RouteTable, tp trace.TracerProvider) echo.MiddlewareFunc {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	tracer := tp.Tracer(tracerName)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			route := t.Label(c)
			ctx := propagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
			ctx, span := tracer.Start(ctx, r.Method+" "+route,
				trace.WithSpanKind(trace.SpanKindServer),
				trace.WithAttributes(
					attribute.String("http.request.method", r.Method),
					attribute.String("http.route", route),
					attribute.String("url.path", r.URL.Path),
				))
			defer span.End()
			c.SetRequest(r.WithContext(ctx))

			err := next(c)
			status := problem.ResponseStatus(c, err)
			span.SetAttributes(attribute.Int("http.response.status_code", status))
			if status >= http.StatusInternalServerError {
				span.SetStatus(codes.Error, http.StatusText(status))
			}
			return err
		}
	}
}

// propagator is the global one, or plain W3C trace context when nobody has installed one:
// the contract promises that traceparent is honoured, wiring or not.
func propagator() propagation.TextMapPropagator {
	if p := otel.GetTextMapPropagator(); len(p.Fields()) > 0 {
		return p
	}
	return propagation.TraceContext{}
}
