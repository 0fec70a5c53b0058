// Package processor holds the card processor adapters; today the built-in simulator, which
// answers test tokens the way a processor's sandbox does.
package processor

import (
	"context"
	"fmt"
	"sync"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// testTokens are the simulator's cards and what charging each answers ("" succeeds).
var testTokens = map[string]string{
	"tok_visa":              "",
	"tok_chargeDeclined":    "card_declined",
	"tok_insufficientFunds": "insufficient_funds",
}

// remembered bounds the charges the simulator remembers by payment id, oldest forgotten first:
// a retry or a recovery comes minutes after a charge, never a hundred thousand charges later.
const remembered = 100_000

// Simulator is the built-in card processor: no network, deterministic outcomes, and, like a
// real processor, one charge per idempotency key (the payment id) however often it is asked.
type Simulator struct {
	mu       sync.Mutex
	outcomes map[string]domain.ChargeOutcome // by payment id
	order    []string                        // payment ids, oldest first
	charges  int
}

func NewSimulator() *Simulator {
	return &Simulator{outcomes: map[string]domain.ChargeOutcome{}}
}

// CheckToken accepts the test tokens only.
func (s *Simulator) CheckToken(_ context.Context, token string) error {
	if _, ok := testTokens[token]; !ok {
		return errs.Validation(errs.Field("payment_method.token", errs.FieldInvalid,
			"unknown card token; the simulator knows tok_visa, tok_chargeDeclined and tok_insufficientFunds"))
	}
	return nil
}

// Charge answers a payment id it has seen with the first outcome, charging nothing more.
func (s *Simulator) Charge(ctx context.Context, paymentID string, amount money.Money, token string) (domain.ChargeOutcome, error) {
	if err := ctx.Err(); err != nil {
		return domain.ChargeOutcome{}, err
	}
	if !amount.IsPositive() {
		return domain.ChargeOutcome{}, fmt.Errorf("simulator: charge of %s for payment %s: the amount must be positive", amount, paymentID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if outcome, seen := s.outcomes[paymentID]; seen {
		return outcome, nil
	}
	failure, known := testTokens[token]
	if !known {
		return domain.ChargeOutcome{}, s.CheckToken(ctx, token)
	}
	outcome := domain.ChargeOutcome{FailureCode: failure}
	s.remember(paymentID, outcome)
	s.charges++
	return outcome, nil
}

// Charges is how many charges the simulator made (one per payment id), for tests.
func (s *Simulator) Charges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.charges
}

func (s *Simulator) remember(paymentID string, outcome domain.ChargeOutcome) {
	if len(s.order) == remembered {
		delete(s.outcomes, s.order[0])
		s.order = s.order[1:]
	}
	s.outcomes[paymentID] = outcome
	s.order = append(s.order, paymentID)
}
