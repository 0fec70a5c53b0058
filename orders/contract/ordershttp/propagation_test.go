package ordershttp_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/orders/contract"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/reqctx"
)

// TestCarriesTheRequestAcrossTheHop: orders sees the caller's request id, trace and token, and
// only what the caller has.
func TestCarriesTheRequestAcrossTheHop(t *testing.T) {
	t.Parallel()
	traceID, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	spanID, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	inRequest := trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: traceID, SpanID: spanID, TraceFlags: trace.FlagsSampled, Remote: true,
	}))
	inRequest = authn.WithToken(reqctx.WithRequestID(inRequest, "req-42"), "the-callers-token")
	tests := []struct {
		name                               string
		ctx                                context.Context
		customer                           string
		wantRequestID, wantAuth, wantTrace string
		wantQuery                          string
	}{
		{name: "inside a request", ctx: inRequest, customer: "c1",
			wantRequestID: "req-42", wantAuth: "Bearer the-callers-token", wantTrace: traceID.String(), wantQuery: "customer_id=c1"},
		{name: "outside any request", ctx: context.Background()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var (
				mu   sync.Mutex
				seen *http.Request
			)
			srv, _ := scripted(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = r.Clone(context.Background())
				mu.Unlock()
				ok(w, r)
			})
			if _, err := newClient(t, srv.URL).OrderForPayment(tt.ctx, contract.OrderForPaymentRequest{OrderID: orderID, CustomerID: tt.customer}); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if got := seen.URL.Path; got != "/internal/v1/orders/"+orderID+"/payment-view" {
				t.Errorf("path %q", got)
			}
			if got := seen.URL.RawQuery; got != tt.wantQuery {
				t.Errorf("query %q, want %q", got, tt.wantQuery)
			}
			if got := seen.Header.Get("X-Request-ID"); got != tt.wantRequestID {
				t.Errorf("X-Request-ID %q, want %q", got, tt.wantRequestID)
			}
			if got := seen.Header.Get("Authorization"); got != tt.wantAuth {
				t.Errorf("Authorization %q, want %q", got, tt.wantAuth)
			}
			tp := seen.Header.Get("Traceparent")
			if tt.wantTrace == "" && tp != "" || !strings.Contains(tp, tt.wantTrace) {
				t.Errorf("traceparent %q, want one of trace %q", tp, tt.wantTrace)
			}
		})
	}
}
