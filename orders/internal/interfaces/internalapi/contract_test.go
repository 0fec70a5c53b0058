package internalapi_test

import (
	"context"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/contracttest"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/dbtest"
)

// TestContractOverHTTP runs the contract's suite, the one the in-process implementation passes
// (inproc), against the HTTP client talking to a real orders service on each dialect.
func TestContractOverHTTP(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			contracttest.Run(t, func(t *testing.T) (contract.Orders, contracttest.Fixtures) {
				svc := newService(t, dialect)
				// The suite's calls carry no request, so no caller's token: they ask as a service
				// holding an admin's token would, naming the customer in the request, which is
				// exactly the contract's meaning of CustomerID.
				admin := svc.adminToken(t)
				client, err := ordershttp.New(svc.URL, ordershttp.WithTokenSource(func(ctx context.Context) (string, bool) {
					if raw, ok := authn.TokenFrom(ctx); ok {
						return raw, true
					}
					return admin, true
				}))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(client.CloseIdleConnections)
				return client, svc
			})
		})
	}
}
