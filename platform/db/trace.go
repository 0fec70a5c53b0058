package db

import (
	"context"
	"sync"
	"sync/atomic"

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
	s := shapeOf(spanKey{d, operation, name})
	return parent.TracerProvider().Tracer(tracerName).Start(ctx, s.name, s.options...)
}

// spanKey is what a statement's span name and attributes depend on.
type spanKey struct {
	dialect         Dialect
	operation, name string
}

// spanShape is a statement's span name and start options, made once per statement: the same
// for every run of it, and otherwise a handful of allocations per statement.
type spanShape struct {
	name    string
	options []trace.SpanStartOption
}

var (
	spanShapes sync.Map // spanKey -> *spanShape
	// shapesKept bounds spanShapes: statement names come from the query files, but
	// WithStatementName is exported, and a caller making names up must not grow it forever.
	shapesKept atomic.Int32
)

const maxSpanShapes = 4096

func shapeOf(k spanKey) *spanShape {
	if s, ok := spanShapes.Load(k); ok {
		return s.(*spanShape)
	}
	s := &spanShape{name: k.name}
	if s.name == "" {
		s.name = "db." + k.operation
	}
	attrs := []attribute.KeyValue{
		attribute.String("db.system", dbSystem(k.dialect)),
		attribute.String("db.operation.name", k.operation),
	}
	if k.name != "" {
		attrs = append(attrs, attribute.String("db.query.summary", k.name))
	}
	s.options = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...)}
	if shapesKept.Load() >= maxSpanShapes {
		return s
	}
	actual, loaded := spanShapes.LoadOrStore(k, s)
	if !loaded {
		shapesKept.Add(1)
	}
	return actual.(*spanShape)
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
