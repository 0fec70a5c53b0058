package orders

import (
	"go.uber.org/fx"

	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/orders/internal/interfaces/httpapi"
	"github.com/modmono/platform"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/outbox/outboxhttp"
	"github.com/modmono/platform/proxy"
)

// Remote wires orders as a service of its own at baseURL (Stage 4), for the gateway: orders'
// public routes are forwarded there with the same metadata, and contract.Orders is an HTTP
// client of that service, so payments, if it runs in this process, asks the remote orders. The
// internal routes the client calls are not forwarded: they are for services, not end clients.
func Remote(baseURL string) fx.Option {
	return fx.Module("orders-remote",
		fx.Provide(platform.AsRoutes(func() ([]httpx.Route, error) {
			// The handlers are replaced by forwarders, so no application is behind them.
			return proxy.Forward(append(httpapi.Routes(nil, nil, nil, httpapi.Limits{}), outboxhttp.Routes("orders", nil, nil)...), "orders", baseURL)
		})),
		RemoteContract(baseURL),
	)
}

// RemoteContract provides only contract.Orders, as an HTTP client of the orders service at
// baseURL. A context's own service cannot import this package (it may import only orders'
// contract); it uses ordershttp.Provide, which this wraps.
func RemoteContract(baseURL string, opts ...ordershttp.Option) fx.Option {
	return ordershttp.Provide(baseURL, opts...)
}
