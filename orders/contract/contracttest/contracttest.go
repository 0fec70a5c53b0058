// Package contracttest is the one test suite of the orders contract, run against every
// implementation of contract.Orders (in process now, over HTTP once orders is a service of its
// own), so that a caller sees the same behaviour whichever it is handed.
package contracttest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// Fixtures puts orders in the states the suite needs, by whatever door the implementation under
// test offers (the application in process, the public API over HTTP).
type Fixtures interface {
	// PlaceOrder places a pending order for customerID and returns its id and total.
	PlaceOrder(t *testing.T, customerID string) (orderID string, total money.Money)
	// CancelOrder cancels customerID's order.
	CancelOrder(t *testing.T, customerID, orderID string)
}

// Run runs every case of the suite, in parallel, each against a fresh implementation.
func Run(t *testing.T, newOrders func(t *testing.T) (contract.Orders, Fixtures)) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			orders, fixtures := newOrders(t)
			c.run(t, orders, fixtures)
		})
	}
}

type testCase struct {
	name string
	run  func(t *testing.T, orders contract.Orders, f Fixtures)
}

var cases = []testCase{
	{"the customer gets their pending order with its total", func(t *testing.T, orders contract.Orders, f Fixtures) {
		customer := ids.New()
		id, total := f.PlaceOrder(t, customer)
		got, err := orders.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: id, CustomerID: customer})
		want := contract.OrderForPayment{ID: id, CustomerID: customer, Status: contract.StatusPending, Total: total}
		if err != nil || got != want {
			t.Fatalf("OrderForPayment = %+v, %v; want %+v", got, err, want)
		}
	}},
	{"an admin, sending no customer id, gets anyone's order", func(t *testing.T, orders contract.Orders, f Fixtures) {
		customer := ids.New()
		id, _ := f.PlaceOrder(t, customer)
		got, err := orders.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: id})
		if err != nil || got.ID != id || got.CustomerID != customer {
			t.Fatalf("OrderForPayment as admin = %+v, %v", got, err)
		}
	}},
	{"another customer's order is ErrOrderNotFound, exactly like a missing one", func(t *testing.T, orders contract.Orders, f Fixtures) {
		id, _ := f.PlaceOrder(t, ids.New())
		for _, orderID := range []string{id, ids.New(), "not-an-id", ""} {
			_, err := orders.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: orderID, CustomerID: ids.New()})
			wantNotFound(t, orderID, err)
		}
	}},
	{"a cancelled order says so", func(t *testing.T, orders contract.Orders, f Fixtures) {
		customer := ids.New()
		id, _ := f.PlaceOrder(t, customer)
		f.CancelOrder(t, customer, id)
		got, err := orders.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: id, CustomerID: customer})
		if err != nil || got.Status != contract.StatusCancelled {
			t.Fatalf("OrderForPayment = %+v, %v; want status cancelled", got, err)
		}
	}},
	{"the answer survives a round trip through JSON unchanged", func(t *testing.T, orders contract.Orders, f Fixtures) {
		customer := ids.New()
		id, _ := f.PlaceOrder(t, customer)
		got, err := orders.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: id, CustomerID: customer})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(got)
		var back contract.OrderForPayment
		if err := json.Unmarshal(b, &back); err != nil || back != got {
			t.Fatalf("round trip of %+v gave %+v, %v", got, back, err)
		}
	}},
	{"a cancelled context fails the call", func(t *testing.T, orders contract.Orders, f Fixtures) {
		customer := ids.New()
		id, _ := f.PlaceOrder(t, customer)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := orders.OrderForPayment(ctx, contract.OrderForPaymentRequest{OrderID: id, CustomerID: customer}); err == nil {
			t.Fatal("OrderForPayment with a cancelled context succeeded; want an error")
		}
	}},
}

func wantNotFound(t *testing.T, orderID string, err error) {
	t.Helper()
	e, ok := errs.As(err)
	if !errors.Is(err, contract.ErrOrderNotFound) || !ok || e.Kind != errs.KindNotFound || e.Code != contract.CodeOrderNotFound {
		t.Fatalf("OrderForPayment(%q) error = %v; want ErrOrderNotFound as a 404 %s", orderID, err, contract.CodeOrderNotFound)
	}
}
