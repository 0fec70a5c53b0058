package orderstest_test

import (
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/contracttest"
	"github.com/modmono/orders/contract/orderstest"
)

// TestFakeKeepsTheContract: the fake passes the suite the real implementations pass.
func TestFakeKeepsTheContract(t *testing.T) {
	t.Parallel()
	contracttest.Run(t, func(*testing.T) (contract.Orders, contracttest.Fixtures) {
		f := orderstest.NewFake()
		return f, f
	})
}
