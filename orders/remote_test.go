package orders_test

import (
	"testing"

	"go.uber.org/fx"

	"github.com/modmono/orders"
	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/orders/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/outbox/outboxhttp"
)

type remoteParts struct {
	fx.In
	Routes []httpx.Route `group:"routes"`
	Orders contract.Orders
}

// TestRemoteForwardsThePublicRoutesAndAsksOverHTTP: the gateway's orders is every public route
// of orders (its parked-event routes included), forwarded, and a contract.Orders that asks the service; never the internal routes.
func TestRemoteForwardsThePublicRoutesAndAsksOverHTTP(t *testing.T) {
	t.Parallel()
	var got remoteParts
	app := fx.New(fx.NopLogger, orders.Remote("http://orders:8080"), fx.Populate(&got))
	if err := app.Err(); err != nil {
		t.Fatal(err)
	}
	httpxtest.WantForwarded(t, got.Routes, append(httpapi.Routes(nil, nil, nil, httpapi.Limits{}), outboxhttp.Routes("orders", nil, nil)...))
	if _, ok := got.Orders.(*ordershttp.Client); !ok {
		t.Fatalf("contract.Orders is %T, want the HTTP client", got.Orders)
	}
}

func TestRemoteContractProvidesOnlyTheClient(t *testing.T) {
	t.Parallel()
	var o contract.Orders
	app := fx.New(fx.NopLogger, orders.RemoteContract("http://orders:8080"), fx.Populate(&o))
	if err := app.Err(); err != nil {
		t.Fatal(err)
	}
	if _, ok := o.(*ordershttp.Client); !ok {
		t.Fatalf("contract.Orders is %T, want the HTTP client", o)
	}
}

func TestRemoteRefusesABadBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		option fx.Option
	}{
		{"Remote", orders.Remote("orders:8080")},
		{"RemoteContract", orders.RemoteContract("orders:8080")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var o contract.Orders
			if err := fx.New(fx.NopLogger, tt.option, fx.Populate(&o)).Err(); err == nil {
				t.Fatal("a base URL without a scheme was accepted")
			}
		})
	}
}
