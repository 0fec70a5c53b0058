package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/logging"
	"github.com/modmono/platform/outbox"
)

var traceQueries = db.MustLoadQueries(fstest.MapFS{"q.sql": {Data: []byte("-- name: test.ping\nSELECT 1 AS one\n")}})

// lockedBuffer collects log lines written from the request and the relay goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// traceIDsByMessage maps each log message to the trace_id of its (last) line.
func (b *lockedBuffer) traceIDsByMessage(t *testing.T) map[string]string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[string]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(b.buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		id, _ := rec["trace_id"].(string)
		out[rec["msg"].(string)] = id
	}
	return out
}

// TestOneRequestIsOneTraceThroughEchoBusSQLAndItsEvents follows one request through the HTTP
// middleware, a bus command, its SQL statements and transaction, the outbox relay and a
// subscriber, with an in-memory exporter, and checks that its log lines carry its trace id.
func TestOneRequestIsOneTraceThroughEchoBusSQLAndItsEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		traceparent string // the caller's; empty: the request starts the trace
	}{
		{"the caller's trace is continued", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
		{"a request without traceparent starts a trace", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			exporter := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
			t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
			logs := &lockedBuffer{}
			logger := logging.New("json", "info", logs)

			engines := openStore(t, db.SQLite, "obs")
			handled := make(chan struct{}, 1)
			broker := &outbox.LocalBroker{}
			broker.Subscribe("mailer", "test.happened", func(ctx context.Context, e outbox.Event) error {
				var one int
				if err := traceQueries.QueryRow(ctx, engines.Read, "test.ping", nil).Scan(&one); err != nil {
					return err
				}
				logger.InfoContext(ctx, "subscriber ran")
				handled <- struct{}{}
				return nil
			})
			relay := startRelay(t, outbox.RelayConfig{Engines: engines, Publisher: broker, TracerProvider: tp})

			b := bus.New(bus.Tracing(tp), bus.Logging(logger))
			do := bus.Command(b, "test.do", bus.HandlerFunc[struct{}, struct{}](func(ctx context.Context, _ struct{}) (struct{}, error) {
				var one int
				if err := traceQueries.QueryRow(ctx, engines.Read, "test.ping", nil).Scan(&one); err != nil {
					return struct{}{}, err
				}
				err := engines.Write.InTx(ctx, func(tx *db.Tx) error {
					e, err := outbox.NewEvent(ctx, clock.System{}, "test.happened", 1, "agg-1", map[string]int{"n": 1})
					if err != nil {
						return err
					}
					return outbox.Append(ctx, tx, e)
				})
				logger.InfoContext(ctx, "handler ran")
				relay.Notify()
				return struct{}{}, err
			}))
			e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: logger, TracerProvider: tp}, []httpx.Route{{
				Method: http.MethodGet, Path: "/do", Access: httpx.Public,
				Handler: func(c echo.Context) error {
					if _, err := do.Handle(c.Request().Context(), struct{}{}); err != nil {
						return err
					}
					return c.NoContent(http.StatusNoContent)
				},
			}})
			if err != nil {
				t.Fatal(err)
			}

			req := httptest.NewRequest(http.MethodGet, "/do", nil)
			if tt.traceparent != "" {
				req.Header.Set("traceparent", tt.traceparent)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != http.StatusNoContent {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			<-handled
			eventually(t, "the relay batch span to end", func() bool { return find(exporter.GetSpans(), "outbox relay test") != nil })

			spans := exporter.GetSpans()
			server := mustFind(t, spans, "GET /do")
			traceID := server.SpanContext.TraceID()
			if tt.traceparent != "" {
				if got := traceID.String(); got != "0af7651916cd43dd8448eb211c80319c" {
					t.Errorf("server span trace id %s, want the caller's", got)
				}
				if got := server.Parent.SpanID().String(); got != "b7ad6b7169203331" {
					t.Errorf("server span parent %s, want the caller's span", got)
				}
			} else if !traceID.IsValid() || server.Parent.IsValid() {
				t.Errorf("a request without traceparent: trace id %s, parent %v; want a new root trace", traceID, server.Parent)
			}

			command := mustFind(t, spans, "test.do")
			tx := mustFind(t, spans, "db.transaction")
			appendSpan := mustFind(t, spans, "outbox.append")
			subscriber := mustFind(t, spans, "outbox handle test.happened by mailer")
			publish := mustFind(t, spans, "outbox publish test.happened")
			batch := mustFind(t, spans, "outbox relay test")
			parents := []struct {
				child, parent tracetest.SpanStub
				what          string
			}{
				{command, server, "the bus command under the HTTP span"},
				{tx, command, "the transaction under the command"},
				{appendSpan, tx, "the outbox insert under the transaction"},
				{subscriber, command, "the subscriber under the request that produced the event"},
				{publish, batch, "the publish under the relay batch"},
			}
			for _, p := range parents {
				if p.child.Parent.SpanID() != p.parent.SpanContext.SpanID() {
					t.Errorf("%s: %q has parent %s, want %q (%s)", p.what, p.child.Name, p.child.Parent.SpanID(), p.parent.Name, p.parent.SpanContext.SpanID())
				}
			}
			pings := findAll(spans, "test.ping")
			if len(pings) != 2 {
				t.Fatalf("test.ping spans: %d, want 2 (the command's and the subscriber's)", len(pings))
			}
			for _, ping := range pings {
				if ping.Parent.SpanID() != command.SpanContext.SpanID() && ping.Parent.SpanID() != subscriber.SpanContext.SpanID() {
					t.Errorf("test.ping span parent %s is neither the command nor the subscriber", ping.Parent.SpanID())
				}
				if !hasAttribute(ping, "db.system", "sqlite") || !hasAttribute(ping, "db.query.summary", "test.ping") {
					t.Errorf("test.ping span attributes %v lack db.system and the statement name", ping.Attributes)
				}
			}
			if len(subscriber.Links) != 1 || subscriber.Links[0].SpanContext.SpanID() != publish.SpanContext.SpanID() {
				t.Errorf("subscriber links %v, want the publish span", subscriber.Links)
			}
			if len(publish.Links) != 1 || publish.Links[0].SpanContext.SpanID() != command.SpanContext.SpanID() {
				t.Errorf("publish links %v, want the producing command", publish.Links)
			}
			for _, s := range []tracetest.SpanStub{command, tx, appendSpan, subscriber} {
				if s.SpanContext.TraceID() != traceID {
					t.Errorf("span %q is in trace %s, want the request's %s", s.Name, s.SpanContext.TraceID(), traceID)
				}
			}

			byMessage := logs.traceIDsByMessage(t)
			for _, msg := range []string{"http request", "handler ran", "subscriber ran"} {
				if got := byMessage[msg]; got != traceID.String() {
					t.Errorf("log line %q has trace_id %q, want the request's %s", msg, got, traceID)
				}
			}
		})
	}
}

