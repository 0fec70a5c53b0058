package proxy_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/internal/servertest"
)

// countingBackend answers 201 with a body and counts the connections it accepted.
func countingBackend(t testing.TB) (*httptest.Server, *atomic.Int64) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"01a24440-bb19-7577-9b84-3a4c45adb341","status":"pending"}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// Every forwarded request must not pay for a new connection to the service: the hop keeps its
// connections alive and reuses them, for requests one after another and for bursts in parallel.
func TestForwardReusesConnectionsToTheService(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		parallel, each int
	}{
		{name: "one after another", parallel: 1, each: 200},
		{name: "16 at once, 3 rounds", parallel: 16, each: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			backend, conns := countingBackend(t)
			srv := forwarded(t, httpserver.Config{}, backend.URL)
			for range tt.each {
				var wg sync.WaitGroup
				for range tt.parallel {
					wg.Go(func() {
						rec := srv.Do(servertest.JSONRequest(http.MethodPost, "/api/v1/items/1", `{"a":1}`))
						if rec.Code != http.StatusCreated {
							t.Errorf("got %d %s, want 201", rec.Code, rec.Body)
						}
					})
				}
				wg.Wait()
			}
			if got := conns.Load(); got > int64(tt.parallel) {
				t.Errorf("%d requests (%d at once) opened %d connections to the service, want at most %d",
					tt.parallel*tt.each, tt.parallel, got, tt.parallel)
			}
		})
	}
}

// BenchmarkForward is one forwarded POST through the server's middleware to a local service:
// what the gateway spends per request on a context that runs on its own (go test -bench Forward
// -benchmem ./platform/proxy/).
func BenchmarkForward(b *testing.B) {
	backend, conns := countingBackend(b)
	srv := forwarded(b, httpserver.Config{}, backend.URL)
	b.ReportAllocs()
	for b.Loop() {
		rec := srv.Do(servertest.JSONRequest(http.MethodPost, "/api/v1/items/1", `{"items":[{"product_id":"01a24440-bb19-7577-9b84-3a4c45adb341","quantity":2}]}`))
		if rec.Code != http.StatusCreated {
			b.Fatalf("got %d %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(conns.Load()), "conns")
}
