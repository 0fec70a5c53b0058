package payments

import (
	"go.uber.org/fx"

	"github.com/modmono/payments/internal/interfaces/httpapi"
	"github.com/modmono/platform"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/outbox/outboxhttp"
	"github.com/modmono/platform/proxy"
)

// Remote wires payments as a service of its own at baseURL (Stage 4), for the gateway: payments'
// routes are forwarded there with the same metadata. Nothing else is provided: no context asks
// payments questions synchronously.
func Remote(baseURL string) fx.Option {
	return fx.Module("payments-remote",
		fx.Provide(platform.AsRoutes(func() ([]httpx.Route, error) {
			// The handlers are replaced by forwarders, so no application is behind them.
			return proxy.Forward(append(httpapi.Routes(nil, nil, httpapi.Limits{}), outboxhttp.Routes("payments", nil, nil)...), "payments", baseURL)
		})),
	)
}
