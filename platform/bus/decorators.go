package bus

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/errs"
)

// Outcomes of a call, as logs and metrics name them. A client error is an expected answer
// (not found, invalid, conflict...); only a server error means something is wrong with us.
const (
	OutcomeSuccess     = "success"
	OutcomeClientError = "client_error"
	OutcomeServerError = "server_error"
	OutcomeCanceled    = "canceled"
)

// outcome classifies err the way the HTTP layer will map it: internal and unavailable kinds
// become 5xx answers, every other kind a 4xx. A caller that went away is neither.
func outcome(err error) string {
	switch {
	case err == nil:
		return OutcomeSuccess
	case errors.Is(err, context.Canceled):
		return OutcomeCanceled
	}
	switch errs.KindOf(err) {
	case errs.KindInternal, errs.KindUnavailable, errs.KindUpstreamTimeout:
		return OutcomeServerError
	default:
		return OutcomeClientError
	}
}

func codeOf(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Code
	}
	return errs.CodeInternal
}

// Logging logs one record per call, after it: debug on success, info on an expected client
// error, error (with the cause) on a server error. The duration is in milliseconds as a float,
// so fast calls do not read as zero.
func Logging(logger *slog.Logger) Decorator {
	return func(ctx context.Context, call Call, next func(context.Context) error) error {
		start := time.Now()
		err := next(ctx)
		level, msg := slog.LevelDebug, "handled"
		switch outcome(err) {
		case OutcomeServerError:
			level, msg = slog.LevelError, "handler failed"
		case OutcomeClientError:
			level, msg = slog.LevelInfo, "handler refused"
		case OutcomeCanceled:
			level, msg = slog.LevelInfo, "handler canceled"
		}
		if !logger.Enabled(ctx, level) {
			return err
		}
		attrs := []slog.Attr{
			slog.String("handler", call.Name),
			slog.String("kind", string(call.Kind)),
			slog.Float64("duration_ms", float64(time.Since(start))/float64(time.Millisecond)),
		}
		if err != nil {
			attrs = append(attrs, slog.String("code", codeOf(err)), slog.String("error", err.Error()))
		}
		logger.LogAttrs(ctx, level, msg, attrs...)
		return err
	}
}

// Tracing opens one span per call, named after the handler. Every error is recorded on the span;
// only server errors mark it failed, as client errors are answers the API is meant to give.
func Tracing(tp trace.TracerProvider) Decorator {
	tracer := tp.Tracer("github.com/modmono/platform/bus")
	return func(ctx context.Context, call Call, next func(context.Context) error) error {
		ctx, span := tracer.Start(ctx, call.Name,
			trace.WithSpanKind(trace.SpanKindInternal),
			trace.WithAttributes(attribute.String("bus.kind", string(call.Kind))))
		defer span.End()
		err := next(ctx)
		if err != nil {
			span.RecordError(err)
			span.SetAttributes(attribute.String("error.code", codeOf(err)))
			if outcome(err) == OutcomeServerError {
				span.SetStatus(codes.Error, err.Error())
			}
		}
		return err
	}
}
