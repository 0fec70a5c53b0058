// Package logging builds the process's slog logger and stamps every record with the trace,
// span and request ids found in its context, so logs join up with traces and responses.
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/reqctx"
)

// New returns a JSON (format "json", the default) or text ("text") logger at the given level
// (debug, info, warn or error, any case; anything else means info). Config validates both
// values first, so the fallbacks only matter for hand-built callers.
func New(format, level string, w io.Writer) *slog.Logger {
	return slog.New(ContextHandler{Handler: newHandler(format, level, w)})
}

// NewBuffered is New writing through a Buffer that flushes every interval, when full and after
// every ERROR record; the caller closes the Buffer when the process stops, which writes what is
// left. An interval of 0 or less buffers nothing (the Buffer is then nil, which is valid).
func NewBuffered(format, level string, w io.Writer, interval time.Duration) (*slog.Logger, *Buffer) {
	if interval <= 0 {
		return New(format, level, w), nil
	}
	buf := NewBuffer(w, interval)
	fast := &Fast{json: !strings.EqualFold(format, "text"), level: ParseLevel(level), out: buf}
	return slog.New(ContextHandler{Handler: newHandler(format, level, buf), flusher: buf, fast: fast}), buf
}

func newHandler(format, level string, w io.Writer) slog.Handler {
	opts := &slog.HandlerOptions{Level: ParseLevel(level)}
	if strings.EqualFold(format, "text") {
		return slog.NewTextHandler(w, opts)
	}
	return slog.NewJSONHandler(w, opts)
}

// ParseLevel maps a LOG_LEVEL value to a slog level; unknown values mean info.
func ParseLevel(level string) slog.Level {
	switch strings.ToLower(level) {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// ContextHandler adds trace_id, span_id and request_id from the record's context. Records logged
// inside a group carry them inside that group too: slog gives a handler no way out of it.
type ContextHandler struct {
	slog.Handler
	// flusher, when set, is flushed after every ERROR record, so that an error is on its way
	// out at once.
	flusher *Buffer
	// fast is the access log's way around slog (FastFor); only NewBuffered's own handler has
	// it, not one with attributes or groups added.
	fast *Fast
}

func (h ContextHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
		}
		if id := reqctx.RequestID(ctx); id != "" {
			r.AddAttrs(slog.String("request_id", id))
		}
	}
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelError && h.flusher != nil {
		_ = h.flusher.Flush()
	}
	return err
}

func (h ContextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return ContextHandler{Handler: h.Handler.WithAttrs(attrs), flusher: h.flusher}
}

func (h ContextHandler) WithGroup(name string) slog.Handler {
	return ContextHandler{Handler: h.Handler.WithGroup(name), flusher: h.flusher}
}
