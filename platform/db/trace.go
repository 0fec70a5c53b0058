package db

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

const tracerName = "github.com/modmono/platform/db"

type statementNameKey struct{}

// noSpan is the no-op span, for statements outside any trace.
var noSpan = trace.SpanFromContext(context.Background())

// WithStatementName names the statements run with ctx in their spans; QuerySet does it for
// every named statement, raw statements are named by their operation ("db.exec").
func WithStatementName(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, statementNameKey{}, name)
}

func statementName(ctx context.Context) string {
	name, _ := ctx.Value(statementNameKey{}).(string)
	return name
}

// startSpan starts the client span of one statement (or transaction): named after the
// statement, with db.system and the statement's name, and never its text or arguments (they may
// hold personal data). Only statements inside a trace get a span, from the provider of the span
// in ctx: migrations and the relay's idle polling stay out of the traces (and cost nothing).
func startSpan(ctx context.Context, d Dialect, operation string) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx, noSpan // not parent: ending it would end the caller's span
	}
	return startNamedSpan(ctx, d, operation, statementName(ctx))
}

// startNamedSpan is startSpan for a statement whose name the caller has at hand.
func startNamedSpan(ctx context.Context, d Dialect, operation, name string) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.SpanContext().IsValid() {
		return ctx, noSpan
	}
	spanName := name
	if spanName == "" {
		spanName = "db." + operation
	}
	attrs := []attribute.KeyValue{
		attribute.String("db.system", dbSystem(d)),
		attribute.String("db.operation.name", operation),
	}
	if name != "" {
		attrs = append(attrs, attribute.String("db.query.summary", name))
	}
	return parent.TracerProvider().Tracer(tracerName).Start(ctx, spanName,
		trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
}

// endSpan records err (if any) on span and ends it.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "statement failed")
	}
	span.End()
}

func dbSystem(d Dialect) string {
	if d == Postgres {
		return "postgresql"
	}
	return string(d)
}
