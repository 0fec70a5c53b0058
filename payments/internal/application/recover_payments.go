package application

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// RecoverPayments completes payments left processing by a request that died between storing
// the payment and storing the charge's outcome. The module runs it at start and periodically.
type RecoverPayments struct{}

// recoverBatch bounds one run; a longer backlog is finished by the next runs.
const recoverBatch = 100

type recoverPaymentsHandler struct {
	settler
	recoverAfter time.Duration
}

func NewRecoverPaymentsHandler(uow UnitOfWork, processor CardProcessor, clk clock.Clock, cfg Config) (bus.Handler[RecoverPayments, int], error) {
	if err := deps.Require("recover payments", deps.Named("UnitOfWork", uow), deps.Named("CardProcessor", processor), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return recoverPaymentsHandler{settler: settler{uow: uow, processor: processor, clock: clk, timeout: cfg.ChargeTimeout}, recoverAfter: cfg.RecoverAfter}, nil
}

// Handle charges each stuck payment again under its own id, which the processor answers with
// the first charge's outcome if there was one, and stores that outcome. It reports how many it
// settled; a payment whose charge still gets no answer stays for the next run.
func (h recoverPaymentsHandler) Handle(ctx context.Context, _ RecoverPayments) (int, error) {
	var stuck []domain.Payment
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		var err error
		stuck, err = r.Payments().Processing(ctx, h.clock.Now().Add(-h.recoverAfter), recoverBatch)
		return err
	})
	if err != nil {
		return 0, err
	}
	settled := 0
	var failures []error
	for _, p := range stuck {
		if ctx.Err() != nil { // stopping: the rest waits for the next start
			break
		}
		if _, err := h.settle(ctx, p); err != nil {
			failures = append(failures, fmt.Errorf("payment %s: %w", p.ID, err))
			continue
		}
		settled++
	}
	return settled, errors.Join(failures...)
}
