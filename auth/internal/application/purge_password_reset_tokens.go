package application

import (
	"context"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// PurgePasswordResetTokens deletes expired reset tokens; the module runs it periodically so the
// table holds only the last half hour's.
type PurgePasswordResetTokens struct{}

type purgePasswordResetTokensHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewPurgePasswordResetTokensHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[PurgePasswordResetTokens, struct{}], error) {
	if err := deps.Require("purge password reset tokens", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return purgePasswordResetTokensHandler{uow: uow, clock: clk}, nil
}

func (h purgePasswordResetTokensHandler) Handle(ctx context.Context, _ PurgePasswordResetTokens) (struct{}, error) {
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		return r.PasswordResetTokens().DeleteExpired(ctx, h.clock.Now())
	})
	return struct{}{}, err
}
