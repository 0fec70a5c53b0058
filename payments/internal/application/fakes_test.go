package application_test

import (
	"context"
	"errors"
	"sync"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/money"
)

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
