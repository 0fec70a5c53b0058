package application

import (
	"context"
	"time"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
)

// retryAfter is what a 503 asks a client to wait before retrying with the same key.
const retryAfter = 2 * time.Second

// recordTimeout bounds storing a charge's outcome, which runs detached from the caller.
const recordTimeout = 10 * time.Second

// failureInvalidToken is the failure code of a charge the processor refused because of the
// token itself, found only at charge time (the token was checked when the payment started).
const failureInvalidToken = "invalid_token"

// settler charges a processing payment and records the outcome: the second and third steps of
// a payment, shared by PayOrder and RecoverPayments.
type settler struct {
	uow       UnitOfWork
	processor CardProcessor
	clock     clock.Clock
	timeout   time.Duration
}

// settle charges p outside any transaction, then, in one, stores the outcome with its event.
// The charge is keyed by the payment id, so settling the same payment twice (a retry racing
// the recovery) charges once; only the first to store the outcome appends the event, and the
// other answers what it stored. Both steps are detached from the caller's cancellation: once
// money may have moved, a client hanging up must not leave the payment processing until the
// recovery finds it.
func (s settler) settle(ctx context.Context, p domain.Payment) (domain.Payment, error) {
	ctx = context.WithoutCancel(ctx)
	outcome, err := s.charge(ctx, p)
	if err != nil {
		return domain.Payment{}, errs.Unavailable("the card processor did not answer; retry with the same Idempotency-Key", retryAfter, err)
	}
	if err := p.Settle(outcome, s.clock.Now()); err != nil {
		return domain.Payment{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, recordTimeout)
	defer cancel()
	err = s.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		stored, err := r.Payments().Settle(ctx, p)
		if err != nil {
			return err
		}
		if !stored {
			p, err = r.Payments().ByID(ctx, p.ID)
			return err
		}
		event, err := settledEvent(ctx, s.clock, p)
		if err != nil {
			return err
		}
		return r.Outbox().Append(ctx, event)
	})
	if err != nil {
		return domain.Payment{}, err
	}
	return p, nil
}

// charge asks the processor under the charge deadline.
func (s settler) charge(ctx context.Context, p domain.Payment) (domain.ChargeOutcome, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	outcome, err := s.processor.Charge(ctx, p.ID, p.Amount, p.CardToken)
	if errs.KindOf(err) == errs.KindInvalid {
		// A definite refusal moved no money: the payment failed, and recovery must not retry it.
		return domain.ChargeOutcome{FailureCode: failureInvalidToken}, nil
	}
	return outcome, err
}