func find(spans tracetest.SpanStubs, name string) *tracetest.SpanStub {
	for i := range spans {
		if spans[i].Name == name {
			return &spans[i]
		}
	}
	return nil
}

func findAll(spans tracetest.SpanStubs, name string) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, s := range spans {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func mustFind(t *testing.T, spans tracetest.SpanStubs, name string) tracetest.SpanStub {
	t.Helper()
	s := find(spans, name)
	if s == nil {
		names := make([]string, 0, len(spans))
		for _, s := range spans {
			names = append(names, s.Name)
		}
		t.Fatalf("no span %q among %q", name, names)
	}
	return *s
}

func hasAttribute(s tracetest.SpanStub, key, value string) bool {
	for _, kv := range s.Attributes {
		if string(kv.Key) == key && kv.Value.AsString() == value {
			return true
		}
	}
	return false
}

func TestLocalBrokerRunsEachSubscriberInItsOwnSpan(t *testing.T) {
	t.Parallel()
	const producer = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	tests := []struct {
		name        string
		traceParent string
		panics      bool
		wantParent  string // "producer" or "delivering"
	}{
		{"an event from a traced request joins its trace", producer, false, "producer"},
		{"an event without trace context stays under the delivering span", "", false, "delivering"},
		{"a panicking subscriber's span is marked failed", producer, true, "producer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			exporter := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
			broker := &outbox.LocalBroker{}
			broker.Subscribe("sub", "test.happened", func(context.Context, outbox.Event) error {
				if tt.panics {
					panic("boom")
				}
				return nil
			})
			e := events(t, "agg", 1)[0]
			e.TraceParent = tt.traceParent
			ctx, delivering := tp.Tracer("test").Start(context.Background(), "delivering")
			err := broker.Publish(ctx, e)
			delivering.End()
			if (err != nil) != tt.panics {
				t.Fatalf("Publish: %v", err)
			}
			spans := exporter.GetSpans()
			sub := mustFind(t, spans, "outbox handle test.happened by sub")
			wantParent := delivering.SpanContext().SpanID().String()
			if tt.wantParent == "producer" {
				wantParent = "b7ad6b7169203331"
			}
			if got := sub.Parent.SpanID().String(); got != wantParent {
				t.Errorf("subscriber span parent %s, want the %s span %s", got, tt.wantParent, wantParent)
			}
			if len(sub.Links) != 1 || sub.Links[0].SpanContext.SpanID() != delivering.SpanContext().SpanID() {
				t.Errorf("subscriber span links %v, want the delivering span", sub.Links)
			}
			if failed := sub.Status.Code == codes.Error; failed != tt.panics {
				t.Errorf("subscriber span status %v, panicked %v", sub.Status, tt.panics)
			}
		})
	}
}
