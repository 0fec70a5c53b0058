package payments_test

import (
	"testing"

	"go.uber.org/fx"

	"github.com/modmono/payments"
	"github.com/modmono/payments/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
)

type remoteRoutes struct {
	fx.In
	Routes []httpx.Route `group:"routes"`
}

// TestRemoteForwardsEveryRoute: the gateway's payments is every route of payments, forwarded
// with its access rule and metadata.
func TestRemoteForwardsEveryRoute(t *testing.T) {
	t.Parallel()
	var got remoteRoutes
	if err := fx.New(fx.NopLogger, payments.Remote("http://payments:8080"), fx.Populate(&got)).Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]httpx.Route{}
	for _, r := range httpapi.Routes(nil, nil) {
		want[r.Method+" "+r.Path] = r
	}
	if len(got.Routes) != len(want) {
		t.Fatalf("%d routes forwarded, want %d", len(got.Routes), len(want))
	}
	for _, r := range got.Routes { // a value group's order is not the constructor's
		w, ok := want[r.Method+" "+r.Path]
		if !ok || r.Access != w.Access || r.OperationID != w.OperationID || r.Handler == nil {
			t.Errorf("route %s %s: not one of payments' routes, or changed, or without a forwarding handler", r.Method, r.Path)
		}
		delete(want, r.Method+" "+r.Path)
	}
}

func TestRemoteRefusesABadBaseURL(t *testing.T) {
	t.Parallel()
	var got remoteRoutes
	if err := fx.New(fx.NopLogger, payments.Remote("payments:8080"), fx.Populate(&got)).Err(); err == nil {
		t.Fatal("a base URL without a scheme was accepted")
	}
}
