package auth

import (
	"slices"

	"go.uber.org/fx"

	"github.com/modmono/auth/internal/infra/tokens"
	"github.com/modmono/auth/internal/interfaces/httpapi"
	"github.com/modmono/platform"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/keyring/keyhttp"
	"github.com/modmono/platform/outbox/outboxhttp"
	"github.com/modmono/platform/proxy"
)

// Remote wires auth as a service of its own at baseURL (Stage 4): the gateway forwards auth's
// routes there, with the same metadata, and verifies tokens with that service's JWK Set.
func Remote(baseURL string) fx.Option {
	return fx.Module("auth-remote",
		fx.Provide(platform.AsRoutes(func() ([]httpx.Route, error) {
			// The handlers are replaced by forwarders, so no application is behind them.
			return proxy.Forward(slices.Concat(httpapi.Routes(nil, httpapi.Limits{}), []httpx.Route{tokens.JWKSRoute(nil, 0)},
				outboxhttp.Routes("auth", nil, nil), keyhttp.Routes(nil, 0, nil)), "auth", baseURL)
		})),
		platform.VerifyWithJWKS(baseURL),
	)
}
