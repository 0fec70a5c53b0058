package reqctx_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/modmono/platform/reqctx"
)

func TestRequestIDRoundTrips(t *testing.T) {
	t.Parallel()
	if got := reqctx.RequestID(context.Background()); got != "" {
		t.Fatalf("RequestID outside a request = %q, want empty", got)
	}
	ctx := reqctx.WithRequestID(context.Background(), "req-1")
	if got := reqctx.RequestID(ctx); got != "req-1" {
		t.Fatalf("RequestID = %q, want req-1", got)
	}
}

type key string

// Derive on a request Begin made changes its context in place (no copy of the request), and
// every value stays visible, the request id and start included; on any other request it copies
// (and Start, knowing no start, reads the clock).
func TestDeriveBuildsOnTheRequestsOneContext(t *testing.T) {
	t.Parallel()
	for _, begun := range []bool{true, false} {
		t.Run(map[bool]string{true: "after Begin", false: "without Begin"}[begun], func(t *testing.T) {
			t.Parallel()
			base, cancel := context.WithCancel(context.Background())
			r := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(base)
			began := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
			if begun {
				r = reqctx.Begin(r, "req-1", began)
			}
			first := r
			for _, k := range []key{"a", "b"} {
				r = reqctx.Derive(r, func(ctx context.Context) context.Context { return context.WithValue(ctx, k, string(k)) })
			}
			if (r == first) != begun {
				t.Errorf("same request after Derive: %v, want %v", r == first, begun)
			}
			ctx := r.Context()
			for _, k := range []key{"a", "b"} {
				if got := ctx.Value(k); got != string(k) {
					t.Errorf("Value(%q) = %v, want %q", k, got, k)
				}
			}
			if got, want := reqctx.RequestID(ctx), map[bool]string{true: "req-1"}[begun]; got != want {
				t.Errorf("RequestID = %q, want %q", got, want)
			}
			if got := reqctx.Start(ctx); got.Equal(began) != begun || got.IsZero() {
				t.Errorf("Start = %v; want %v only after Begin, else now", got, began)
			}
			cancel()
			if !errors.Is(ctx.Err(), context.Canceled) {
				t.Errorf("Err after the base is canceled = %v", ctx.Err())
			}
			<-ctx.Done()
		})
	}
}
