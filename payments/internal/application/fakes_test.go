package application_test

import (
	"context"
	"errors"
	"sync"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// fakeOrders is the orders context as payments sees it: a map of orders, shown to their owner.
type fakeOrders struct {
	mu     sync.Mutex
	orders map[string]orders.OrderForPayment
}

func newFakeOrders() *fakeOrders { return &fakeOrders{orders: map[string]orders.OrderForPayment{}} }

// place makes a pending order of customerID and returns its id.
func (f *fakeOrders) place(customerID string, total money.Money) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := ids.New()
	f.orders[id] = orders.OrderForPayment{ID: id, CustomerID: customerID, Status: orders.StatusPending, Total: total}
	return id
}

func (f *fakeOrders) setStatus(id string, s orders.Status) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	o.Status = s
	f.orders[id] = o
}

func (f *fakeOrders) OrderForPayment(_ context.Context, req orders.OrderForPaymentRequest) (orders.OrderForPayment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[req.OrderID]
	if !ok || (req.CustomerID != "" && req.CustomerID != o.CustomerID) {
		return orders.OrderForPayment{}, orders.OrderNotFound()
	}
	return o, nil
}

// lossyProcessor charges through the simulator, but loses the answer of the next lost charges:
// the money moved, the caller never learns it, as when a process dies mid-request.
type lossyProcessor struct {
	application.CardProcessor
	mu   sync.Mutex
	lost int
}

var errConnectionLost = errors.New("card processor: connection reset by peer")

func (p *lossyProcessor) loseNext(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lost = n
}

func (p *lossyProcessor) Charge(ctx context.Context, paymentID string, amount money.Money, token string) (domain.ChargeOutcome, error) {
	outcome, err := p.CardProcessor.Charge(ctx, paymentID, amount, token)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil && p.lost > 0 {
		p.lost--
		return domain.ChargeOutcome{}, errConnectionLost
	}
	return outcome, err
}
