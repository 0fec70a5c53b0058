package ordershttp

import (
	"go.uber.org/fx"

	"github.com/modmono/orders/contract"
)

// Provide puts a Client of the orders service at baseURL into the graph as contract.Orders, for
// a process that asks orders questions without running orders; its connections are closed when
// the process stops. A bad baseURL fails the start.
func Provide(baseURL string, opts ...Option) fx.Option {
	return fx.Provide(func(lc fx.Lifecycle) (contract.Orders, error) {
		c, err := New(baseURL, opts...)
		if err != nil {
			return nil, err
		}
		lc.Append(fx.StopHook(c.CloseIdleConnections))
		return c, nil
	})
}
