package auth_test

import (
	"slices"
	"testing"

	"go.uber.org/fx"

	"github.com/modmono/auth"
	"github.com/modmono/auth/internal/infra/tokens"
	"github.com/modmono/auth/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/keyring/keyhttp"
	"github.com/modmono/platform/outbox/outboxhttp"
)

type remoteRoutes struct {
	fx.In
	Routes []httpx.Route `group:"routes"`
}

// TestRemoteForwardsEveryRoute: the gateway's auth is every route of auth (the JWK Set and the
// parked-event and key routes included), forwarded with its access rule and metadata.
func TestRemoteForwardsEveryRoute(t *testing.T) {
	t.Parallel()
	var got remoteRoutes
	if err := fx.New(fx.NopLogger, auth.Remote("http://auth:8080"), fx.Populate(&got)).Err(); err != nil {
		t.Fatal(err)
	}
	want := slices.Concat(httpapi.Routes(nil, httpapi.Limits{}), []httpx.Route{tokens.JWKSRoute(nil, 0)},
		outboxhttp.Routes("auth", nil, nil), keyhttp.Routes(nil, 0, nil))
	httpxtest.WantForwarded(t, got.Routes, want)
}
