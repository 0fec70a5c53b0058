package reqctx_test

import (
	"context"
	"testing"

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
