package httpapi_test

import (
	"context"
	"io"
	"sync"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// fakeOrders is the orders context as payments sees it: orders shown to their owner only.
type fakeOrders struct {
	mu     sync.Mutex
	orders map[string]orders.OrderForPayment
}

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
	if !ok || req.CustomerID != o.CustomerID {
		return orders.OrderForPayment{}, orders.OrderNotFound()
	}
	return o, nil
}

// lossyProcessor loses the answer of the next charge when told to: the money moved, the
// request never learnt it, as when the process dies mid-request.
type lossyProcessor struct {
	application.CardProcessor
	mu   sync.Mutex
	lose bool
}

func (p *lossyProcessor) loseNext() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lose = true
}

func (p *lossyProcessor) Charge(ctx context.Context, paymentID string, amount money.Money, token string) (domain.ChargeOutcome, error) {
	outcome, err := p.CardProcessor.Charge(ctx, paymentID, amount, token)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil && p.lose {
		p.lose = false
		return domain.ChargeOutcome{}, io.ErrUnexpectedEOF
	}
	return outcome, err
}
