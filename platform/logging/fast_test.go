package logging_test

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/logging"
	"github.com/modmono/platform/reqctx"
)

// timeField is the only part of a line that differs between two loggers writing at once.
var timeField = regexp.MustCompile(`^(\{"time":"[^"]*"|time=\S+)`)

// The fast path writes what slog writes, byte for byte, or refuses the line.
func TestFastWritesWhatSlogWrites(t *testing.T) {
	t.Parallel()
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:  trace.SpanID{0, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
	})
	traced := reqctx.WithRequestID(trace.ContextWithSpanContext(context.Background(), sc), "req-1")
	for _, tc := range []struct {
		name      string
		ctx       context.Context
		level     slog.Level
		path      string
		ms        float64
		wantPlain string // the formats whose line the fast path writes itself
	}{
		{"a plain line with ids", traced, slog.LevelInfo, "/api/v1/orders/0190a0b1", 0.123, "json text"},
		{"no ids", context.Background(), slog.LevelInfo, "/healthz", 12.5, "json text"},
		{"an error line", traced, slog.LevelError, "/x", 0, "json text"},
		{"a long duration", traced, slog.LevelInfo, "/x", 1234567.891, "json text"},
		{"HTML characters", traced, slog.LevelInfo, "/a<b>&c", 1, "json text"},
		{"a quote", traced, slog.LevelInfo, `/a"b`, 1, ""},
		{"a backslash", traced, slog.LevelInfo, `/a\b`, 1, ""},
		{"a space", traced, slog.LevelInfo, "/a b", 1, ""},
		{"an equals sign", traced, slog.LevelInfo, "/a=b", 1, "json"},
		{"non-ASCII", traced, slog.LevelInfo, "/caf\u00e9", 1, ""},
		{"a control character", traced, slog.LevelInfo, "/a\nb", 1, ""},
		{"a tiny duration", traced, slog.LevelInfo, "/x", 1e-9, "text"},
	} {
		for _, format := range []string{"json", "text"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				t.Parallel()
				var fastOut, slogOut bytes.Buffer
				logger, buf := logging.NewBuffered(format, "info", &fastOut, time.Hour)
				fast := logging.FastFor(logger)
				if fast == nil {
					t.Fatal("no fast path for NewBuffered's logger")
				}
				l := fast.Start(tc.level, "http request")
				l.String("method", "GET")
				l.String("path", tc.path)
				l.Int("status", 200)
				l.Float("duration_ms", tc.ms)
				plain := fast.Write(tc.ctx, l)
				_ = buf.Close()
				ref := logging.New(format, "info", &slogOut)
				ref.LogAttrs(tc.ctx, tc.level, "http request", slog.String("method", "GET"), slog.String("path", tc.path),
					slog.Int("status", 200), slog.Float64("duration_ms", tc.ms))
				if want := strings.Contains(tc.wantPlain, format); plain != want {
					t.Fatalf("Write = %v, want %v (slog writes %q)", plain, want, slogOut.String())
				}
				if !plain {
					if fastOut.Len() != 0 {
						t.Fatalf("a refused line was written: %q", fastOut.String())
					}
					return
				}
				got := timeField.ReplaceAllString(fastOut.String(), "T")
				want := timeField.ReplaceAllString(slogOut.String(), "T")
				if got != want {
					t.Fatalf("fast path wrote\n%s\nslog writes\n%s", fastOut.String(), slogOut.String())
				}
			})
		}
	}
}

// Its time has slog's form in each format.
func TestFastTimeHasSlogsForm(t *testing.T) {
	t.Parallel()
	for format, want := range map[string]*regexp.Regexp{
		"json": regexp.MustCompile(`^\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)",`),
		"text": regexp.MustCompile(`^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d) `),
	} {
		var out bytes.Buffer
		logger, buf := logging.NewBuffered(format, "info", &out, time.Hour)
		fast := logging.FastFor(logger)
		fast.Write(context.Background(), fast.Start(slog.LevelInfo, "m"))
		_ = buf.Close()
		if !want.MatchString(out.String()) {
			t.Errorf("%s line %q, want slog's time form", format, out.String())
		}
	}
}

func TestFastIsOnlyForNewBufferedsOwnHandler(t *testing.T) {
	t.Parallel()
	logger, buf := logging.NewBuffered("json", "info", &bytes.Buffer{}, time.Hour)
	defer buf.Close()
	for name, l := range map[string]*slog.Logger{
		"New":               logging.New("json", "info", &bytes.Buffer{}),
		"with an attribute": logger.With("k", "v"),
		"with a group":      logger.WithGroup("g"),
		"slog's own":        slog.New(slog.NewJSONHandler(&bytes.Buffer{}, nil)),
	} {
		if logging.FastFor(l) != nil {
			t.Errorf("%s: a fast path, whose output would differ", name)
		}
	}
	if f := logging.FastFor(logger); f == nil || f.Enabled(slog.LevelDebug) || !f.Enabled(slog.LevelInfo) {
		t.Errorf("NewBuffered at info: fast path %v, want one enabled from info up", f)
	}
}
