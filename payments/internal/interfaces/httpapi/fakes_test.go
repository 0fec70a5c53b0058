package httpapi_test

import (
	"context"
	"io"
	"sync"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/money"
)

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
