package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/logging"
	"github.com/modmono/platform/reqctx"
)

func TestNewWritesJSONByDefaultAndTextOnRequest(t *testing.T) {
	t.Parallel()
	var js, txt bytes.Buffer
	logging.New("json", "info", &js).Info("hello", "n", 1)
	logging.New("text", "info", &txt).Info("hello", "n", 1)
	var rec map[string]any
	if err := json.Unmarshal(js.Bytes(), &rec); err != nil || rec["msg"] != "hello" {
		t.Fatalf("json output %q: %v", js.String(), err)
	}
	if !strings.Contains(txt.String(), "msg=hello n=1") {
		t.Fatalf("text output %q, want msg=hello n=1", txt.String())
	}
}

func TestNewHonoursTheLevel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		level     string
		debug, ok bool
	}{{"debug", true, true}, {"info", false, true}, {"WARN", false, false}, {"error", false, false}} {
		var buf bytes.Buffer
		l := logging.New("json", tc.level, &buf)
		l.Debug("d")
		l.Info("i")
		if got := strings.Contains(buf.String(), `"msg":"d"`); got != tc.debug {
			t.Errorf("level %s: debug logged = %v, want %v", tc.level, got, tc.debug)
		}
		if got := strings.Contains(buf.String(), `"msg":"i"`); got != tc.ok {
			t.Errorf("level %s: info logged = %v, want %v", tc.level, got, tc.ok)
		}
	}
}

func TestRecordsCarryTraceSpanAndRequestIDs(t *testing.T) {
	t.Parallel()
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x0a, 0xf7, 0x65, 0x19, 0x16, 0xcd, 0x43, 0xdd, 0x84, 0x48, 0xeb, 0x21, 0x1c, 0x80, 0x31, 0x9c},
		SpanID:     trace.SpanID{0xb7, 0xad, 0x6b, 0x71, 0x69, 0x20, 0x33, 0x31},
		TraceFlags: trace.FlagsSampled,
	})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	ctx = reqctx.WithRequestID(ctx, "req-42")

	var buf bytes.Buffer
	logging.New("json", "info", &buf).With("component", "test").InfoContext(ctx, "hello")
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"trace_id":   "0af7651916cd43dd8448eb211c80319c",
		"span_id":    "b7ad6b7169203331",
		"request_id": "req-42",
		"component":  "test",
	}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %v, want %s (record %s)", k, rec[k], v, buf.String())
		}
	}
}

func TestRecordsOutsideARequestCarryNoIDs(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logging.New("json", "info", &buf).InfoContext(context.Background(), "hello")
	for _, k := range []string{"trace_id", "span_id", "request_id"} {
		if strings.Contains(buf.String(), k) {
			t.Errorf("record %s has %s, want none", buf.String(), k)
		}
	}
}
