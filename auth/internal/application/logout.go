package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
)

// Logout ends the session a refresh token belongs to: its whole family is revoked.
type Logout struct {
	RefreshToken string
}

type logoutHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewLogoutHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[Logout, struct{}], error) {
	if err := deps.Require("logout", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return logoutHandler{uow: uow, clock: clk}, nil
}

// Handle succeeds for unknown and spent tokens too: the caller wants the session gone, and it is.
func (h logoutHandler) Handle(ctx context.Context, in Logout) (struct{}, error) {
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		t, err := r.RefreshTokens().ByHash(ctx, domain.HashRefreshToken(in.RefreshToken))
		if errs.HasCode(err, domain.CodeInvalidToken) {
			return nil
		}
		if err != nil {
			return err
		}
		return r.RefreshTokens().RevokeFamily(ctx, t.FamilyID, h.clock.Now())
	})
	return struct{}{}, err
}
