package outbox

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

const tracerName = "github.com/modmono/platform/outbox"

// tracerOf is tp's tracer, or the global provider's when tp is nil.
func tracerOf(tp trace.TracerProvider) trace.Tracer {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(tracerName)
}

func eventAttributes(e Event) []attribute.KeyValue {
	return []attribute.KeyValue{
		attribute.String("messaging.message.id", e.ID),
		attribute.String("messaging.destination.name", e.Type),
	}
}

// startPublishSpan starts the span of one publish inside the relay's batch span, linked to the
// request that produced the event.
func startPublishSpan(ctx context.Context, tp trace.TracerProvider, e Event) (context.Context, trace.Span) {
	opts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(eventAttributes(e)...),
	}
	if producer := trace.SpanContextFromContext(ContextWithTraceParent(context.Background(), e.TraceParent)); producer.IsValid() {
		opts = append(opts, trace.WithLinks(trace.Link{SpanContext: producer}))
	}
	return tracerOf(tp).Start(ctx, "outbox publish "+e.Type, opts...)
}

// StartSubscriberSpan starts the span of one subscriber's handling of e as a child of the
// request that produced the event (its trace_parent), so the request's trace shows what every
// context did with its events; the span that delivered it (a relay's publish span in ctx) is
// linked. The tracer is the delivering span's provider, else tp, else the global one.
func StartSubscriberSpan(ctx context.Context, tp trace.TracerProvider, subscriber string, e Event) (context.Context, trace.Span) {
	delivering := trace.SpanFromContext(ctx)
	if delivering.SpanContext().IsValid() && tp == nil {
		tp = delivering.TracerProvider()
	}
	opts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(append(eventAttributes(e), attribute.String("messaging.consumer.group.name", subscriber))...),
	}
	if delivering.SpanContext().IsValid() {
		opts = append(opts, trace.WithLinks(trace.Link{SpanContext: delivering.SpanContext()}))
	}
	if e.TraceParent != "" {
		// The producing request is the parent, not the delivering span (a malformed
		// trace_parent starts a trace of its own); an event without one stays under it.
		ctx = trace.ContextWithSpanContext(ctx, trace.SpanContext{})
	}
	ctx = ContextWithTraceParent(ctx, e.TraceParent)
	return tracerOf(tp).Start(ctx, "outbox handle "+e.Type+" by "+subscriber, opts...)
}

// endSpan records err (if any) on span and ends it.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "failed")
	}
	span.End()
}
