package ordershttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestOnlyIdempotentMethodsAreRetried: a request that might have changed something is never
// sent twice, whatever went wrong with the first one.
func TestOnlyIdempotentMethodsAreRetried(t *testing.T) {
	t.Parallel()
	unavailable := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }
	hangUp := func(w http.ResponseWriter, _ *http.Request) {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	}
	tests := []struct {
		name     string
		method   string
		handler  http.HandlerFunc
		wantHits int32
	}{
		{"GET after a 503", http.MethodGet, unavailable, 3},
		{"GET after a dropped connection", http.MethodGet, hangUp, 3},
		{"POST after a 503", http.MethodPost, unavailable, 1},
		{"POST after a dropped connection", http.MethodPost, hangUp, 1},
		{"PUT after a 503", http.MethodPut, unavailable, 1},
		{"DELETE after a dropped connection", http.MethodDelete, hangUp, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				tt.handler(w, r)
			}))
			t.Cleanup(srv.Close)
			c, err := New(srv.URL, WithBackoff(time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(c.CloseIdleConnections)
			var out struct{}
			if err := c.call(context.Background(), tt.method, srv.URL+"/x", &out); err == nil {
				t.Fatal("call succeeded; want an error")
			}
			if n := hits.Load(); n != tt.wantHits {
				t.Fatalf("%s was sent %d times, want %d", tt.method, n, tt.wantHits)
			}
		})
	}
}

// TestRetryDelaysAreJitteredAndDouble: each delay lies within [d/2, d] of a doubling d.
func TestRetryDelaysAreJitteredAndDouble(t *testing.T) {
	t.Parallel()
	c := &Client{backoff: 40 * time.Millisecond}
	for attempt, full := range []time.Duration{40 * time.Millisecond, 80 * time.Millisecond, 160 * time.Millisecond} {
		for range 100 {
			if d := c.delay(attempt); d < full/2 || d > full {
				t.Fatalf("delay(%d) = %v; want within [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
}
