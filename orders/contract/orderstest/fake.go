// Package orderstest is an in-memory contract.Orders for the tests of the contexts that ask
// orders questions. Its own test holds it to contracttest, the suite every real implementation
// passes, so a test that uses it sees what a real orders would answer.
package orderstest

import (
	"context"
	"sync"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// Fake is a map of orders, each shown to its customer (or to an admin, who sends no customer).
type Fake struct {
	mu     sync.Mutex
	orders map[string]contract.OrderForPayment
}

var _ contract.Orders = (*Fake)(nil)

// NewFake makes a Fake with no orders.
func NewFake() *Fake { return &Fake{orders: map[string]contract.OrderForPayment{}} }

// Place makes a pending order of customerID for total and returns its id.
func (f *Fake) Place(customerID string, total money.Money) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := ids.New()
	f.orders[id] = contract.OrderForPayment{ID: id, CustomerID: customerID, Status: contract.StatusPending, Total: total}
	return id
}

// SetStatus moves an order to status, as orders' own commands would.
func (f *Fake) SetStatus(id string, status contract.Status) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	o.Status = status
	f.orders[id] = o
}

// OrderForPayment answers as contract.Orders says.
func (f *Fake) OrderForPayment(ctx context.Context, req contract.OrderForPaymentRequest) (contract.OrderForPayment, error) {
	if err := ctx.Err(); err != nil {
		return contract.OrderForPayment{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[req.OrderID]
	if !ok || (req.CustomerID != "" && req.CustomerID != o.CustomerID) {
		return contract.OrderForPayment{}, contract.OrderNotFound()
	}
	return o, nil
}

// PlaceOrder is contracttest's fixture: a pending order of 10.00 EUR.
func (f *Fake) PlaceOrder(_ *testing.T, customerID string) (string, money.Money) {
	total := money.Money{Amount: 1000, Currency: "EUR"}
	return f.Place(customerID, total), total
}

// CancelOrder is contracttest's fixture.
func (f *Fake) CancelOrder(_ *testing.T, _, orderID string) {
	f.SetStatus(orderID, contract.StatusCancelled)
}
