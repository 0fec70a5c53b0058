package payments_test

import (
	"testing"

	"go.uber.org/fx"

	"github.com/modmono/payments"
	"github.com/modmono/payments/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/outbox/outboxhttp"
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
	httpxtest.WantForwarded(t, got.Routes, append(httpapi.Routes(nil, nil, httpapi.Limits{}), outboxhttp.Routes("payments", nil, nil)...))
}

func TestRemoteRefusesABadBaseURL(t *testing.T) {
	t.Parallel()
	var got remoteRoutes
	if err := fx.New(fx.NopLogger, payments.Remote("payments:8080"), fx.Populate(&got)).Err(); err == nil {
		t.Fatal("a base URL without a scheme was accepted")
	}
}
